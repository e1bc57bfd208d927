import { z } from 'zod';
import { localeSchema, phoneSchema } from './common.ts';
import { PERMISSIONS, ROLES } from './permissions.ts';

/** At least 8 characters, letters and digits both; at most 128 so hashing cost stays bounded. */
export const passwordSchema = z
  .string()
  .min(8, { message: 'PASSWORD_WEAK' })
  .max(128)
  .regex(/[A-Za-z]/, { message: 'PASSWORD_WEAK' })
  .regex(/\d/, { message: 'PASSWORD_WEAK' });

export const loginBodySchema = z.strictObject({
  phone: phoneSchema,
  password: z.string().min(1).max(128),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: passwordSchema,
});

export const grantSchema = z.object({
  id: z.number().int(),
  role: z.enum(ROLES),
  nodeId: z.number().int(),
  nodePath: z.string(),
  nodeName: z.string(),
  nodeKind: z.string(),
});
export type Grant = z.infer<typeof grantSchema>;

export const meSchema = z.object({
  id: z.number().int(),
  phone: z.string(),
  name: z.string(),
  locale: localeSchema,
  grants: z.array(grantSchema),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

/** The page's first question, answered 200 either way so a signed-out page logs no error. */
export const sessionSchema = z.object({ me: meSchema.nullable() });
export type Session = z.infer<typeof sessionSchema>;

export const localeBodySchema = z.strictObject({ locale: localeSchema });
