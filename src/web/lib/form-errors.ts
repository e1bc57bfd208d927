import type { FormInstance } from 'antd';
import { ApiError } from './api.ts';

/** Splits 'grants.0.nodeId' into the antd name path ['grants', 0, 'nodeId']. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts each `error.fields[]` message (already in the user's language) under its form field and
 * returns the messages that match no field, for a toast.
 */
export function applyApiError(form: FormInstance, err: unknown): string | null {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  // Without arguments antd returns every registered field, empty ones included.
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const placed = err.fields.filter((f) => known.has(f.field.split('.')[0]!));
  if (placed.length > 0) {
    form.setFields(placed.map((f) => ({ name: namePath(f.field), errors: [f.message] })));
  }
  const unplaced = err.fields.filter((f) => !placed.includes(f));
  if (placed.length > 0 && unplaced.length === 0) return null;
  return [err.message, ...unplaced.map((f) => `${f.field}: ${f.message}`)].join('；');
}
