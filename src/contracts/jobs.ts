import { z } from 'zod';

export const jobRunsQuerySchema = z.strictObject({
  job: z.string().min(1).max(80).optional(),
  status: z.enum(['running', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const jobRunSchema = z.object({
  job: z.string(),
  slot: z.string(),
  instance: z.string(),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  status: z.enum(['running', 'succeeded', 'failed']),
  error: z.string().nullable(),
});
export type JobRun = z.infer<typeof jobRunSchema>;
