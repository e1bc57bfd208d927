import { z } from 'zod';
import { passwordSchema } from './auth.ts';
import { localeSchema, phoneSchema } from './common.ts';
import { ROLES } from './permissions.ts';

export const grantInputSchema = z.strictObject({
  role: z.enum(ROLES),
  nodeId: z.number().int().positive(),
});

export const createUserBodySchema = z.strictObject({
  phone: phoneSchema,
  name: z.string().trim().min(1).max(40),
  password: passwordSchema,
  locale: localeSchema.default('zh-CN'),
  grants: z.array(grantInputSchema).min(1).max(20),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const resetPasswordBodySchema = z.strictObject({ password: passwordSchema });

export const userGrantSchema = z.object({
  id: z.number().int(),
  role: z.enum(ROLES),
  nodeId: z.number().int(),
  nodeName: z.string(),
  nodePath: z.string(),
});

export const userSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Masked in lists (138****0001); the full number only on the audited detail read. */
  phone: z.string(),
  status: z.enum(['active', 'disabled']),
  locale: localeSchema,
  grants: z.array(userGrantSchema),
  createdAt: z.number().int(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const listUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(40).optional(),
  nodeId: z.coerce.number().int().positive().optional(),
  role: z.enum(ROLES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
