import type { XinghuoModule } from '../../core/context.ts';
import { seedChronicle } from './chronicle.demo.ts';
import { ChronicleRepository } from './chronicle.repository.ts';
import { chronicleRoutes } from './chronicle.routes.ts';
import { CHRONICLE_AT, chronicleServices, periodEndOf } from './chronicle.schedule.ts';
import { ChronicleService } from './chronicle.service.ts';

export { CHRONICLE_AT, chronicleServices, periodEndOf } from './chronicle.schedule.ts';
export { ChronicleService } from './chronicle.service.ts';
export type { ChronicleTables } from './chronicle.tables.ts';

export const chronicleModule: XinghuoModule = {
  name: 'chronicle',
  register(app, ctx) {
    const service = new ChronicleService(ctx, new ChronicleRepository(ctx.db));
    chronicleServices.set(ctx, service);
    // The scheduler claims (job, day) once across instances and catches up a missed 16:00 on start.
    ctx.jobs.register({
      name: 'chronicle.draft-daily',
      dailyAt: CHRONICLE_AT,
      run: async ({ slot }) => void (await service.draftDay(periodEndOf(slot))),
    });
    chronicleRoutes(app, service);
  },
  seedDemo: seedChronicle,
};
