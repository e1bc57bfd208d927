import type { AppContext, XinghuoModule } from '../../core/context.ts';
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
