import { z } from 'zod';

export const liveEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  nodePath: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.number().int(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

export const eventsQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** asc: oldest first after `after` (catching up); desc: newest first below `before` (history). */
  order: z.enum(['asc', 'desc']).default('asc'),
  before: z.coerce.number().int().min(1).optional(),
});

export const webhookBodySchema = z.strictObject({
  nodeId: z.number().int().positive(),
  url: z.url({ protocol: /^https?$/ }).max(500),
  eventTypes: z.array(z.string().min(1).max(60)).max(50).default([]),
});

export const webhookSchema = z.object({
  id: z.number().int(),
  nodeId: z.number().int(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  /** Shown once, when created: the HMAC-SHA256 key for the X-Xinghuo-Signature header. */
  secret: z.string().optional(),
  createdAt: z.number().int(),
});

export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.number().int().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.number().int(),
});
