import type { XinghuoModule } from '../../core/context.ts';
import type { Db } from '../../core/db/index.ts';
import { Accounts } from '../users/index.ts';
import { MemberCounts } from './member-counts.ts';
import { seedVolunteers } from './volunteers.demo.ts';
import { volunteerChronicle, volunteerFigures } from './volunteers.figures.ts';
import { declareVolunteersPersonalData } from './volunteers.personal-data.ts';
import { VolunteersRepository } from './volunteers.repository.ts';
import { volunteersRoutes } from './volunteers.routes.ts';
import { VolunteersService } from './volunteers.service.ts';

export { type MemberCountRow, MemberCounts } from './member-counts.ts';
export { MemberTeams } from './member-teams.ts';
export { commonPath } from './volunteers.service.ts';
export type { VolunteersTables } from './volunteers.tables.ts';

const REBUILD_EVERY_MS = 10 * 60_000;

/** Member counts as reach figures read them, recounted from the users module's grants. */
export function createMemberCounts(db: Db): MemberCounts {
  return new MemberCounts(db, new Accounts(db));
}

export const volunteersModule: XinghuoModule = {
  name: 'volunteers',
  register(app, ctx) {
    ctx.figures.register(...volunteerFigures);
    for (const source of volunteerChronicle) ctx.chronicle.registerEvent(source);
    declareVolunteersPersonalData(ctx.retention);
    const counts = createMemberCounts(ctx.db);
    ctx.jobs.register({
      name: 'volunteers.rebuild-member-counts',
      everyMs: REBUILD_EVERY_MS,
      run: async () => void (await counts.rebuild()),
    });
    volunteersRoutes(
      app,
      new VolunteersService(
        ctx.db,
        new VolunteersRepository(ctx.db),
        counts,
        new Accounts(ctx.db),
        ctx.audit,
        ctx.events,
        ctx.sessions,
      ),
    );
  },
  seedDemo: seedVolunteers,
};
