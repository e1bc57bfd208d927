import type { XinghuoModule } from '../../core/context.ts';
import { JobsRepository } from './jobs.repository.ts';
import { jobsRoutes } from './jobs.routes.ts';

/** Job runs are platform-wide (not tied to a node): readable by holders of jobs.read anywhere. */
export const jobsModule: XinghuoModule = {
  name: 'jobs',
  register(app, ctx) {
    jobsRoutes(app, new JobsRepository(ctx.db));
  },
};
