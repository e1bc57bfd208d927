import { z } from 'zod';
import { idNumberSchema } from './compounds.ts';

const textSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

/** One table of the personal-data inventory with the rule in force. */
export const retentionRuleSchema = z.object({
  module: z.string(),
  table: z.string(),
  purpose: textSchema,
  personal: z.array(z.string()),
  sensitive: z.array(z.string()),
  /** Days in force (the setting's value, else the default); null = until the emergency ends. */
  days: z.number().int().nullable(),
  defaultDays: z.number().int().nullable(),
  /** The environment variable that overrides the days. */
  setting: z.string(),
  rule: textSchema,
  action: z.enum(['delete', 'anonymise']),
  /** Not purged by a clock: who removes these rows instead. */
  manual: textSchema.nullable(),
  legalDuty: textSchema.nullable(),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const retentionOverviewSchema = z.object({
  rules: z.array(retentionRuleSchema),
  graceDays: z.number().int(),
});

export const emergencyEndSchema = z.object({
  nodeId: z.number().int(),
  nodePath: z.string(),
  nodeName: z.string(),
  endedAt: z.number().int(),
  purgeAfter: z.number().int(),
  setAt: z.number().int(),
  purgedAt: z.number().int().nullable(),
});
export type EmergencyEnd = z.infer<typeof emergencyEndSchema>;

export const emergencyEndBodySchema = z.strictObject({ endedAt: z.number().int().positive() });
export const nodeIdParamsSchema = z.object({ nodeId: z.coerce.number().int().positive() });

export const purgeLineSchema = z.object({
  table: z.string(),
  nodePath: z.string(),
  action: z.enum(['deleted', 'anonymised']),
  rows: z.number().int(),
});
export const purgeReportSchema = z.object({
  dryRun: z.boolean(),
  lines: z.array(purgeLineSchema),
  auditRedacted: z.number().int(),
  filesRemoved: z.number().int(),
  longestBatchMs: z.number(),
  statementsMs: z.number(),
});
export type PurgeReportBody = z.infer<typeof purgeReportSchema>;

/** In a body, never a URL: an ID number must not land in access logs. */
export const personBodySchema = z.strictObject({ idNumber: idNumberSchema });

export const personExportSchema = z.object({
  idNumber: z.string(),
  exportedAt: z.number().int(),
  tables: z.array(
    z.object({
      module: z.string(),
      table: z.string(),
      purpose: textSchema,
      rows: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
});
export type PersonExport = z.infer<typeof personExportSchema>;

export const personErasureSchema = z.object({
  erased: z.array(purgeLineSchema),
  kept: z.array(z.object({ table: z.string(), rows: z.number().int(), reason: textSchema })),
});
export type PersonErasure = z.infer<typeof personErasureSchema>;
