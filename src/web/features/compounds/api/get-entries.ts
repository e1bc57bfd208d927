import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { entrySchema } from '../../../../contracts/gate.ts';
import type { PassReason } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export interface EntriesQuery {
  nodeId: number;
  from?: number;
  to?: number;
  result?: PassReason;
  page: number;
}

export function getEntries(query: EntriesQuery) {
  return api.get('/api/gate/entries', pageOf(entrySchema), { ...query, pageSize: 50 });
}

export function useEntries(query: EntriesQuery) {
  return useQuery({
    queryKey: ['gate', 'entries', query],
    queryFn: () => getEntries(query),
    placeholderData: keepPreviousData,
  });
}
