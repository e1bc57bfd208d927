import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { type ZodType, z } from 'zod';
import {
  checksOwnText,
  type FieldError,
  type Locale,
  unstorableTextFields,
} from '../../../contracts/common.ts';
import { isMessageCode, translate } from '../../../contracts/messages.ts';

type Part = FieldError['in'];

const PARTS: Record<string, Part> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/**
 * Fails validation with every issue rendered in both UI languages (computed only on failure), so
 * the error handler can answer in the caller's language without a second parse.
 */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly fieldsByLocale: Record<Locale, FieldError[]>) {
    super('request validation failed');
  }
}

const zhCN = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

function render(schema: ZodType, data: unknown, part: Part, locale: Locale): FieldError[] {
  const result = schema.safeParse(data, { error: locale === 'en' ? en : zhCN });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field =
      issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys].join('.') : issue.path.join('.');
    const code = issue.code === 'custom' || isMessageCode(issue.message) ? issue.message : issue.code;
    const message = isMessageCode(issue.message) ? translate(issue.message, locale) : issue.message;
    return { field, in: part, code, message };
  });
}

export function issuesToFields(schema: ZodType, data: unknown, part: Part): Record<Locale, FieldError[]> {
  return { 'zh-CN': render(schema, data, part, 'zh-CN'), en: render(schema, data, part, 'en') };
}

export function unstorable(fields: string[], part: Part): Record<Locale, FieldError[]> {
  const list = (locale: Locale) =>
    fields.map((field) => ({
      field,
      in: part,
      code: 'TEXT_UNSTORABLE',
      message: translate('TEXT_UNSTORABLE', locale),
    }));
  return { 'zh-CN': list('zh-CN'), en: list('en') };
}

/**
 * `?lang=` chooses the answer's language on every route (read in onRequest, before validation),
 * so strict query schemas never see it: a link such as an export can always carry it.
 */
function withoutLang(data: unknown): unknown {
  if (!data || typeof data !== 'object' || !('lang' in data)) return data;
  const { lang: _lang, ...rest } = data as Record<string, unknown>;
  return rest;
}

export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (raw) => {
    const data = httpPart === 'querystring' ? withoutLang(raw) : raw;
    const part = PARTS[httpPart ?? 'body'] ?? 'body';
    // Headers are the transport's business; every other string is text the platform may store.
    const bad = part === 'headers' || checksOwnText(schema) ? [] : unstorableTextFields(data);
    if (bad.length > 0) return { error: new RequestValidationError(unstorable(bad, part)) };
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(issuesToFields(schema, data, part)) };
  };

/** A route that takes no body: nothing, or an empty JSON object (what clients send by habit). */
const noBodySchema = z.strictObject({}).nullish();

/**
 * Routes that declare no body schema refuse a body with fields in it, as a strict schema refuses
 * an unknown field — so a client that thinks it is sending options learns it is not. Upload
 * routes (multipart, parsed by the route itself) declare `consumes` and are left alone.
 */
export function refuseUnexpectedBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (!methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH' || m === 'DELETE')) return;
    const schema = route.schema ?? {};
    if (schema.body !== undefined || schema.consumes !== undefined) return;
    route.schema = { ...schema, body: noBodySchema };
  });
}
