import { z } from 'zod';
import { phoneSchema } from './common.ts';

/**
 * Care for the families of medical staff sent out (援鄂医疗队家属). A family's needs become
 * recurring services; each service generates its occurrences (deliveries) ahead, one per
 * (service, day), delivered by a volunteer and confirmed by the family's code or a liaison's call.
 */
export const NEED_KINDS = ['groceries', 'child_pickup', 'elder_care', 'medicine', 'psych_support'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];
export const CADENCES = ['weekly', 'daily'] as const;
export type Cadence = (typeof CADENCES)[number];
/** open: not yet confirmed and inside its window; done: confirmed; missed: past its window unconfirmed, or reported missed. */
export const DELIVERY_STATUSES = ['open', 'done', 'missed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const CONFIRMED_BY = ['code', 'call'] as const;

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'DAY_FORMAT' });
/** Minutes after Beijing midnight. */
const minuteOfDay = z.number().int().min(0).max(1440);

export const batchBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  destination: z.string().trim().min(1).max(100),
  sentDay: dayString,
});
export type BatchBody = z.infer<typeof batchBodySchema>;
export const batchReturnBodySchema = z.strictObject({ returnedDay: dayString });

export const batchSchema = z.object({
  id: z.number(),
  name: z.string(),
  destination: z.string(),
  sentDay: z.string(),
  returnedDay: z.string().nullable(),
  workers: z.number(),
});
export type Batch = z.infer<typeof batchSchema>;

export const memberSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  relation: z.string().trim().min(1).max(20),
  age: z.number().int().min(0).max(120).optional(),
});
export type Member = z.infer<typeof memberSchema>;

export const familyBodySchema = z
  .strictObject({
    nodeId: z.number().int().positive(),
    batchId: z.number().int().positive(),
    workerName: z.string().trim().min(1).max(40),
    profession: z.string().trim().min(1).max(40),
    hospital: z.string().trim().min(1).max(100),
    destination: z.string().trim().min(1).max(100),
    outDay: dayString,
    members: z.array(memberSchema).min(1).max(12),
    address: z.string().trim().min(1).max(200),
    phone: phoneSchema,
    needs: z.array(z.enum(NEED_KINDS)).max(NEED_KINDS.length),
    /** The user named as the family's liaison (包联人); or, from a form, that user's phone. */
    liaisonId: z.number().int().positive().optional(),
    liaisonPhone: phoneSchema.optional(),
    /** A family member's own account, if they have one: they then see their page and raise needs. */
    familyUserId: z.number().int().positive().optional(),
  })
  .refine((b) => (b.liaisonId === undefined) !== (b.liaisonPhone === undefined), {
    message: 'LIAISON_REQUIRED',
    path: ['liaisonPhone'],
  });
export type FamilyBody = z.infer<typeof familyBodySchema>;

/**
 * A change to a family's record: any of the fields, the liaison among them. The community and the
 * batch stay (a family that moves is registered where it now lives). `familyUserId: null` unlinks
 * the family's account.
 */
export const familyEditBodySchema = z
  .strictObject({
    workerName: z.string().trim().min(1).max(40),
    profession: z.string().trim().min(1).max(40),
    hospital: z.string().trim().min(1).max(100),
    destination: z.string().trim().min(1).max(100),
    outDay: dayString,
    members: z.array(memberSchema).min(1).max(12),
    address: z.string().trim().min(1).max(200),
    phone: phoneSchema,
    needs: z.array(z.enum(NEED_KINDS)).max(NEED_KINDS.length),
    liaisonId: z.number().int().positive(),
    liaisonPhone: phoneSchema,
    familyUserId: z.number().int().positive().nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'NOTHING_TO_CHANGE', path: ['workerName'] })
  .refine((b) => b.liaisonId === undefined || b.liaisonPhone === undefined, {
    message: 'LIAISON_REQUIRED',
    path: ['liaisonPhone'],
  });
export type FamilyEditBody = z.infer<typeof familyEditBodySchema>;

/** Pausing a service (the family is away, the child's school is closed): a reason is kept. */
export const servicePauseBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const familySchema = z.object({
  id: z.number(),
  nodeId: z.number(),
  nodePath: z.string(),
  nodeName: z.string(),
  batchId: z.number(),
  batchName: z.string(),
  workerName: z.string(),
  profession: z.string(),
  hospital: z.string(),
  destination: z.string(),
  outDay: z.string(),
  backDay: z.string().nullable(),
  members: z.array(memberSchema),
  address: z.string(),
  phone: z.string(),
  needs: z.array(z.enum(NEED_KINDS)),
  liaisonId: z.number(),
  liaisonName: z.string(),
  /** The liaison's phone, for the community to call them; masked with the rest of a list row. */
  liaisonPhone: z.string(),
  /** Deliveries of the current Beijing week (Monday to Sunday). */
  week: z.object({ due: z.number(), done: z.number(), missed: z.number() }),
  openNeeds: z.number(),
  masked: z.boolean(),
});
export type Family = z.infer<typeof familySchema>;

export const familyListQuerySchema = z.strictObject({
  batchId: z.coerce.number().int().positive().optional(),
  mine: z.enum(['1']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const serviceBodySchema = z
  .strictObject({
    kind: z.enum(NEED_KINDS),
    cadence: z.enum(CADENCES),
    /** 1 = Monday … 7 = Sunday; required for weekly services. */
    weekday: z.number().int().min(1).max(7).optional(),
    windowStart: minuteOfDay,
    windowEnd: minuteOfDay,
    note: z.string().trim().max(200).default(''),
  })
  .refine((b) => b.cadence !== 'weekly' || b.weekday !== undefined, {
    message: 'WEEKDAY_REQUIRED',
    path: ['weekday'],
  })
  .refine((b) => b.windowEnd > b.windowStart, { message: 'WINDOW_ORDER', path: ['windowEnd'] });
export type ServiceBody = z.infer<typeof serviceBodySchema>;

export const serviceSchema = z.object({
  id: z.number(),
  familyId: z.number(),
  kind: z.enum(NEED_KINDS),
  cadence: z.enum(CADENCES),
  weekday: z.number().nullable(),
  windowStart: z.number(),
  windowEnd: z.number(),
  note: z.string(),
  active: z.boolean(),
  /** Why it is paused (empty while active). */
  pauseReason: z.string(),
});
export type Service = z.infer<typeof serviceSchema>;

export const deliverySchema = z.object({
  id: z.number(),
  familyId: z.number(),
  serviceId: z.number(),
  kind: z.enum(NEED_KINDS),
  day: z.string(),
  dueFrom: z.number(),
  dueBy: z.number(),
  status: z.enum(DELIVERY_STATUSES),
  volunteerId: z.number().nullable(),
  volunteerName: z.string().nullable(),
  confirmedBy: z.enum(CONFIRMED_BY).nullable(),
  closedAt: z.number().nullable(),
  note: z.string(),
  /** The family's code for this delivery: shown to the family's own account only. */
  code: z.string().nullable(),
  /** The field-work task it was dispatched as, if it was. */
  taskId: z.number().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** A delivery as the volunteer holding it sees it: the address only while it is open. */
export const heldDeliverySchema = deliverySchema.omit({ code: true }).extend({
  familyLabel: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
});
export type HeldDelivery = z.infer<typeof heldDeliverySchema>;

export const todoItemSchema = deliverySchema.omit({ code: true }).extend({
  familyLabel: z.string(),
  nodeName: z.string(),
});
export type TodoItem = z.infer<typeof todoItemSchema>;

export const urgentNeedBodySchema = z.strictObject({
  kind: z.enum(NEED_KINDS),
  text: z.string().trim().min(1).max(500),
});
export const urgentNeedSchema = z.object({
  id: z.number(),
  familyId: z.number(),
  familyLabel: z.string(),
  kind: z.enum(NEED_KINDS),
  text: z.string(),
  status: z.enum(['open', 'handled']),
  raisedAt: z.number(),
  handledAt: z.number().nullable(),
});
export type UrgentNeed = z.infer<typeof urgentNeedSchema>;

export const todoSchema = z.object({
  day: z.string(),
  deliveries: z.array(todoItemSchema),
  missed: z.array(todoItemSchema),
  needs: z.array(urgentNeedSchema),
});
export type Todo = z.infer<typeof todoSchema>;

export const assignBodySchema = z.strictObject({ volunteerPhone: phoneSchema });
export const confirmBodySchema = z.strictObject({
  code: z.string().regex(/^\d{4}$/, { message: 'CODE_FORMAT' }),
});
export const callBodySchema = z.strictObject({ note: z.string().trim().min(1).max(300) });
export const missedBodySchema = z.strictObject({ note: z.string().trim().max(300).default('') });

/** The live events of the module; their audience is the family's liaison, its community and the centre. */
export const FAMILY_EVENTS = {
  missed: 'families.delivery-missed',
  done: 'families.delivery-done',
  urgent: 'families.urgent-need',
} as const;
