import type { XinghuoModule } from '../../core/context.ts';
import { AuthRepository } from './auth.repository.ts';
import { authRoutes } from './auth.routes.ts';
import { AuthService } from './auth.service.ts';
import { LoginLimiter } from './login-limiter.ts';

export { LOCK_MS, MAX_FAILURES } from './auth.service.ts';

export const authModule: XinghuoModule = {
  name: 'auth',
  register(app, ctx) {
    const service = new AuthService(
      ctx.db,
      new AuthRepository(ctx.db),
      ctx.sessions,
      ctx.audit,
      new LoginLimiter(),
    );
    authRoutes(app, service, { secure: ctx.config.secureCookies, maxAgeS: ctx.config.sessionHours * 3600 });
  },
};
