import { z } from 'zod';
import { errorBodySchema, ownTextChecks, phoneSchema } from './common.ts';
import { LANES, PASS_KINDS, passReasonSchema } from './passes.ts';

export const TEMPERATURE_MIN = 34.0;
export const TEMPERATURE_MAX = 42.5;
export const FEVER_AT = 37.3;

/**
 * Temperatures are kept in hundredths of a degree, exactly as measured (37.25 stays 37.25, below
 * the 37.3 fever line); only displays round. Binary floating point cannot hold 37.25 × 100
 * exactly, hence the rounding to the nearest hundredth, which is exact for any reading with at
 * most two decimals — the schema refuses finer ones.
 */
export function toHundredths(celsius: number): number {
  return Math.round(celsius * 100);
}

export const temperatureSchema = z
  .number()
  .min(TEMPERATURE_MIN, { message: 'TEMPERATURE_RANGE' })
  .max(TEMPERATURE_MAX, { message: 'TEMPERATURE_RANGE' })
  .refine((t) => Math.abs(t * 100 - toHundredths(t)) < 1e-6, { message: 'TEMPERATURE_PRECISION' });

export const directionSchema = z.enum(['in', 'out']);
export const laneSchema = z.enum(LANES);

/** A client-generated id (UUID) makes a retried or re-synced scan land exactly once. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9-]{16,64}$/);

export const verifyBodySchema = z.strictObject({
  compoundId: z.number().int().positive(),
  lane: laneSchema,
  direction: directionSchema.default('in'),
  code: z.string().max(400),
});

export const verifyResultSchema = z.object({
  reason: passReasonSchema,
  ok: z.boolean(),
  pass: z
    .object({
      id: z.number().int(),
      kind: z.enum(PASS_KINDS),
      household: z.string(),
      /** Masked holder name, or the plate. */
      holder: z.string(),
    })
    .nullable(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

export const scanBodySchema = z.strictObject({
  id: clientIdSchema,
  compoundId: z.number().int().positive(),
  gate: z.string().trim().max(40).optional(),
  lane: laneSchema,
  direction: directionSchema,
  code: z.string().max(400),
  temperature: temperatureSchema.optional(),
  /** When the device scanned, for scans queued offline; the server's clock otherwise. */
  at: z.number().int().optional(),
});
export type ScanBody = z.infer<typeof scanBodySchema>;

export const scanResultSchema = verifyResultSchema.extend({
  entryId: z.number().int(),
  clientId: z.string(),
  fever: z.boolean(),
  /** True when this id had been recorded before: the first answer is returned, nothing is added. */
  replayed: z.boolean(),
});
export type ScanResult = z.infer<typeof scanResultSchema>;

/**
 * An offline queue, synced in batches. Each scan is checked on its own (scanBodySchema, text
 * included): one bad scan is reported in `rejected` and the rest are recorded, so a single
 * malformed entry can never hold the whole queue back.
 */
export const syncBodySchema = ownTextChecks(z.strictObject({ scans: z.array(z.unknown()).min(1).max(500) }));
export const syncRejectionSchema = z.object({
  /** Position of the scan in the batch. */
  index: z.number().int(),
  clientId: z.string().nullable(),
  error: errorBodySchema.shape.error,
});
export type SyncRejection = z.infer<typeof syncRejectionSchema>;
export const syncResultSchema = z.object({
  results: z.array(scanResultSchema),
  rejected: z.array(syncRejectionSchema),
});

export const visitorBodySchema = z.strictObject({
  id: clientIdSchema,
  compoundId: z.number().int().positive(),
  gate: z.string().trim().max(40).optional(),
  direction: directionSchema.default('in'),
  name: z.string().trim().min(1).max(40),
  phone: phoneSchema,
  hostHouseholdId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(200),
  temperature: temperatureSchema.optional(),
  at: z.number().int().optional(),
});
export type VisitorBody = z.infer<typeof visitorBodySchema>;

export const entrySchema = z.object({
  id: z.number().int(),
  compoundId: z.number().int(),
  compoundName: z.string(),
  gate: z.string().nullable(),
  kind: z.enum(['pass', 'visitor']),
  lane: laneSchema,
  direction: directionSchema,
  result: passReasonSchema,
  passId: z.number().int().nullable(),
  household: z.string().nullable(),
  /** Masked for every reader: 张*, 138****0001. */
  visitor: z.string().nullable(),
  temperature: z.number().nullable(),
  at: z.number().int(),
  offline: z.boolean(),
});
export type Entry = z.infer<typeof entrySchema>;

export const entryQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  result: passReasonSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const exportQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive(),
  from: z.coerce.number().int(),
  to: z.coerce.number().int(),
});

export const statsQuerySchema = z.strictObject({ nodeId: z.coerce.number().int().positive() });
export const statsRowSchema = z.object({
  nodeId: z.number().int(),
  name: z.string(),
  kind: z.string(),
  path: z.string(),
  in: z.number().int(),
  out: z.number().int(),
  visitors: z.number().int(),
  fevers: z.number().int(),
});
export const statsSchema = z.object({
  /** Start of today, Beijing time. */
  since: z.number().int(),
  total: statsRowSchema,
  /** The node's children (streets, communities or compounds), each summing its subtree. */
  children: z.array(statsRowSchema),
});

export const feverSchema = z.object({
  id: z.number().int(),
  entryId: z.number().int(),
  compoundId: z.number().int(),
  compoundName: z.string(),
  household: z.string().nullable(),
  holder: z.string().nullable(),
  temperature: z.number(),
  at: z.number().int(),
  status: z.enum(['open', 'closed']),
  action: z.string().nullable(),
  closedAt: z.number().int().nullable(),
});
export type Fever = z.infer<typeof feverSchema>;

export const feverQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'closed']).optional(),
});

export const closeFeverBodySchema = z.strictObject({ action: z.string().trim().min(2).max(500) });

/** The compounds a gate keeper may scan at, with their gates. */
export const gateCompoundSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  gates: z.array(z.object({ name: z.string(), lanes: z.array(laneSchema) })),
});
export type GateCompound = z.infer<typeof gateCompoundSchema>;

/** A host household to pick when registering a visitor: an address, no names. */
export const gateHouseholdSchema = z.object({ id: z.number().int(), label: z.string() });
