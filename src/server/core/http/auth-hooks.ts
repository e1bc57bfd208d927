import type { FastifyInstance } from 'fastify';
import { hasPermission } from '../access/index.ts';
import { type SessionStore, safeEqual } from '../auth/index.ts';
import { sendError } from './errors.ts';
import { resolveLocale } from './locale.ts';

export const SESSION_COOKIE = 'xh_session';
export const CSRF_COOKIE = 'xh_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Identifies the caller from the session cookie, then enforces the route's declared access and,
 * for state changes, CSRF: a signed-in request must echo the session's token in X-CSRF-Token
 * (double submit); any request the browser marks cross-site is refused outright.
 */
export function installAuthHooks(app: FastifyInstance, sessions: SessionStore): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} declares no access`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    request.actor = token ? await sessions.load(token) : null;
    request.locale = resolveLocale(request);

    const access = request.routeOptions.config?.access;
    if (!access) return;
    const stateChanging = !SAFE_METHODS.has(request.method);
    if (stateChanging && request.headers['sec-fetch-site'] === 'cross-site') {
      return sendError(request, reply, 'CSRF', 403);
    }
    if (access === 'public') return;
    if (!request.actor) return sendError(request, reply, 'UNAUTHENTICATED', 401);
    if (stateChanging) {
      const presented = request.headers[CSRF_HEADER];
      if (typeof presented !== 'string' || !safeEqual(presented, request.actor.csrfToken)) {
        return sendError(request, reply, 'CSRF', 403);
      }
    }
    if (access !== 'authenticated' && !hasPermission(request.actor, access)) {
      return sendError(request, reply, 'FORBIDDEN', 403);
    }
  });
}
