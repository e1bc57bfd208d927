import { z } from 'zod';
import { idSchema } from './common.ts';

/** What a round's target list is made of: nodes of one kind, or records of one kind read from their module. */
export const TARGET_KINDS = ['compound', 'checkpoint', 'community', 'enterprise', 'shop'] as const;
export const targetKindSchema = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof targetKindSchema>;

export const ROUND_STATUSES = ['planning', 'frozen', 'committed', 'drawn', 'published'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const ORDER_STATUSES = ['open', 'answered', 'closed'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const DISCIPLINE_MEASURES = ['criticism', 'warning', 'removal'] as const;
export const disciplineMeasureSchema = z.enum(DISCIPLINE_MEASURES);
export type DisciplineMeasure = z.infer<typeof disciplineMeasureSchema>;

/** Clocks (configurable per order by an extension; ANCHORS lesson 3: no fixed durations). */
export const SUPERVISION_RULES = {
  /** Default days the responsible side has to rectify, by severity. */
  deadlineDays: { minor: 14, major: 7, critical: 3 } as Record<Severity, number>,
  /** A reminder goes this long before the deadline. */
  remindBeforeMs: 24 * 3600_000,
  minInspectors: 2,
} as const;

/** Checklist templates per target kind: the items an inspector walks through (五不 visits). */
export const CHECKLISTS: Record<TargetKind, Array<{ key: string; zh: string; en: string }>> = {
  compound: [
    { key: 'gate-staffed', zh: '门岗 24 小时有人值守', en: 'Gate staffed around the clock' },
    { key: 'temperature-log', zh: '出入测温并登记', en: 'Temperatures taken and logged at the gate' },
    { key: 'pass-check', zh: '查验出入证', en: 'Passes checked' },
    {
      key: 'disinfection',
      zh: '公共区域每日消杀有记录',
      en: 'Common areas disinfected daily, with a record',
    },
    { key: 'visitor-register', zh: '外来人员登记', en: 'Visitors registered' },
  ],
  checkpoint: [
    { key: 'on-duty', zh: '卡点在岗人数符合排班', en: 'Staff on duty as rostered' },
    { key: 'vehicle-check', zh: '过往车辆逐一检查登记', en: 'Every vehicle checked and logged' },
    { key: 'protective-gear', zh: '防护用品齐全', en: 'Protective equipment complete' },
    { key: 'handover-log', zh: '交接班记录完整', en: 'Shift handovers recorded' },
  ],
  community: [
    { key: 'returnee-ledger', zh: '返乡人员台账完整', en: 'Returnee ledger complete' },
    { key: 'isolation-follow-up', zh: '居家隔离每日随访', en: 'Home isolation followed up daily' },
    { key: 'publicity', zh: '防疫宣传到位', en: 'Prevention notices posted' },
    { key: 'gathering-ban', zh: '无聚集性活动', en: 'No gatherings' },
    { key: 'cadre-on-post', zh: '村（社区）干部在岗', en: 'Village / community cadres at their posts' },
  ],
  enterprise: [
    { key: 'staff-health', zh: '员工健康登记', en: 'Staff health register' },
    { key: 'distancing', zh: '工位间距与错峰就餐', en: 'Spacing at work and staggered meals' },
    { key: 'supplies', zh: '防疫物资储备', en: 'Prevention supplies in stock' },
    { key: 'plan', zh: '应急预案', en: 'Emergency plan in place' },
  ],
  shop: [
    { key: 'price-posted', zh: '明码标价，不哄抬物价', en: 'Prices posted, no price gouging' },
    {
      key: 'entry-temperature',
      zh: '进店测温、扫码登记',
      en: 'Temperatures taken and customers logged at the door',
    },
    { key: 'crowd-limit', zh: '限流排队，保持一米间距', en: 'Customers limited, queues one metre apart' },
    { key: 'disinfection', zh: '店内每日消杀有记录', en: 'Shop disinfected daily, with a record' },
    { key: 'staff-masks', zh: '店员全程佩戴口罩', en: 'Staff masked throughout' },
  ],
};

/**
 * The escalation ladder: step i (1-based) raises an overdue open order i levels above its
 * responsible node (village → street → district → city) once it is `afterHours` past its deadline.
 */
export const escalationBodySchema = z.strictObject({
  steps: z
    .array(
      z.strictObject({
        afterHours: z
          .number()
          .int()
          .min(0)
          .max(24 * 90),
      }),
    )
    .min(1)
    .max(6)
    .refine((steps) => steps.every((s, i) => i === 0 || s.afterHours > steps[i - 1]!.afterHours), {
      message: 'SUPERVISION_LADDER_ORDER',
    }),
});
export type EscalationRules = z.infer<typeof escalationBodySchema>;
export const DEFAULT_ESCALATION: EscalationRules = {
  steps: [{ afterHours: 0 }, { afterHours: 72 }, { afterHours: 168 }],
};

export const checklistItemSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/),
  zh: z.string().trim().min(1).max(120),
  en: z.string().trim().min(1).max(120),
});
export const checklistBodySchema = z.strictObject({
  items: z
    .array(checklistItemSchema)
    .min(1)
    .max(40)
    .refine((items) => new Set(items.map((i) => i.key)).size === items.length, {
      message: 'SUPERVISION_CHECKLIST_DUPLICATE',
    }),
});
export const checklistsSchema = z.record(targetKindSchema, z.array(checklistItemSchema));
export type Checklists = Record<TargetKind, Array<z.infer<typeof checklistItemSchema>>>;

// ---- rounds ----

export const roundBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  /** The subtree the targets are drawn from. */
  nodeId: idSchema,
  targetKind: targetKindSchema,
  sample: z.number().int().min(1).max(5000),
  perTarget: z.number().int().min(SUPERVISION_RULES.minInspectors).max(10).default(2),
  unannounced: z.boolean().default(false),
  /** The day the visits happen (epoch ms). */
  visitsFrom: z.number().int().positive(),
  /** The group lead, who may close orders beside the visit's own inspectors. */
  leadUserId: idSchema.nullable().default(null),
});
export type RoundBody = z.infer<typeof roundBodySchema>;

export const poolBodySchema = z.strictObject({
  members: z
    .array(
      z.strictObject({
        userId: idSchema,
        /** Explicit recusals for this round: the member is never drawn for targets under these nodes. */
        recuseNodeIds: z.array(idSchema).max(50).default([]),
      }),
    )
    .min(1)
    .max(5000),
});

export const commitBodySchema = z.strictObject({
  /**
   * SHA-256 (hex) of a seed the round's organisers hold (dice rolled in public, ColoradoRLA-style);
   * without it the server draws a seed and publishes its hash.
   */
  commitment: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** The draw may not run before this moment (epoch ms), announced with the commitment. */
  drawAt: z.number().int().positive(),
});

export const drawBodySchema = z.strictObject({
  /** The seed itself, when the organisers committed to their own. */
  seed: z.string().min(8).max(200).optional(),
});

export const roundSchema = z.object({
  id: z.number(),
  title: z.string(),
  nodeId: z.number(),
  nodeName: z.string(),
  targetKind: targetKindSchema,
  sample: z.number(),
  perTarget: z.number(),
  unannounced: z.boolean(),
  visitsFrom: z.number(),
  leadUserId: z.number().nullable(),
  status: z.enum(ROUND_STATUSES),
  listCount: z.number(),
  listHash: z.string().nullable(),
  poolCount: z.number(),
  poolHash: z.string().nullable(),
  frozenAt: z.number().nullable(),
  commitment: z.string().nullable(),
  committedAt: z.number().nullable(),
  drawAt: z.number().nullable(),
  seed: z.string().nullable(),
  drawnAt: z.number().nullable(),
  publishedAt: z.number().nullable(),
});
export type Round = z.infer<typeof roundSchema>;

// ---- visits ----

export const visitSchema = z.object({
  id: z.number(),
  roundId: z.number(),
  roundTitle: z.string(),
  targetKind: targetKindSchema,
  targetLabel: z.string(),
  nodePath: z.string(),
  unannounced: z.boolean(),
  plannedFor: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  inspectors: z.array(z.object({ id: z.number(), name: z.string() })),
  findings: z.number(),
  mine: z.boolean(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitQuerySchema = z.strictObject({
  roundId: z.coerce.number().int().positive().optional(),
  mine: z.enum(['true', 'false']).optional(),
});

// ---- findings / rectification orders ----

export const findingBodySchema = z.strictObject({
  /** The device's id for this finding: a retried offline sync records it once. */
  clientId: z.string().uuid(),
  visitId: idSchema,
  item: z.string().min(1).max(60),
  rule: z.string().trim().min(1).max(300),
  severity: severitySchema,
  note: z.string().trim().max(2000).default(''),
  photoIds: z.array(z.string().min(1).max(80)).max(12).default([]),
  /** When the inspector saw it (device clock; an offline finding syncs later). */
  observedAt: z.number().int().positive().optional(),
});
export type FindingBody = z.infer<typeof findingBodySchema>;

export const findingSyncBodySchema = z.strictObject({
  findings: z.array(findingBodySchema).min(1).max(200),
});

export const orderSchema = z.object({
  id: z.number(),
  clientId: z.string(),
  visitId: z.number(),
  roundId: z.number(),
  roundTitle: z.string(),
  targetLabel: z.string(),
  nodePath: z.string(),
  item: z.string(),
  rule: z.string(),
  severity: severitySchema,
  note: z.string(),
  photoIds: z.array(z.string()),
  observedAt: z.number(),
  status: orderStatusSchema,
  deadline: z.number(),
  overdue: z.boolean(),
  escalatedAt: z.number().nullable(),
  /** Levels above the responsible node this order has been raised to (0: not escalated). */
  escalationLevel: z.number(),
  answer: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  answeredAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  closeNote: z.string().nullable(),
  sentBack: z.number(),
  reinspectorId: z.number().nullable(),
  /** Whether the caller may close or send back this order (an inspector of its visit or the lead). */
  canClose: z.boolean(),
  canAnswer: z.boolean(),
});
export type Order = z.infer<typeof orderSchema>;

export const syncResultSchema = z.object({
  orders: z.array(orderSchema),
  replayed: z.array(z.string()),
  /** Findings refused on their own merits (not a network fault): the device drops them and shows why. */
  rejected: z.array(z.object({ clientId: z.string(), code: z.string(), message: z.string() })),
});

export const orderQuerySchema = z.strictObject({
  status: z.enum([...ORDER_STATUSES, 'overdue']).optional(),
  roundId: z.coerce.number().int().positive().optional(),
  nodeId: z.coerce.number().int().positive().optional(),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderQuery = z.infer<typeof orderQuerySchema>;

export const answerBodySchema = z.strictObject({
  answer: z.string().trim().min(1).max(2000),
  evidenceIds: z.array(z.string().min(1).max(80)).min(1).max(12),
});
export const closeBodySchema = z.strictObject({ note: z.string().trim().min(1).max(1000) });
export const sendBackBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
  extendDays: z.number().int().min(0).max(60).default(3),
});

/** "Update all filtered" (kpi#1395): the filter, not a page of ids, says which orders. */
export const bulkBodySchema = z.strictObject({
  filter: z.strictObject({
    status: z.enum([...ORDER_STATUSES, 'overdue']).optional(),
    roundId: idSchema.optional(),
    nodeId: idSchema.optional(),
  }),
  action: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('assign'), reinspectorId: idSchema }),
    z.strictObject({
      kind: z.literal('extend'),
      days: z.number().int().min(1).max(60),
      reason: z.string().trim().min(1).max(500),
    }),
    z.strictObject({ kind: z.literal('close'), note: z.string().trim().min(1).max(1000) }),
  ]),
});
export type BulkBody = z.infer<typeof bulkBodySchema>;
export const bulkResultSchema = z.object({ matched: z.number(), changed: z.number(), skipped: z.number() });

// ---- discipline ----

export const disciplineBodySchema = z.strictObject({
  findingId: idSchema,
  userId: idSchema,
  measure: disciplineMeasureSchema,
  reason: z.string().trim().min(1).max(2000),
});
export const personRefSchema = z.object({ id: z.number(), name: z.string() });
export const disciplineSchema = z.object({
  id: z.number(),
  findingId: z.number(),
  nodePath: z.string(),
  userId: z.number(),
  userName: z.string(),
  measure: disciplineMeasureSchema,
  reason: z.string(),
  decidedAt: z.number(),
});
export type Discipline = z.infer<typeof disciplineSchema>;

// ---- public results and verification (no personal data) ----

export const publicRoundSchema = z.object({
  id: z.number(),
  title: z.string(),
  place: z.string(),
  targetKind: targetKindSchema,
  status: z.enum(ROUND_STATUSES),
  listCount: z.number(),
  listHash: z.string().nullable(),
  poolHash: z.string().nullable(),
  commitment: z.string().nullable(),
  committedAt: z.number().nullable(),
  drawAt: z.number().nullable(),
  seed: z.string().nullable(),
  drawnAt: z.number().nullable(),
  publishedAt: z.number().nullable(),
  totals: z.object({ targets: z.number(), findings: z.number(), rectified: z.number(), open: z.number() }),
  targets: z.array(
    z.object({
      label: z.string(),
      place: z.string(),
      visited: z.boolean(),
      findings: z.number(),
      rectified: z.number(),
    }),
  ),
});
export type PublicRound = z.infer<typeof publicRoundSchema>;

/** Everything a re-run needs: the frozen list and the pool (members by pseudonym, with recusals). */
export const drawInputsSchema = z.object({
  seed: z.string().nullable(),
  commitment: z.string().nullable(),
  sample: z.number(),
  perTarget: z.number(),
  listHash: z.string().nullable(),
  poolHash: z.string().nullable(),
  targets: z.array(z.object({ key: z.string(), path: z.string(), label: z.string() })),
  pool: z.array(z.object({ key: z.string(), recuse: z.array(z.string()) })),
  /** What the server recorded: target index → pool indexes, in draw order. */
  recorded: z.array(z.object({ target: z.number(), inspectors: z.array(z.number()) })),
});
export type DrawInputs = z.infer<typeof drawInputsSchema>;

export const verifySchema = z.object({
  commitmentOk: z.boolean(),
  listHashOk: z.boolean(),
  poolHashOk: z.boolean(),
  drawOk: z.boolean(),
  picks: z.array(z.object({ target: z.number(), inspectors: z.array(z.number()) })),
});
