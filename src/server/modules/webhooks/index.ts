import type { XinghuoModule } from '../../core/context.ts';
import { WebhookDispatcher } from '../../core/events/webhooks.ts';
import { WebhooksRepository } from './webhooks.repository.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { WebhooksService } from './webhooks.service.ts';

/** How often the outbox is swept; each slot runs on one instance only. */
export const DISPATCH_EVERY_MS = 2_000;

export const webhooksModule: XinghuoModule = {
  name: 'webhooks',
  register(app, ctx) {
    webhooksRoutes(app, new WebhooksService(ctx.db, new WebhooksRepository(ctx.db), ctx.audit));
    const dispatcher = new WebhookDispatcher(ctx.db);
    ctx.jobs.register({
      name: 'webhooks.deliver',
      everyMs: DISPATCH_EVERY_MS,
      run: async (job) => void (await dispatcher.dispatchDue(job.now)),
    });
  },
};
