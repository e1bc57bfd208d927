import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';

/** Cadre responsibility areas (包联), the factual ledger (纪实台账) and outstanding cadres (capability 11). */

export const AREA_TIERS = ['county', 'town', 'village'] as const;
export const areaTierSchema = z.enum(AREA_TIERS);
export type AreaTier = z.infer<typeof areaTierSchema>;

/** The "four ones" (四个一) of a pairing unless the area is given its own list. */
export const DEFAULT_DUTIES = [
  '每周走访一次包联村（社区）',
  '每周召开一次工作调度会',
  '每周解决一个实际问题',
  '每周开展一次政策宣讲',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const areaBodySchema = z.strictObject({
  leaderId: idSchema,
  nodeId: idSchema,
  tier: areaTierSchema,
  duties: z.array(text(100)).min(1).max(8).optional(),
  startsAt: timestampSchema.optional(),
  endsAt: timestampSchema.nullable().optional(),
});
export type AreaBody = z.infer<typeof areaBodySchema>;

export const areaEndSchema = z.strictObject({ endsAt: timestampSchema.optional() });

export const areaSchema = z.object({
  id: idSchema,
  leader: z.object({ id: idSchema, name: z.string() }),
  node: z.object({ id: idSchema, name: z.string(), path: z.string(), kind: z.string() }),
  tier: areaTierSchema,
  duties: z.array(z.string()),
  startsAt: timestampSchema,
  endsAt: timestampSchema.nullable(),
});
export type Area = z.infer<typeof areaSchema>;

export const areasQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  leaderId: z.coerce.number().int().positive().optional(),
});

/** The coverage tree: every village / community under a node with its current leaders. */
export const coverageQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
});
export const coverageSchema = z.object({
  node: z.object({ id: idSchema, name: z.string(), path: z.string() }),
  covered: z.number().int(),
  uncovered: z.number().int(),
  /** Per county (or per child of the node): for the map. */
  parts: z.array(
    z.object({
      id: idSchema,
      code: z.string(),
      name: z.string(),
      covered: z.number().int(),
      uncovered: z.number().int(),
    }),
  ),
  /** Towns with their villages / communities and who holds each. */
  towns: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      places: z.array(
        z.object({
          id: idSchema,
          name: z.string(),
          kind: z.string(),
          leaders: z.array(
            z.object({ areaId: idSchema, id: idSchema, name: z.string(), tier: areaTierSchema }),
          ),
        }),
      ),
    }),
  ),
});
export type Coverage = z.infer<typeof coverageSchema>;

export const groupBodySchema = z.strictObject({ name: text(60), nodeId: idSchema });
export const memberBodySchema = z.strictObject({
  userId: idSchema,
  role: z.enum(['lead', 'member']).default('member'),
});
export const groupSchema = z.object({
  id: idSchema,
  name: z.string(),
  node: z.object({ id: idSchema, name: z.string(), path: z.string() }),
  members: z.array(z.object({ id: idSchema, name: z.string(), role: z.enum(['lead', 'member']) })),
});
export type Group = z.infer<typeof groupSchema>;

export const LEDGER_KINDS = ['record', 'platform', 'correction'] as const;
export const ledgerKindSchema = z.enum(LEDGER_KINDS);

export const entryBodySchema = z.strictObject({
  occurredAt: timestampSchema,
  /** The node where it happened (inside the recorder's group scope). */
  nodeId: idSchema,
  place: text(100),
  content: text(2000),
  evidence: z.array(z.string().min(1).max(80)).max(9).default([]),
});
export type EntryBody = z.infer<typeof entryBodySchema>;

export const correctionBodySchema = z.strictObject({
  content: text(2000),
  evidence: z.array(z.string().min(1).max(80)).max(9).default([]),
});

export const entrySchema = z.object({
  id: idSchema,
  cadreId: idSchema,
  seq: z.number().int(),
  kind: ledgerKindSchema,
  occurredAt: timestampSchema,
  path: z.string(),
  place: z.string(),
  content: z.string(),
  evidence: z.array(z.string()),
  recordedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
  groupId: idSchema.nullable(),
  correctsId: idSchema.nullable(),
  /** Set on an entry a later correction points at. */
  correctedBy: idSchema.nullable(),
  createdAt: timestampSchema,
  hash: z.string(),
});
export type Entry = z.infer<typeof entrySchema>;

export const ledgerQuerySchema = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ledgerSchema = z.object({
  cadre: z.object({ id: idSchema, name: z.string() }),
  areas: z.array(areaSchema),
  entries: z.array(entrySchema),
  total: z.number().int(),
});
export type Ledger = z.infer<typeof ledgerSchema>;

/** The cadres an assessment-group member may record for (and the command centre may read). */
export const cadresQuerySchema = z.strictObject({ q: z.string().trim().max(40).optional() });
export const cadreSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  areas: z.number().int(),
  entries: z.number().int(),
  places: z.array(z.object({ id: idSchema, name: z.string() })),
});
export type CadreSummary = z.infer<typeof cadreSummarySchema>;

export const ledgerVerifySchema = z.object({
  ok: z.boolean(),
  cadres: z.number().int(),
  checked: z.number().int(),
  problems: z.array(z.object({ cadreId: z.number().int(), seq: z.number().int(), problem: z.string() })),
});
export type LedgerVerify = z.infer<typeof ledgerVerifySchema>;

export const nominationBodySchema = z.strictObject({
  cadreId: idSchema,
  reason: text(1000),
  evidence: z.array(idSchema).min(1).max(20),
});
export const decisionBodySchema = z.strictObject({ approve: z.boolean() });
export const pressBodySchema = z.strictObject({
  title: text(120),
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/[^\s]+$/, { message: 'URL_FORMAT' }),
});
export const NOMINATION_STATUSES = ['nominated', 'approved', 'rejected', 'published'] as const;
export const nominationSchema = z.object({
  id: idSchema,
  cadre: z.object({ id: idSchema, name: z.string() }),
  path: z.string(),
  reason: z.string(),
  evidence: z.array(idSchema),
  status: z.enum(NOMINATION_STATUSES),
  nominatedAt: timestampSchema,
  decidedAt: timestampSchema.nullable(),
  listId: idSchema.nullable(),
  press: z.array(z.object({ id: idSchema, title: z.string(), url: z.string() })),
});
export type Nomination = z.infer<typeof nominationSchema>;
export const nominationsQuerySchema = z.strictObject({
  status: z.enum(NOMINATION_STATUSES).optional(),
});

export const publishBodySchema = z.strictObject({ title: text(120), nodeId: idSchema.optional() });

/** The public list: names and places of outstanding cadres, what they were recognised for, press. */
export const publicListSchema = z.object({
  id: idSchema,
  title: z.string(),
  publishedAt: timestampSchema,
  cadres: z.array(
    z.object({
      name: z.string(),
      places: z.array(z.string()),
      reason: z.string(),
      press: z.array(z.object({ title: z.string(), url: z.string() })),
    }),
  ),
});
export type PublicList = z.infer<typeof publicListSchema>;
