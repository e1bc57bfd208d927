import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  nodePath: z.string(),
  /** The node at nodePath by name (null when it has been deleted since). */
  nodeName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  actorId: z.coerce.number().int().positive().optional(),
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(60).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** Rows whose personal fields were redacted by a purge (their digest still chains). */
  redacted: z.number().int(),
  problems: z.array(z.object({ id: z.number().int(), problem: z.string() })),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;
