import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { GroupsRepository } from '../groups/index.ts';
import { MemberCounts } from '../volunteers/index.ts';
import { BroadcastFiles } from './broadcast-files.ts';
import { seedBroadcasts } from './broadcasts.demo.ts';
import { ackBelowTarget, broadcastChronicle, broadcastFigures } from './broadcasts.figures.ts';
import { BroadcastsRepository } from './broadcasts.repository.ts';
import { broadcastsRoutes } from './broadcasts.routes.ts';
import { BroadcastsService } from './broadcasts.service.ts';

export { BroadcastsService, levelOf, membershipFor } from './broadcasts.service.ts';
export { renderMarkdown, toPlainText } from './markdown.ts';

/** The module's one composition root: register, the demo and the tests build the service here. */
export function createBroadcastsService(
  ctx: AppContext,
  repo = new BroadcastsRepository(ctx.db),
): BroadcastsService {
  return new BroadcastsService(
    ctx.db,
    repo,
    new GroupsRepository(ctx.db),
    new MemberCounts(ctx.db),
    ctx.audit,
    ctx.events,
  );
}

export const broadcastsModule: XinghuoModule = {
  name: 'broadcasts',
  register(app, ctx) {
    ctx.figures.register(...broadcastFigures);
    ctx.attention.register(ackBelowTarget);
    ctx.chronicle.registerEvent(broadcastChronicle);
    const repo = new BroadcastsRepository(ctx.db);
    const service = createBroadcastsService(ctx, repo);
    ctx.live.registerAudience('broadcast.published', service.liveAudience);
    ctx.files.registerOwner('broadcast', new BroadcastFiles(repo, service));
    ctx.jobs.register({
      name: 'broadcasts.deliver-robots',
      everyMs: 2_000,
      run: async () => void (await service.deliverDue()),
    });
    broadcastsRoutes(app, service);
  },
  seedDemo: (ctx, demo) => seedBroadcasts(createBroadcastsService(ctx), demo),
};
