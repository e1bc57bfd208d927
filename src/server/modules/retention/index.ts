import type { XinghuoModule } from '../../core/context.ts';
import { RetentionRepository } from './retention.repository.ts';
import { retentionRoutes } from './retention.routes.ts';
import { RetentionService } from './retention.service.ts';

/** The API over core's personal-data inventory: rules, the end of an emergency, a person's requests. */
export const retentionModule: XinghuoModule = {
  name: 'retention',
  register(app, ctx) {
    retentionRoutes(app, new RetentionService(ctx, new RetentionRepository(ctx.db)));
  },
};
