import { CRISIS_ESCALATE_AFTER_MINUTES } from '../../../contracts/counselling.ts';
import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { seedCounselling } from './counselling.demo.ts';
import { counsellingFigures, escalatedCrises } from './counselling.figures.ts';
import { declareCounsellingPersonalData } from './counselling.personal-data.ts';
import { CounsellingRepository } from './counselling.repository.ts';
import { counsellingRoutes } from './counselling.routes.ts';
import { CounsellingService } from './counselling.service.ts';

export { CounsellingRepository } from './counselling.repository.ts';
export { CounsellingService } from './counselling.service.ts';
export type { CounsellingTables } from './counselling.tables.ts';

/** The module's one composition root: register, tests and the bench build the service here. */
export function createCounsellingService(
  ctx: AppContext,
  escalateAfterMs = CRISIS_ESCALATE_AFTER_MINUTES * 60_000,
): CounsellingService {
  return new CounsellingService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new CounsellingRepository(ctx.db),
    escalateAfterMs,
  );
}

/** 心理健康服务: slots and bookings under an alias, "I need help now" with escalation, counts for officials. */
export const counsellingModule: XinghuoModule = {
  name: 'counselling',
  register(app, ctx) {
    ctx.figures.register(...counsellingFigures);
    ctx.attention.register(escalatedCrises);
    declareCounsellingPersonalData(ctx.retention);
    const service = createCounsellingService(ctx);
    ctx.jobs.register({
      name: 'counselling.escalate-crises',
      everyMs: 30_000,
      run: async ({ now }) => void (await service.escalateUnanswered(now)),
    });
    counsellingRoutes(app, service);
  },
  seedDemo: seedCounselling,
};
