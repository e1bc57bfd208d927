import type { XinghuoModule } from '../../core/context.ts';
import { LiveRepository } from './live.repository.ts';
import { liveRoutes } from './live.routes.ts';

export const liveModule: XinghuoModule = {
  name: 'live',
  register(app, ctx) {
    liveRoutes(app, ctx.events, ctx.live, new LiveRepository(ctx.db));
  },
};
