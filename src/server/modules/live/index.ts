import type { XinghuoModule } from '../../core/context.ts';
import { liveRoutes } from './live.routes.ts';

export const liveModule: XinghuoModule = {
  name: 'live',
  register(app, ctx) {
    liveRoutes(app, ctx.events, ctx.live);
  },
};
