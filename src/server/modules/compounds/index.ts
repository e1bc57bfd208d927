import { canAccessPath } from '../../core/access/index.ts';
import type { XinghuoModule } from '../../core/context.ts';
import { seedCompounds } from './compounds.demo.ts';
import { compoundFigures } from './compounds.figures.ts';
import { declareCompoundsPersonalData } from './compounds.personal-data.ts';
import { CompoundsRepository } from './compounds.repository.ts';
import { compoundsRoutes } from './compounds.routes.ts';
import { CompoundsService } from './compounds.service.ts';

export { demoIdNumber } from './compounds.demo.ts';
export {
  type CompoundNode,
  type CompoundsDb,
  CompoundsRepository,
  type HouseholdAddress,
} from './compounds.repository.ts';
export { CompoundsService, communityPath, seesFullIdentity } from './compounds.service.ts';
export type { CompoundTables } from './compounds.tables.ts';

export const compoundsModule: XinghuoModule = {
  name: 'compounds',
  register(app, ctx) {
    ctx.figures.register(...compoundFigures);
    declareCompoundsPersonalData(ctx.retention);
    const repo = new CompoundsRepository(ctx.db);
    ctx.files.registerOwner('compound-import', {
      allowedKinds: ['xlsx'],
      async canWrite(actor, ownerId) {
        const node = await repo.node(Number(ownerId));
        return node && node.kind === 'compound' && canAccessPath(actor, 'compounds.manage', node.path)
          ? node.path
          : null;
      },
      async canRead(actor, _ownerId, nodePath) {
        return canAccessPath(actor, 'compounds.manage', nodePath);
      },
    });
    compoundsRoutes(app, new CompoundsService(ctx, repo));
  },
  seedDemo: seedCompounds,
};
