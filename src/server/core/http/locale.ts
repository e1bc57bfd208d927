import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../../contracts/common.ts';

/** ?lang= wins, then the xh_lang cookie, then the signed-in user's setting, then Accept-Language. */
export function resolveLocale(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  const explicit = typeof query?.lang === 'string' ? query.lang : request.cookies?.xh_lang;
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (request.actor) return request.actor.locale;
  const accept = request.headers['accept-language'] ?? '';
  if (/^\s*en\b/i.test(accept)) return 'en';
  return 'zh-CN';
}
