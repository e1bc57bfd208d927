import type { Actor } from '../../core/access/index.ts';
import type { AppContext, XinghuoModule } from '../../core/context.ts';
import type { Db } from '../../core/db/index.ts';
import { seedFieldwork } from './fieldwork.demo.ts';
import { fieldworkAttention, fieldworkChronicle, fieldworkFigures } from './fieldwork.figures.ts';
import { declareFieldworkPersonalData } from './fieldwork.personal-data.ts';
import { FieldworkRepository } from './fieldwork.repository.ts';
import { fieldworkRoutes } from './fieldwork.routes.ts';
import { FieldworkService } from './fieldwork.service.ts';

export type { FieldworkTables } from './fieldwork.tables.ts';

/** The one place the service is wired: the module, the tests and the bench call this. */
export function createFieldworkService(ctx: AppContext): FieldworkService {
  return new FieldworkService(ctx, new FieldworkRepository(ctx.db));
}

/**
 * Another module dispatches one volunteer task on a node (the families module: a delivery to a
 * front-line worker's family). The caller's own `fieldwork.manage` scope applies. The task's
 * `fieldwork.task-claimed` and `fieldwork.task-cannot` events carry `taskId`, for the dispatching
 * module to follow who holds it.
 */
export async function dispatchFieldTask(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  body: { nodeId: number; title: string; windowStart: number; windowEnd: number },
): Promise<{ taskId: number }> {
  // Inside the caller's transaction: its own record of the dispatch and the task commit together.
  const { taskIds } = await createFieldworkService({ ...ctx, db: trx }).createTasks(actor, {
    nodeIds: [body.nodeId],
    kind: 'delivery',
    title: body.title,
    priority: 'normal',
    windowStart: body.windowStart,
    windowEnd: body.windowEnd,
  });
  return { taskId: taskIds[0]! };
}

/** Event types a dispatching module follows; each payload carries `taskId`, the actor is the volunteer. */
export const FIELD_TASK_EVENTS = {
  claimed: 'fieldwork.task-claimed',
  cannot: 'fieldwork.task-cannot',
} as const;

export const fieldworkModule: XinghuoModule = {
  name: 'fieldwork',
  register(app, ctx) {
    ctx.figures.register(...fieldworkFigures);
    for (const source of fieldworkAttention) ctx.attention.register(source);
    for (const source of fieldworkChronicle) ctx.chronicle.registerEvent(source);
    declareFieldworkPersonalData(ctx.retention);
    const service = createFieldworkService(ctx);
    ctx.files.registerOwner('field-task', {
      allowedKinds: ['jpeg', 'png', 'webp'],
      canWrite: (actor, ownerId) => service.evidencePath(actor, ownerId, true),
      canRead: async (actor, ownerId) => (await service.evidencePath(actor, ownerId, false)) != null,
    });
    fieldworkRoutes(app, service);
  },
  seedDemo: seedFieldwork,
};
