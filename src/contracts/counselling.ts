import { z } from 'zod';
import { phoneSchema } from './common.ts';

/** The national psychological-assistance hotline shown with every crisis request. */
export const CRISIS_HOTLINE = '12356';
/** A crisis request nobody answered within this many minutes is escalated to the command centre. */
export const CRISIS_ESCALATE_AFTER_MINUTES = 5;

export const slotBodySchema = z.strictObject({
  startsAt: z.number().int().positive(),
  minutes: z.number().int().min(15).max(120),
});

export const slotSchema = z.object({
  id: z.number(),
  startsAt: z.number(),
  minutes: z.number(),
  status: z.enum(['open', 'booked']),
});
export type Slot = z.infer<typeof slotSchema>;

/** Nothing is filled in from the account: an alias and a phone only if the person gives them. */
export const bookingBodySchema = z.strictObject({
  alias: z.string().trim().min(1).max(20).optional(),
  phone: phoneSchema.optional(),
});
export type BookingBody = z.infer<typeof bookingBodySchema>;

export const BOOKING_STATUSES = ['booked', 'cancelled', 'done', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** What a counsellor sees of a booking: the alias and phone the person chose to give, never the account. */
export const bookingSchema = z.object({
  id: z.number(),
  slotId: z.number(),
  startsAt: z.number(),
  alias: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(BOOKING_STATUSES),
  /** The counsellor's own notes; only they (and a supervising counsellor) ever read them. */
  notes: z.string().nullable(),
});
export type Booking = z.infer<typeof bookingSchema>;

/** The booker's own view of a booking. */
export const myBookingSchema = z.object({
  id: z.number(),
  startsAt: z.number(),
  minutes: z.number(),
  alias: z.string().nullable(),
  status: z.enum(BOOKING_STATUSES),
});
export type MyBooking = z.infer<typeof myBookingSchema>;

/** The counsellor closes a session: held, or the person did not come. */
export const sessionOutcomeBodySchema = z.strictObject({
  status: z.enum(['done', 'no_show']),
  notes: z.string().trim().max(2000).optional(),
});

export const crisisBodySchema = z.strictObject({
  alias: z.string().trim().min(1).max(20).optional(),
  phone: phoneSchema.optional(),
});

export const CRISIS_STATUSES = ['open', 'escalated', 'answered'] as const;

/** What the person who asked for help sees: where their request stands and the hotline. */
export const crisisAckSchema = z.object({
  id: z.number(),
  status: z.enum(CRISIS_STATUSES),
  createdAt: z.number(),
  hotline: z.string(),
  escalateAfterMinutes: z.number(),
});

/** A crisis request as the counsellors on duty see it: the alias and phone the person gave. */
export const crisisSchema = z.object({
  id: z.number(),
  source: z.enum(['request', 'flag']),
  alias: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(CRISIS_STATUSES),
  createdAt: z.number(),
  escalatedAt: z.number().nullable(),
  answeredAt: z.number().nullable(),
});
export type Crisis = z.infer<typeof crisisSchema>;

/** Officials and the command centre: counts and escalations, never names, notes or aliases. */
export const counsellingSummarySchema = z.object({
  bookingsToday: z.number(),
  upcoming: z.number(),
  noShowsToday: z.number(),
  crisesToday: z.number(),
  crisesWaiting: z.number(),
  escalated: z.array(
    z.object({
      id: z.number(),
      source: z.enum(['request', 'flag']),
      status: z.enum(CRISIS_STATUSES),
      createdAt: z.number(),
      escalatedAt: z.number().nullable(),
    }),
  ),
});
export type CounsellingSummary = z.infer<typeof counsellingSummarySchema>;

export const COURSE_KINDS = ['video', 'audio', 'pdf'] as const;
export const COURSE_AUDIENCES = ['police', 'medical', 'families', 'residents'] as const;

/** A micro-course with its counts; `mine` says whether the reader opened or finished it. */
export const courseSchema = z.object({
  id: z.number(),
  title: z.string(),
  kind: z.enum(COURSE_KINDS),
  url: z.string(),
  audiences: z.array(z.enum(COURSE_AUDIENCES)),
  minutes: z.number(),
  views: z.number(),
  completions: z.number(),
  mine: z.enum(['new', 'viewed', 'completed']),
});
export type Course = z.infer<typeof courseSchema>;
