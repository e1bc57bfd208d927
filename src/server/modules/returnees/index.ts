import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { NodeLookup } from '../regions/index.ts';
import { seedReturnees } from './returnees.demo.ts';
import { overdueFollowUps, returneeChronicle, returneeFigures } from './returnees.figures.ts';
import { declareReturneesPersonalData } from './returnees.personal-data.ts';
import { ReturneesRepository } from './returnees.repository.ts';
import { returneesRoutes } from './returnees.routes.ts';
import { ReturneesService } from './returnees.service.ts';

export { ReturneesRepository } from './returnees.repository.ts';
export { ReturneesService } from './returnees.service.ts';
export type { ReturneeTables } from './returnees.tables.ts';

/** The module's one composition root: register, tests and the bench build the service here. */
export function createReturneesService(ctx: AppContext): ReturneesService {
  return new ReturneesService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new ReturneesRepository(ctx.db),
    new NodeLookup(ctx.db),
  );
}

export const returneesModule: XinghuoModule = {
  name: 'returnees',
  register(app, ctx) {
    ctx.figures.register(...returneeFigures);
    ctx.attention.register(overdueFollowUps);
    for (const source of returneeChronicle) ctx.chronicle.registerEvent(source);
    declareReturneesPersonalData(ctx.retention);
    const service = createReturneesService(ctx);
    ctx.jobs.register({
      name: 'returnees.lost-to-follow-up',
      dailyAt: '00:20',
      run: async ({ now }) => void (await service.markLostToFollowUp(now)),
    });
    returneesRoutes(app, service);
  },
  seedDemo: seedReturnees,
};
