import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Errors raised by the multipart parser (busboy) are plain Errors: no code, no status. Left alone
 * they would answer 500 for what is the client's malformed body (no closing boundary, JSON sent
 * under a multipart type). They are remembered here so the error handler answers 400 instead.
 */
const malformed = new WeakSet<object>();

export function isMalformedUpload(error: unknown): boolean {
  return typeof error === 'object' && error !== null && malformed.has(error);
}

/** Fastify's own multipart errors (file too large…) carry a code and keep their own answer. */
function mark(error: unknown): unknown {
  const coded = typeof error === 'object' && error !== null && 'code' in error;
  if (!coded && typeof error === 'object' && error !== null) malformed.add(error);
  return error;
}

const fileField = (code: 'FILE_MISSING' | 'MALFORMED_UPLOAD') => [
  { field: 'file', in: 'file' as const, code },
];

/** The request's one uploaded file, for every upload route: one place that reads multipart. */
export async function uploadedFile(request: FastifyRequest): Promise<MultipartFile> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
  let part: MultipartFile | undefined;
  try {
    part = await request.file();
  } catch (error) {
    throw isMalformedUpload(mark(error))
      ? new AppError('MALFORMED_UPLOAD', 400, {}, fileField('MALFORMED_UPLOAD'))
      : error;
  }
  if (!part) throw new AppError('FILE_MISSING', 400, {}, fileField('FILE_MISSING'));
  // A body cut off mid-file fails while the file is being read, inside whoever consumes the stream.
  // It may have failed already, before the part reached us.
  if (part.file.errored) mark(part.file.errored);
  part.file.once('error', mark);
  return part;
}
