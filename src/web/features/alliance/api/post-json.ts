import type { z } from 'zod';
import { errorBodySchema } from '../../../../contracts/common.ts';
import { ApiError } from '../../../lib/api.ts';

/** A JSON POST with extra headers (the shared client sends none), parsed with the contract schema. */
export async function postJson<S extends z.ZodType>(
  path: string,
  schema: S,
  body: unknown,
  headers: Record<string, string>,
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(json);
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(res.status, e.code, e.message, e.fields ?? [], e.requestId);
    }
    throw new ApiError(res.status, 'HTTP', `HTTP ${res.status}`);
  }
  return schema.parse(json);
}
