import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';
import { fileSchema } from './files.ts';

/** Field work (capabilities 2 and 3): checkpoints claimed by teams, shifts, check-in, tasks. */

export const CHECKPOINT_KINDS = ['road_entry', 'compound_gate', 'market', 'station'] as const;
export const checkpointKindSchema = z.enum(CHECKPOINT_KINDS);

/** The rules of sign-up, in one place so the server and the page say the same thing. */
export const SHIFT_RULES = {
  /** Longest run of back-to-back duty (shifts closer than `restHours` count as one run). */
  maxConsecutiveHours: 12,
  restHours: 8,
  /** Sign-up opens this many days ahead (Engelsystem #372: early birds take every shift). */
  horizonDays: 7,
  /** Self sign-out until this long before the start; after that the leader arranges a stand-in. */
  signOutCutoffHours: 3,
  /** Check-in opens this long before the start. */
  checkInEarlyMinutes: 30,
  /** No check-in this long after the start: the shift is a no-show alert to the team leader. */
  noShowMinutes: 15,
} as const;

const skillName = z.string().trim().min(1).max(20);
/** People needed per shift by skill, e.g. { 排查: 2, 设卡检查: 1 }. */
export const needsSchema = z
  .record(skillName, z.number().int().min(1).max(20))
  .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 8, { message: 'NEEDS_RANGE' });
export type Needs = z.infer<typeof needsSchema>;

export const checkpointBodySchema = z.strictObject({
  nodeId: idSchema,
  kind: checkpointKindSchema,
  location: z.string().trim().min(1).max(200),
  /** Hours of the day it must be staffed, Beijing time, as "08:00-20:00" or "00:00-24:00". */
  hours: z.string().regex(/^([01]\d|2[0-4]):00-([01]\d|2[0-4]):00$/, { message: 'HOURS_FORMAT' }),
  needs: needsSchema,
  support: z.string().trim().max(500).default(''),
});
export type CheckpointBody = z.infer<typeof checkpointBodySchema>;
/** Editing a checkpoint's plan: the node stays. */
export const checkpointEditSchema = checkpointBodySchema.omit({ nodeId: true });

export const checkpointSchema = z.object({
  id: idSchema,
  name: z.string(),
  path: z.string(),
  kind: checkpointKindSchema,
  location: z.string(),
  hours: z.string(),
  needs: z.record(z.string(), z.number()),
  support: z.string(),
  team: z.object({ id: idSchema, name: z.string() }).nullable(),
  claimedAt: timestampSchema.nullable(),
  /** An open hand-over request, if any. */
  handover: z.object({ id: idSchema, toTeam: z.object({ id: idSchema, name: z.string() }) }).nullable(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const checkpointQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  claim: z.enum(['all', 'mine', 'unclaimed']).default('all'),
});

export const handoverDecisionSchema = z.strictObject({ accept: z.boolean() });

/** A shift template: N shifts a day of equal length starting at `firstHour` Beijing time. */
export const generateShiftsSchema = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  days: z.number().int().min(1).max(31),
  template: z.enum(['3x8', '6x4', '2x12']),
});
export const generateResultSchema = z.object({ created: z.number().int(), skipped: z.number().int() });

export const seatSchema = z.object({ skill: z.string(), needed: z.number().int(), filled: z.number().int() });
export const shiftSchema = z.object({
  id: idSchema,
  checkpointId: idSchema,
  checkpoint: z.string(),
  startsAt: timestampSchema,
  endsAt: timestampSchema,
  seats: z.array(seatSchema),
  /** The caller's own sign-up on it, if any. */
  mine: z
    .object({
      id: idSchema,
      skill: z.string(),
      checkedInAt: timestampSchema.nullable(),
      checkedOutAt: timestampSchema.nullable(),
    })
    .nullable(),
});
export type Shift = z.infer<typeof shiftSchema>;

export const openShiftsQuerySchema = z.strictObject({
  checkpointId: z.coerce.number().int().positive().optional(),
});

/** Several slots at once (no "marathon of clicking"): all or none. */
export const signupBodySchema = z.strictObject({
  slots: z
    .array(z.strictObject({ shiftId: idSchema, skill: skillName }))
    .min(1)
    .max(20),
});
export const signupResultSchema = z.object({ signupIds: z.array(idSchema) });

export const checkInBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: 'CHECKIN_CODE_FORMAT' }),
  /** Optional and never required: where the phone says it is. */
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});
export const dutySchema = z.object({
  signupId: idSchema,
  checkpoint: z.string(),
  startsAt: timestampSchema,
  endsAt: timestampSchema,
  checkedInAt: timestampSchema.nullable(),
  checkedOutAt: timestampSchema.nullable(),
});
export const codeSchema = z.object({ code: z.string(), validUntil: timestampSchema });

export const gridQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  /** Only this team's checkpoints ("where is my team missing people"). */
  teamId: z.coerce.number().int().positive().optional(),
  from: z.coerce.number().int().optional(),
  hours: z.coerce.number().int().min(1).max(72).default(72),
  gapsOnly: z.coerce.boolean().default(false),
});
/** One row per checkpoint; `cells[i]` is hour i from `from`: filled / needed summed by skill. */
export const gridSchema = z.object({
  from: timestampSchema,
  hours: z.number().int(),
  rows: z.array(
    z.object({
      checkpointId: idSchema,
      name: z.string(),
      team: z.string().nullable(),
      cells: z.array(z.object({ needed: z.number().int(), filled: z.number().int(), short: z.string() })),
      gapHours: z.number().int(),
    }),
  ),
});
export type Grid = z.infer<typeof gridSchema>;

export const noShowSchema = z.object({
  signupId: idSchema,
  checkpoint: z.string(),
  startsAt: timestampSchema,
  volunteer: z.string(),
  skill: z.string(),
});
export const standInBodySchema = z.strictObject({ userId: idSchema });
export const standInCandidateSchema = z.object({ userId: idSchema, name: z.string(), hasSkill: z.boolean() });

// ---- Dispatch ----

/** The built-in kinds; officials at the root may change them or add more (decision 0606). */
export const TASK_KINDS = [
  'disinfection',
  'screening',
  'checkpoint_duty',
  'comfort_visit',
  'publicity',
  'delivery',
  'other',
] as const;
export const taskKindSchema = z.string().regex(/^[a-z][a-z0-9_]{1,29}$/, { message: 'TASK_KIND_FORMAT' });
export type TaskKind = z.infer<typeof taskKindSchema>;
const labelSchema = z.string().trim().min(1).max(20);
/** What a kind asks of the volunteer: every skill to claim it, photos and counts to close it done. */
export const taskKindBodySchema = z.strictObject({
  name: labelSchema,
  skills: z.array(labelSchema).max(10).default([]),
  photos: z.number().int().min(0).max(10).default(0),
  counts: z.array(labelSchema).max(5).default([]),
});
export type TaskKindBody = z.infer<typeof taskKindBodySchema>;
export const taskKindDefSchema = z.object({
  code: taskKindSchema,
  name: z.string(),
  skills: z.array(z.string()),
  photos: z.number().int(),
  counts: z.array(z.string()),
  builtIn: z.boolean(),
});
export type TaskKindDef = z.infer<typeof taskKindDefSchema>;
export const DEFAULT_TASK_KINDS: Record<(typeof TASK_KINDS)[number], TaskKindBody> = {
  disinfection: { name: '消杀', skills: ['消杀'], photos: 2, counts: ['消杀面积(m²)'] },
  screening: { name: '排查', skills: [], photos: 1, counts: [] },
  checkpoint_duty: { name: '卡点值守', skills: ['设卡检查'], photos: 0, counts: [] },
  comfort_visit: { name: '心理抚慰走访', skills: ['心理抚慰'], photos: 0, counts: ['走访户数'] },
  publicity: { name: '宣传', skills: [], photos: 1, counts: [] },
  delivery: { name: '配送', skills: ['物资配送'], photos: 1, counts: ['送达户数'] },
  other: { name: '其他', skills: [], photos: 0, counts: [] },
};
export const TASK_STATUSES = ['open', 'claimed', 'done', 'partial'] as const;

/** A claim holds this long (HOT Tasking Manager: 2 h with no visible timer — here it is shown). */
export const CLAIM_MINUTES = 120;
export const CLAIM_WARN_MINUTES = 15;

export const taskBodySchema = z.strictObject({
  nodeIds: z.array(idSchema).min(1).max(500),
  kind: taskKindSchema,
  title: z.string().trim().min(1).max(100),
  priority: z.enum(['normal', 'urgent']).default('normal'),
  windowStart: timestampSchema,
  windowEnd: timestampSchema,
  /** One task on each child of each node (every building of these compounds), not on the nodes. */
  eachChild: z.boolean().default(false),
  /** Recurring: the next occurrence is made when this one is done, this many days on. */
  repeatDays: z.number().int().min(1).max(30).optional(),
});
export const taskSchema = z.object({
  id: idSchema,
  nodeId: idSchema,
  place: z.string(),
  kind: taskKindSchema,
  title: z.string(),
  priority: z.enum(['normal', 'urgent']),
  windowStart: timestampSchema,
  windowEnd: timestampSchema,
  kindName: z.string(),
  /** The kind's evidence for "done": photos on the server and the named counts. */
  requires: z.object({ photos: z.number().int(), counts: z.array(z.string()) }),
  status: z.enum(TASK_STATUSES),
  batchId: z.string(),
  claimedByMe: z.boolean(),
  claimExpiresAt: timestampSchema.nullable(),
  outcome: z
    .object({
      note: z.string(),
      counts: z.record(z.string(), z.number()),
      reason: z.string().nullable(),
      at: timestampSchema,
    })
    .nullable(),
  overdue: z.boolean(),
  repeatDays: z.number().int().nullable(),
  createdByMe: z.boolean(),
});
export type Task = z.infer<typeof taskSchema>;
export const taskQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  status: z.enum([...TASK_STATUSES, 'active']).optional(),
  mine: z.coerce.boolean().default(false),
  /** The caller's own dispatches ("my overdue tasks" for the creating official). */
  createdByMe: z.coerce.boolean().default(false),
  overdue: z.coerce.boolean().default(false),
});
export const taskOutcomeSchema = z.strictObject({
  outcome: z.enum(['done', 'partial', 'cannot']),
  note: z.string().trim().max(500).default(''),
  counts: z.record(z.string().trim().min(1).max(20), z.number().min(0).max(1_000_000)).default({}),
  reason: z.string().trim().max(200).optional(),
  /** When the volunteer closed it on the phone, if that was offline; it counts if the claim held then. */
  completedAt: timestampSchema.optional(),
});
/** What the phone shows once its queued completion has reached the server. */
export const taskOutcomeResultSchema = z.object({
  task: taskSchema,
  receipt: z.object({ receivedAt: timestampSchema, completedAt: timestampSchema, replayed: z.boolean() }),
});
/** An idempotency key sent with a queued completion (the phone's queue entry id). */
export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z.string().min(8).max(100).optional(),
});
/** A queued photo's own id, so its upload is stored once however often it is sent. */
export const evidenceParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  clientId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, { message: 'CLIENT_ID_FORMAT' }),
});
export const evidenceResultSchema = z.object({ file: fileSchema, replayed: z.boolean() });

// ---- Support brought to a checkpoint ----

export const supportBodySchema = z.strictObject({
  giver: z.string().trim().min(1).max(60),
  what: z.string().trim().min(1).max(100),
  quantity: z.string().trim().max(40).default(''),
  broughtAt: timestampSchema.optional(),
});
export type SupportBody = z.infer<typeof supportBodySchema>;
export const supportSchema = z.object({
  id: idSchema,
  giver: z.string(),
  what: z.string(),
  quantity: z.string(),
  broughtAt: timestampSchema,
});
export const supportPointSchema = z.object({
  id: idSchema,
  name: z.string(),
  location: z.string(),
  support: z.string(),
});
export const supportPointQuerySchema = z.strictObject({ q: z.string().trim().max(40).optional() });
