import type { XinghuoModule } from '../../core/context.ts';
import { addDays } from '../../core/figures/index.ts';
import { seedDashboard } from './dashboard.demo.ts';
import { DashboardRepository } from './dashboard.repository.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { DashboardService } from './dashboard.service.ts';

export { DashboardService, SNAPSHOT_DEPTH } from './dashboard.service.ts';
export type { DashboardTables } from './dashboard.tables.ts';

/** The service of each app: the chronicle reads the day's figures, tests drive the snapshot job. */
export const dashboardServices = new WeakMap<object, DashboardService>();

export const dashboardModule: XinghuoModule = {
  name: 'dashboard',
  register(app, ctx) {
    const service = new DashboardService(ctx, new DashboardRepository(ctx.db));
    dashboardServices.set(ctx, service);
    // Just after midnight Beijing time, yesterday's figures are frozen into snapshots.
    ctx.jobs.register({
      name: 'dashboard.snapshot-figures',
      dailyAt: '00:05',
      run: async ({ slot }) => void (await service.snapshot(addDays(slot, -1))),
    });
    dashboardRoutes(app, service);
  },
  seedDemo: seedDashboard,
};
