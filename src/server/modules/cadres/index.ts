import type { XinghuoModule } from '../../core/context.ts';
import { seedCadres } from './cadres.demo.ts';
import { cadresChronicle, cadresFigures, uncoveredAreas } from './cadres.figures.ts';
import { declareCadresPersonalData } from './cadres.personal-data.ts';
import { CadresRepository } from './cadres.repository.ts';
import { cadresRoutes } from './cadres.routes.ts';
import { CadresService, PLATFORM_FACTS } from './cadres.service.ts';

export { entryHash, verifyLedger } from './cadres.ledger.ts';
export { CadresRepository } from './cadres.repository.ts';
export type { CadresTables } from './cadres.tables.ts';

export const cadresModule: XinghuoModule = {
  name: 'cadres',
  register(app, ctx) {
    ctx.figures.register(...cadresFigures);
    ctx.attention.register(uncoveredAreas);
    for (const source of cadresChronicle) ctx.chronicle.registerEvent(source);
    declareCadresPersonalData(ctx.retention);
    const service = new CadresService(ctx, new CadresRepository(ctx.db));
    ctx.events.consume({
      name: 'cadres.ledger-facts',
      types: Object.keys(PLATFORM_FACTS),
      handle: (trx, event) => service.fromEvent(trx, event),
    });
    ctx.files.registerOwner('cadre-ledger', {
      allowedKinds: ['jpeg', 'png', 'webp', 'pdf'],
      canWrite: (actor, ownerId) => service.evidencePath(actor, Number(ownerId), true),
      canRead: async (actor, ownerId) => (await service.evidencePath(actor, Number(ownerId), false)) != null,
    });
    cadresRoutes(app, service);
  },
  seedDemo: seedCadres,
};
