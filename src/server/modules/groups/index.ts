import type { XinghuoModule } from '../../core/context.ts';
import { seedGroups } from './groups.demo.ts';
import { groupChronicle, groupFigures } from './groups.figures.ts';
import { GroupsRepository } from './groups.repository.ts';
import { groupsRoutes } from './groups.routes.ts';
import { GroupsService } from './groups.service.ts';

export { type GroupRow, GroupsRepository } from './groups.repository.ts';
export type { GroupsTables } from './groups.tables.ts';
export { dingtalkPayload, dingtalkSignedUrl, type RobotResult, sendToRobot, wecomPayload } from './robots.ts';

export const groupsModule: XinghuoModule = {
  name: 'groups',
  register(app, ctx) {
    ctx.figures.register(...groupFigures);
    ctx.chronicle.registerEvent(groupChronicle);
    groupsRoutes(app, new GroupsService(ctx.db, new GroupsRepository(ctx.db), ctx.audit, ctx.events));
  },
  seedDemo: seedGroups,
};
