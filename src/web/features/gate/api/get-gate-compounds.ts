import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { gateCompoundSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function getGateCompounds() {
  return api.get('/api/gate/compounds', z.array(gateCompoundSchema));
}

export const gateCompoundsQuery = queryOptions({
  queryKey: ['gate', 'compounds'],
  queryFn: getGateCompounds,
  staleTime: 60_000,
});

export function useGateCompounds() {
  return useQuery(gateCompoundsQuery);
}
