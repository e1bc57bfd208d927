import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  changePasswordBodySchema,
  localeBodySchema,
  loginBodySchema,
  meSchema,
  sessionSchema,
} from '../../../contracts/auth.ts';
import { okSchema } from '../../../contracts/common.ts';
import { actorOf, CSRF_COOKIE, SESSION_COOKIE } from '../../core/http/index.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(
  app: FastifyInstance,
  service: AuthService,
  options: { secure: boolean; maxAgeS: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookie = { path: '/', sameSite: 'lax' as const, secure: options.secure };

  function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string) {
    reply.setCookie(SESSION_COOKIE, token, { ...cookie, httpOnly: true, maxAge: options.maxAgeS });
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookie, httpOnly: false, maxAge: options.maxAgeS });
  }

  r.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: loginBodySchema, response: { 200: meSchema } },
    },
    async (request, reply) => {
      const { token, csrfToken, me } = await service.login(request.body.phone, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      setSessionCookies(reply, token, csrfToken);
      return me;
    },
  );

  r.post(
    '/api/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 200: okSchema } } },
    async (request, reply) => {
      await service.logout(actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookie).clearCookie(CSRF_COOKIE, cookie);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 200: meSchema } } },
    async (request) => service.me(actorOf(request)),
  );

  r.get(
    '/api/auth/session',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: sessionSchema } } },
    async (request) => ({ me: request.actor ? await service.me(request.actor) : null }),
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], body: changePasswordBodySchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.changePassword(
        actorOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.id,
      );
      return { ok: true as const };
    },
  );

  r.put(
    '/api/auth/locale',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], body: localeBodySchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.setLocale(actorOf(request), request.body.locale);
      return { ok: true as const };
    },
  );
}
