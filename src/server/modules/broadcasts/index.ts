import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { GroupsRepository } from '../groups/index.ts';
import { createMemberCounts, MemberTeams } from '../volunteers/index.ts';
import { Audiences } from './audience.ts';
import { BroadcastFiles } from './broadcast-files.ts';
import { seedBroadcasts } from './broadcasts.demo.ts';
import { ackBelowTarget, broadcastChronicle, broadcastFigures } from './broadcasts.figures.ts';
import { BroadcastsRepository } from './broadcasts.repository.ts';
import { type BroadcastServices, broadcastsRoutes } from './broadcasts.routes.ts';
import { BroadcastsService } from './broadcasts.service.ts';
import { InboxService } from './inbox.service.ts';
import { ReachService } from './reach.service.ts';
import { RelaysService } from './relays.service.ts';

export { levelOf, membershipFor } from './audience.ts';
export type { BroadcastServices } from './broadcasts.routes.ts';
export { renderMarkdown, toPlainText } from './markdown.ts';

/** The module's one composition root: register, the demo and the tests build the services here. */
export function createBroadcastServices(ctx: AppContext): BroadcastServices {
  const repo = new BroadcastsRepository(ctx.db);
  const groups = new GroupsRepository(ctx.db);
  const audiences = new Audiences(repo, new MemberTeams(ctx.db));
  return {
    publishing: new BroadcastsService(ctx.db, repo, groups, audiences, ctx.audit, ctx.events),
    inbox: new InboxService(repo, audiences),
    reach: new ReachService(repo, groups, createMemberCounts(ctx.db)),
    relays: new RelaysService(ctx.db, repo, groups, audiences, ctx.audit),
  };
}

export const broadcastsModule: XinghuoModule = {
  name: 'broadcasts',
  register(app, ctx) {
    ctx.figures.register(...broadcastFigures);
    ctx.attention.register(ackBelowTarget);
    ctx.chronicle.registerEvent(broadcastChronicle);
    const services = createBroadcastServices(ctx);
    ctx.live.registerAudience('broadcast.published', services.publishing.liveAudience);
    ctx.files.registerOwner(
      'broadcast',
      new BroadcastFiles(new BroadcastsRepository(ctx.db), services.publishing),
    );
    ctx.jobs.register({
      name: 'broadcasts.deliver-robots',
      everyMs: 2_000,
      run: async () => void (await services.relays.deliverDue()),
    });
    broadcastsRoutes(app, services);
  },
  seedDemo: (ctx, demo) => seedBroadcasts(createBroadcastServices(ctx).publishing, demo),
};
