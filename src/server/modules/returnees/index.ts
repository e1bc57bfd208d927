import type { XinghuoModule } from '../../core/context.ts';
import { seedReturnees } from './returnees.demo.ts';
import { overdueFollowUps, returneeChronicle, returneeFigures } from './returnees.figures.ts';
import { declareReturneesPersonalData } from './returnees.personal-data.ts';
import { ReturneesRepository } from './returnees.repository.ts';
import { returneesRoutes } from './returnees.routes.ts';
import { ReturneesService } from './returnees.service.ts';

export { ReturneesService } from './returnees.service.ts';
export type { ReturneeTables } from './returnees.tables.ts';

export const returneesModule: XinghuoModule = {
  name: 'returnees',
  register(app, ctx) {
    ctx.figures.register(...returneeFigures);
    ctx.attention.register(overdueFollowUps);
    for (const source of returneeChronicle) ctx.chronicle.registerEvent(source);
    declareReturneesPersonalData(ctx.retention);
    const service = new ReturneesService(ctx, new ReturneesRepository(ctx.db));
    ctx.jobs.register({
      name: 'returnees.lost-to-follow-up',
      dailyAt: '00:20',
      run: async ({ now }) => void (await service.markLostToFollowUp(now)),
    });
    returneesRoutes(app, service);
  },
  seedDemo: seedReturnees,
};
