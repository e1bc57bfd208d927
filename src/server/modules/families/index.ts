import type { XinghuoModule } from '../../core/context.ts';
import { FIELD_TASK_EVENTS } from '../fieldwork/index.ts';
import { seedFamilies } from './families.demo.ts';
import { familyChronicle, familyFigures, missedDeliveries } from './families.figures.ts';
import { declareFamiliesPersonalData } from './families.personal-data.ts';
import { FamiliesRepository } from './families.repository.ts';
import { familiesRoutes } from './families.routes.ts';
import { FamiliesService, familyAudience } from './families.service.ts';

export { FamiliesService } from './families.service.ts';
export type { FamilyTables } from './families.tables.ts';

const LIVE_TYPES = [
  'families.registered',
  'families.service-added',
  'families.service-paused',
  'families.service-resumed',
  'families.edited',
  'families.delivery-done',
  'families.delivery-missed',
  'families.urgent-need',
  'families.need-handled',
];

export const familiesModule: XinghuoModule = {
  name: 'families',
  register(app, ctx) {
    ctx.figures.register(...familyFigures);
    ctx.attention.register(missedDeliveries);
    for (const source of familyChronicle) ctx.chronicle.registerEvent(source);
    for (const type of LIVE_TYPES) ctx.live.registerAudience(type, familyAudience);
    declareFamiliesPersonalData(ctx.retention);
    const service = new FamiliesService(ctx, new FamiliesRepository(ctx.db));
    ctx.jobs.register({
      name: 'families.generate-occurrences',
      dailyAt: '00:10',
      run: async ({ now }) => void (await service.generate(now)),
    });
    ctx.jobs.register({
      name: 'families.mark-missed',
      everyMs: 5 * 60_000,
      run: async ({ now }) => void (await service.markMissed(now)),
    });
    ctx.events.consume({
      name: 'families.field-tasks',
      types: Object.values(FIELD_TASK_EVENTS),
      handle: (trx, event) => service.fromTaskEvent(trx, event),
    });
    familiesRoutes(app, service);
  },
  seedDemo: seedFamilies,
};
