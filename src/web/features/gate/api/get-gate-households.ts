import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { gateHouseholdSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function getGateHouseholds(compoundId: number) {
  return api.get(`/api/gate/compounds/${compoundId}/households`, z.array(gateHouseholdSchema));
}

export function useGateHouseholds(compoundId: number) {
  return useQuery({
    queryKey: ['gate', 'households', compoundId],
    queryFn: () => getGateHouseholds(compoundId),
    staleTime: 300_000,
  });
}
