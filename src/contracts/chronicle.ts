import { z } from 'zod';
import { pageOf } from './common.ts';

export const CHRONICLE_STATUSES = ['draft', 'approved'] as const;

export const chronicleDiffLineSchema = z.object({
  op: z.enum(['same', 'add', 'del']),
  text: z.string(),
});

export const chronicleEntrySchema = z.object({
  id: z.number().int(),
  /** 第 N 期: shared by an entry and its errata versions. */
  number: z.number().int(),
  version: z.number().int(),
  correctsId: z.number().int().nullable(),
  status: z.enum(CHRONICLE_STATUSES),
  periodStart: z.number(),
  periodEnd: z.number(),
  title: z.string(),
  body: z.string(),
  reason: z.string().nullable(),
  draftedAt: z.number(),
  updatedAt: z.number(),
  approvedAt: z.number().nullable(),
  approvedBy: z.string().nullable(),
});
export type ChronicleEntry = z.infer<typeof chronicleEntrySchema>;

export const chronicleDetailSchema = chronicleEntrySchema.extend({
  /** Every version of this number, oldest first. */
  versions: z.array(chronicleEntrySchema.pick({ id: true, version: true, status: true, reason: true })),
  /** For an erratum: the change against the version it corrects. */
  diff: z.array(chronicleDiffLineSchema).nullable(),
});
export type ChronicleDetail = z.infer<typeof chronicleDetailSchema>;

export const chronicleListSchema = pageOf(chronicleEntrySchema);

export const chronicleQuerySchema = z.strictObject({
  q: z.string().trim().max(50).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const chronicleEditSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(200_000),
});

export const chronicleErratumSchema = z.strictObject({
  body: z.string().min(1).max(200_000),
  reason: z.string().trim().min(2).max(500),
});

export const chronicleExportQuerySchema = z.strictObject({
  from: z.coerce.number().int(),
  to: z.coerce.number().int(),
  lang: z.enum(['zh-CN', 'en']).optional(),
});
