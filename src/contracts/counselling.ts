import { z } from 'zod';
import { phoneSchema } from './common.ts';

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

/** Nothing is filled in from the account: an alias and a phone only if the person gives them. */
export const bookingBodySchema = z.strictObject({
  alias: z.string().trim().min(1).max(20).optional(),
  phone: phoneSchema.optional(),
});

/** What a counsellor sees of a booking: the alias and phone the person chose to give, never the account. */
export const bookingSchema = z.object({
  id: z.number(),
  slotId: z.number(),
  startsAt: z.number(),
  alias: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(['booked', 'cancelled']),
});
