import type { XinghuoModule } from '../../core/context.ts';
import { UsersRepository } from './users.repository.ts';
import { usersRoutes } from './users.routes.ts';
import { UsersService } from './users.service.ts';

export { Accounts } from './accounts.ts';
export { UsersRepository } from './users.repository.ts';
export { UsersService } from './users.service.ts';

export const usersModule: XinghuoModule = {
  name: 'users',
  register(app, ctx) {
    usersRoutes(
      app,
      new UsersService(ctx.db, new UsersRepository(ctx.db), ctx.audit, ctx.events, ctx.sessions),
    );
  },
};
