import { canAccessPath } from '../../core/access/index.ts';
import type { XinghuoModule } from '../../core/context.ts';
import { seedSupplies } from './supplies.demo.ts';
import { suppliesAttention, suppliesChronicle, suppliesFigures } from './supplies.figures.ts';
import { declareSuppliesPersonalData } from './supplies.personal-data.ts';
import { SuppliesRepository } from './supplies.repository.ts';
import { suppliesRoutes } from './supplies.routes.ts';
import { SuppliesService } from './supplies.service.ts';

export { SuppliesService } from './supplies.service.ts';
export type { SuppliesTables } from './supplies.tables.ts';

export const suppliesModule: XinghuoModule = {
  name: 'supplies',
  register(app, ctx) {
    const repo = new SuppliesRepository(ctx.db);
    const service = new SuppliesService(ctx, repo);
    ctx.figures.register(...suppliesFigures);
    for (const source of suppliesAttention) ctx.attention.register(source);
    for (const source of suppliesChronicle) ctx.chronicle.registerEvent(source);
    declareSuppliesPersonalData(ctx.retention);
    // The photo of a paper waybill signed by the receiver, attached by the courier.
    ctx.files.registerOwner('supplies-waybill', {
      allowedKinds: ['jpeg', 'png', 'pdf'],
      async canWrite(actor, ownerId) {
        const w = await repo.waybill(Number(ownerId));
        return w && canAccessPath(actor, 'supplies.deliver', w.node_path) ? w.node_path : null;
      },
      async canRead(actor, _ownerId, nodePath) {
        return (
          canAccessPath(actor, 'supplies.read', nodePath) ||
          canAccessPath(actor, 'supplies.deliver', nodePath)
        );
      },
    });
    suppliesRoutes(app, service);
  },
  seedDemo: seedSupplies,
};
