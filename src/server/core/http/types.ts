import type { Locale } from '../../../contracts/common.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import type { Actor } from '../access/index.ts';

/** What a route needs: a permission (checked on the caller's grants), any session, or nothing. */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
