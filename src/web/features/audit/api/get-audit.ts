import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { auditEntrySchema, type auditQuerySchema } from '../../../../contracts/audit.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export type AuditQuery = Partial<z.output<typeof auditQuerySchema>>;

const auditPageSchema = pageOf(auditEntrySchema);

export function getAudit(query: AuditQuery) {
  return api.get('/api/audit', auditPageSchema, query);
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => getAudit(query),
    placeholderData: keepPreviousData,
  });
}
