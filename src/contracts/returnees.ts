import { z } from 'zod';
import { idNumberSchema } from './alliance.ts';
import { phoneSchema } from './common.ts';

/**
 * Categories follow from where a person came from; the measure, its length and the number of
 * follow-ups a day per category are configuration kept by the command centre, never constants
 * in code (SORMAS users fight a hard-wired 14 days).
 */
export const RETURNEE_CATEGORIES = ['high', 'medium', 'low'] as const;
export type ReturneeCategory = (typeof RETURNEE_CATEGORIES)[number];
export const MEASURES = ['central', 'home', 'monitoring'] as const;
export type Measure = (typeof MEASURES)[number];
export const RETURNEE_STATUSES = ['registered', 'isolating', 'released', 'lost'] as const;
export type ReturneeStatus = (typeof RETURNEE_STATUSES)[number];
export const TRANSPORTS = ['train', 'flight', 'coach', 'car', 'other'] as const;

/** Go.Data's daily follow-up status; `planned` is a visit whose time has not come. */
export const VISIT_STATUSES = ['planned', 'seen_ok', 'seen_not_ok', 'missed', 'not_attempted'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
/** What a cadre records: seen (ok or not follows from temperature and symptoms) or not found. */
export const VISIT_OUTCOMES = ['seen', 'missed'] as const;

/** 37.3 °C: the fever line used at gates and in follow-ups. */
export const FEVER_X10 = 373;

export const READ_PURPOSES = ['follow_up', 'isolation', 'release', 'verification'] as const;

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'DAY_FORMAT' });

export const measureRuleSchema = z.strictObject({
  category: z.enum(RETURNEE_CATEGORIES),
  measure: z.enum(MEASURES),
  days: z.number().int().min(1).max(60),
  perDay: z.number().int().min(1).max(4),
  /** Consecutive days without a sighting after which a person is lost to follow-up. */
  lostAfterDays: z.number().int().min(1).max(14),
});
export type MeasureRule = z.infer<typeof measureRuleSchema>;
export const measureRulesBodySchema = z.strictObject({ rules: z.array(measureRuleSchema).min(1).max(3) });

export const returneeBodySchema = z.strictObject({
  nodeId: z.number().int().positive(),
  name: z.string().trim().min(1).max(40),
  idNumber: idNumberSchema,
  phone: phoneSchema,
  address: z.string().trim().max(200).default(''),
  fromCode: z.string().regex(/^\d{4}$/, { message: 'DIVISION_UNKNOWN' }),
  arrivalDay: dayString,
  transport: z.enum(TRANSPORTS),
  transportNo: z.string().trim().max(40).default(''),
  companions: z.number().int().min(0).max(20).default(0),
  category: z.enum(RETURNEE_CATEGORIES),
});
export type ReturneeBody = z.infer<typeof returneeBodySchema>;

/**
 * A person's own report: the home is the node of their resident account; the category is the
 * village cadre's to confirm when placing them, so the person is never asked to judge their own risk.
 */
export const returneeSelfBodySchema = returneeBodySchema.omit({ nodeId: true, category: true });
export type ReturneeSelfBody = z.infer<typeof returneeSelfBodySchema>;

export const returneeSchema = z.object({
  id: z.number(),
  nodeId: z.number(),
  nodePath: z.string(),
  nodeName: z.string(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  address: z.string(),
  fromCode: z.string(),
  fromName: z.string(),
  arrivalDay: z.string(),
  transport: z.enum(TRANSPORTS),
  transportNo: z.string(),
  companions: z.number(),
  category: z.enum(RETURNEE_CATEGORIES),
  status: z.enum(RETURNEE_STATUSES),
  measure: z.enum(MEASURES).nullable(),
  startDay: z.string().nullable(),
  endDay: z.string().nullable(),
  perDay: z.number().nullable(),
  overdue: z.number(),
  masked: z.boolean(),
  /** The reader may open the full identity (the community); the read is audited with its purpose. */
  revealable: z.boolean(),
  /** Registered by the person themself: waits in the village cadre's queue for a category and a measure. */
  selfReported: z.boolean(),
  /** The central-isolation room, `隔离点 · 房间`, while the person is placed there. */
  room: z.string().nullable(),
});
export type Returnee = z.infer<typeof returneeSchema>;

export const returneeListQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  status: z.enum(RETURNEE_STATUSES).optional(),
  /** `risk`: the risk list — people under follow-up, highest category first, then most overdue visits. */
  sort: z.enum(['recent', 'risk']).default('recent'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const purposeQuerySchema = z.strictObject({ purpose: z.enum(READ_PURPOSES) });

export const isolationBodySchema = z.strictObject({
  /** Defaults to the category's rule; a cadre may pick another measure. */
  measure: z.enum(MEASURES).optional(),
  /** The cadre confirms (or corrects) the category here, e.g. for a self-reported person. */
  category: z.enum(RETURNEE_CATEGORIES).optional(),
  startDay: dayString,
});

export const periodChangeBodySchema = z.strictObject({
  endDay: dayString,
  reason: z.string().trim().min(2).max(200),
});

export const visitSchema = z.object({
  id: z.number(),
  returneeId: z.number(),
  day: z.string(),
  slot: z.number(),
  dueAt: z.number(),
  status: z.enum(VISIT_STATUSES),
  temperature: z.number().nullable(),
  symptoms: z.array(z.string()),
  performedAt: z.number().nullable(),
  overdue: z.boolean(),
});
export type Visit = z.infer<typeof visitSchema>;

export const SYMPTOMS = [
  'cough',
  'fatigue',
  'sore_throat',
  'breathless',
  'diarrhoea',
  'taste_smell',
] as const;

export const visitBodySchema = z.strictObject({
  outcome: z.enum(VISIT_OUTCOMES),
  temperature: z.number().min(34).max(42.5).optional(),
  symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length).default([]),
});

export const dueQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  overdueOnly: z.enum(['0', '1']).default('0'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const dueVisitSchema = visitSchema.extend({ name: z.string(), nodeName: z.string() });

export const returneeImportReportSchema = z.object({
  rowsRead: z.number(),
  imported: z.number(),
  duplicates: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), code: z.string() })),
});
export type ReturneeImportReport = z.infer<typeof returneeImportReportSchema>;

/** Import sheet columns, in order, with their header text. */
export const RETURNEE_COLUMNS = [
  'name',
  'idNumber',
  'phone',
  'address',
  'fromCode',
  'arrivalDay',
  'transport',
  'transportNo',
  'category',
] as const;

/** A central isolation facility (集中隔离点): rooms with a number of beds each. */
export const facilityBodySchema = z.strictObject({
  nodeId: z.number().int().positive(),
  name: z.string().trim().min(1).max(60),
  address: z.string().trim().max(200).default(''),
  rooms: z
    .array(
      z.strictObject({ label: z.string().trim().min(1).max(20), capacity: z.number().int().min(1).max(20) }),
    )
    .min(1)
    .max(500),
});

export const roomSchema = z.object({
  id: z.number(),
  label: z.string(),
  capacity: z.number(),
  occupied: z.number(),
});

export const facilitySchema = z.object({
  id: z.number(),
  nodeId: z.number(),
  nodeName: z.string(),
  name: z.string(),
  address: z.string(),
  capacity: z.number(),
  occupied: z.number(),
  rooms: z.array(roomSchema),
});
export type Facility = z.infer<typeof facilitySchema>;

export const roomAssignBodySchema = z.strictObject({ roomId: z.number().int().positive() });

/** How a contact (密接) met the case. `same_transport` is found by the trip; the others are entered. */
export const CONTACT_RELATIONS = ['same_transport', 'household', 'colleague', 'other'] as const;

/** A confirmed case's trip: every registered person on the same train or flight that day is listed. */
export const contactTraceBodySchema = z.strictObject({
  transportNo: z.string().trim().min(2).max(40),
  day: dayString,
});

export const contactAddBodySchema = z.strictObject({
  contactId: z.number().int().positive(),
  relation: z.enum(CONTACT_RELATIONS),
  lastContactDay: dayString,
});

export const contactSchema = z.object({
  id: z.number(),
  caseId: z.number(),
  contactId: z.number(),
  name: z.string(),
  nodeName: z.string(),
  relation: z.enum(CONTACT_RELATIONS),
  lastContactDay: z.string(),
  status: z.enum(RETURNEE_STATUSES),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactTraceResultSchema = z.object({ listed: z.number(), contacts: z.array(contactSchema) });

/** The public form (no account): a one-time code by SMS first, then the report with it. */
export const smsCodeBodySchema = z.strictObject({ phone: phoneSchema });
export const smsCodeAnswerSchema = z.object({ expiresInS: z.number(), retryAfterS: z.number() });

export const publicReportBodySchema = returneeSelfBodySchema.extend({
  nodeId: z.number().int().positive(),
  code: z.string().regex(/^\d{6}$/, { message: 'SMS_CODE_FORMAT' }),
});
export type PublicReportBody = z.infer<typeof publicReportBodySchema>;
export const publicReportAnswerSchema = z.object({ reference: z.string() });

/** The communities a person may name as home on the public form: names only. */
export const publicPlaceSchema = z.object({ id: z.number(), name: z.string(), parentName: z.string() });

/** What a gate sees when it scans a release certificate's QR: no identity beyond a masked name. */
export const releaseVerificationSchema = z.object({
  valid: z.boolean(),
  number: z.string(),
  name: z.string(),
  nodeName: z.string(),
  startDay: z.string().nullable(),
  endDay: z.string().nullable(),
  releasedDay: z.string().nullable(),
});
