import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { feverSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function getFevers(nodeId: number | undefined, status: 'open' | 'closed' | undefined) {
  return api.get('/api/gate/fevers', z.array(feverSchema), { nodeId, status });
}

export function useFevers(nodeId: number | undefined, status: 'open' | 'closed' | undefined) {
  return useQuery({ queryKey: ['gate', 'fevers', nodeId, status], queryFn: () => getFevers(nodeId, status) });
}
