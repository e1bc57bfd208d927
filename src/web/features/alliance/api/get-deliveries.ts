import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { deliverySchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function getDeliveries(id: number) {
  return api.get(`/api/broadcasts/${id}/deliveries`, z.array(deliverySchema));
}

export function useDeliveries(id: number) {
  return useQuery({
    queryKey: ['alliance', 'deliveries', id],
    queryFn: () => getDeliveries(id),
    refetchInterval: 5000,
  });
}
