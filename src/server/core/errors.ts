import type { FieldError } from '../../contracts/common.ts';
import type { MessageCode } from '../../contracts/messages.ts';

/**
 * The one error type services throw. `code` is stable and names a message in
 * contracts/messages.ts; the HTTP layer renders it in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fields?: Omit<FieldError, 'message'>[],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError('NOT_FOUND', 404);
export const forbidden = () => new AppError('FORBIDDEN', 403);
export const conflict = (code: MessageCode = 'CONFLICT', params?: Record<string, unknown>) =>
  new AppError(code, 409, params);
export const badRequest = (code: MessageCode, field?: string, params?: Record<string, unknown>) =>
  new AppError(code, 400, params, field ? [{ field, in: 'body', code }] : undefined);
