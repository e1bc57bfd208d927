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

/**
 * Characters no stored text may hold: NUL (PostgreSQL refuses it in text, SQLite truncates at it
 * in some tools) and UTF-16 surrogates without their pair (not encodable as UTF-8). Every string
 * of every request — body, query, params — is checked against this once, at validation.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * The dotted paths of every string in `value` that is not storable text, keys included. Walks
 * with its own stack, not recursion: a hostile body may nest arrays deeper than the call stack.
 */
export function unstorableTextFields(value: unknown): string[] {
  interface Step {
    value: unknown;
    key: string | null;
    parent: Step | null;
  }
  const pathOf = (step: Step, key?: string) => {
    const keys = key === undefined ? [] : [key];
    for (let s: Step | null = step; s?.key != null; s = s.parent) keys.unshift(s.key);
    return keys.join('.');
  };
  const out: string[] = [];
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) out.push(pathOf(step));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1) stack.push({ value: v[i], key: String(i), parent: step });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v).reverse()) {
        if (!isStorableText(key)) out.push(pathOf(step, key));
        else stack.push({ value: item, key, parent: step });
      }
    }
  }
  return out;
}

const checkingOwnText = new WeakSet<object>();

/**
 * Marks a request schema that checks its strings itself (a batch reporting each bad item), so
 * the shared check at validation does not refuse the whole request for one item.
 */
export function ownTextChecks<T extends z.ZodType>(schema: T): T {
  checkingOwnText.add(schema);
  return schema;
}

export function checksOwnText(schema: object): boolean {
  return checkingOwnText.has(schema);
}

/**
 * Why the reader unmasks personal data, in their own words; it is written to the audit log with
 * the read. Required wherever a full value is asked for.
 */
export const purposeSchema = z.string().trim().min(2).max(100);

/** For reads that show personal data in full to those allowed: the reader says why. */
export const readPurposeQuerySchema = z.strictObject({ purpose: purposeSchema.optional() });

export const okSchema = z.object({ ok: z.literal(true) });

/** Epoch milliseconds: the one time representation on the wire and in both databases. */
export const timestampSchema = z.number().int();
