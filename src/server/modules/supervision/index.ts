import { canAccessPath } from '../../core/access/index.ts';
import type { AppContext, XinghuoModule } from '../../core/context.ts';
import type { Db } from '../../core/db/index.ts';
import { seedSupervision } from './supervision.demo.ts';
import { supervisionAttention, supervisionChronicle, supervisionFigures } from './supervision.figures.ts';
import { declareSupervisionPersonalData } from './supervision.personal-data.ts';
import { SupervisionRepository } from './supervision.repository.ts';
import { supervisionRoutes } from './supervision.routes.ts';
import { type JointInspection, SupervisionService } from './supervision.service.ts';

export type { JointInspection } from './supervision.service.ts';
export type { SupervisionTables } from './supervision.tables.ts';

/** Opens rectification orders for a joint inspection's findings, in the caller's transaction. */
export function openJointInspection(ctx: AppContext, trx: Db, input: JointInspection): Promise<number[]> {
  return new SupervisionService(ctx, new SupervisionRepository(ctx.db)).openJointInspection(trx, input);
}

/** The reminder and escalation sweep: often enough that "overdue" is never more than a minute stale. */
const SWEEP_EVERY_MS = 60_000;

export const supervisionModule: XinghuoModule = {
  name: 'supervision',
  register(app, ctx) {
    ctx.figures.register(...supervisionFigures);
    ctx.attention.register(supervisionAttention);
    for (const source of supervisionChronicle) ctx.chronicle.registerEvent(source);
    declareSupervisionPersonalData(ctx.retention);
    const service = new SupervisionService(ctx, new SupervisionRepository(ctx.db));
    ctx.files.registerOwner('sup-visit', {
      allowedKinds: ['jpeg', 'png', 'webp'],
      canWrite: (actor, ownerId) => service.visitFilePath(actor, ownerId, true),
      canRead: async (actor, ownerId) => (await service.visitFilePath(actor, ownerId, false)) != null,
    });
    ctx.files.registerOwner('sup-order', {
      allowedKinds: ['jpeg', 'png', 'webp', 'pdf'],
      canWrite: (actor, ownerId) => service.orderFilePath(actor, ownerId, true),
      canRead: async (actor, ownerId) => (await service.orderFilePath(actor, ownerId, false)) != null,
    });
    ctx.jobs.register({
      name: 'supervision.sweep',
      everyMs: SWEEP_EVERY_MS,
      run: async ({ now }) => {
        await service.sweep(now);
      },
    });
    // A sweep's event lists the nodes whose orders fell due or escalated: each official hears of their own.
    for (const type of ['supervision.orders-due', 'supervision.orders-escalated'])
      ctx.live.registerAudience(type, (event, actor) => {
        if (canAccessPath(actor, 'supervision.manage', event.nodePath)) return true;
        const nodes = Object.keys((event.payload.nodes ?? {}) as Record<string, number>);
        return nodes.some((path) => canAccessPath(actor, 'supervision.rectify', path));
      });
    supervisionRoutes(app, service);
  },
  seedDemo: seedSupervision,
};
