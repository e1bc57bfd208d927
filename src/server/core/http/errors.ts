import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../../contracts/common.ts';
import { type MessageCode, translate } from '../../../contracts/messages.ts';
import { AppError } from '../errors.ts';
import { resolveLocale } from './locale.ts';
import { isMalformedUpload } from './upload.ts';
import { RequestValidationError } from './validation.ts';

const FASTIFY_CODES: Record<string, { code: MessageCode; status: number }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'MALFORMED_BODY', status: 400 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_BODY', status: 400 },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_BODY', status: 400 },
  FST_ERR_CTP_EMPTY_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  FST_ERR_CTP_INVALID_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  FST_REQ_FILE_TOO_LARGE: { code: 'FILE_TOO_LARGE', status: 413 },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  FST_PROTO_VIOLATION: { code: 'MALFORMED_BODY', status: 400 },
  FST_ERR_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', status: 408 },
};

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: MessageCode,
  status: number,
  extra: Partial<ErrorBody['error']> = {},
  params: Record<string, unknown> = {},
): FastifyReply {
  const locale = request.locale ?? resolveLocale(request);
  const body: ErrorBody = {
    error: { code, message: translate(code, locale, params), requestId: request.id, ...extra },
  };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | RequestValidationError, request, reply) => {
    const locale = request.locale ?? resolveLocale(request);
    if (error instanceof RequestValidationError) {
      return sendError(request, reply, 'VALIDATION', 400, { fields: error.fieldsByLocale[locale] });
    }
    if (error instanceof AppError) {
      const fields = error.fields?.map((f) => ({
        ...f,
        message: translate(error.code, locale, error.params),
      }));
      return sendError(request, reply, error.code, error.status, fields ? { fields } : {}, error.params);
    }
    if (isMalformedUpload(error)) {
      return sendError(request, reply, 'MALFORMED_UPLOAD', 400, {
        fields: [
          {
            field: 'file',
            in: 'file',
            code: 'MALFORMED_UPLOAD',
            message: translate('MALFORMED_UPLOAD', locale),
          },
        ],
      });
    }
    const known = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendError(request, reply, known.code, known.status);
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Parser and protocol errors from Fastify and its plugins: malformed input, never a server fault.
      const code: MessageCode =
        status === 413 ? 'BODY_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_BODY';
      return sendError(request, reply, code, status);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      request,
      reply,
      status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL',
      Math.max(status, 500),
    );
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'ROUTE_NOT_FOUND', 404));
}
