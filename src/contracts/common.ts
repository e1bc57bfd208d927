import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

export const idSchema = z.number().int().positive();
export const idParamSchema = z.strictObject({ id: z.coerce.number().int().positive() });

/** Mainland mobile numbers: 11 digits starting with 1 and a carrier digit 3–9. */
export const phoneSchema = z.string().regex(/^1[3-9]\d{9}$/, { message: 'PHONE_FORMAT' });

export const pageQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const fieldErrorSchema = z.object({
  field: z.string(),
  in: z.enum(['body', 'query', 'params', 'headers', 'file', 'row']),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    fields: z.array(fieldErrorSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/** Epoch milliseconds: the one time representation on the wire and in both databases. */
export const timestampSchema = z.number().int();
