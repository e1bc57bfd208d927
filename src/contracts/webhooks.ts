import { z } from 'zod';

export { webhookBodySchema, webhookDeliverySchema, webhookSchema } from './events.ts';

export const webhookListQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const deliveryListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const deliveryParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  deliveryId: z.coerce.number().int().positive(),
});
