import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { CompoundsRepository } from '../compounds/index.ts';
import { passChronicle, passFigures } from './passes.figures.ts';
import { loadMasterKey, PassKeyring } from './passes.keys.ts';
import { declarePassesPersonalData } from './passes.personal-data.ts';
import { PassesRepository } from './passes.repository.ts';
import { passesRoutes } from './passes.routes.ts';
import { PassesService } from './passes.service.ts';

export { loadMasterKey, newKeyPair, PassKeyring, publicKeyFromRaw, unseal } from './passes.keys.ts';
export { passSheet, qrPixels } from './passes.pdf.ts';
export { PassesRepository } from './passes.repository.ts';
export { type Holder, PassesService } from './passes.service.ts';
export type { PassTables } from './passes.tables.ts';
export { matchShortCode, shortCodeOf } from './short-code.ts';

/** One keyring per app: the gate module verifies with the same cached keys the issuer signs with. */
const keyrings = new WeakMap<object, PassKeyring>();

export function passKeyring(ctx: AppContext): PassKeyring {
  let ring = keyrings.get(ctx);
  if (!ring) {
    ring = new PassKeyring(new PassesRepository(ctx.db), loadMasterKey(ctx.config.dataDir));
    keyrings.set(ctx, ring);
  }
  return ring;
}

/** The module's one composition root: register, the demo and the bench build the service here. */
export function createPassesService(ctx: AppContext): PassesService {
  return new PassesService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new PassesRepository(ctx.db),
    new CompoundsRepository(ctx.db),
    passKeyring(ctx),
  );
}

/** The name the e2e fixtures import; same factory. */
export const passesService = createPassesService;

export const passesModule: XinghuoModule = {
  name: 'passes',
  register(app, ctx) {
    ctx.figures.register(...passFigures);
    ctx.chronicle.registerEvent(passChronicle);
    declarePassesPersonalData(ctx.retention);
    passesRoutes(app, createPassesService(ctx));
  },
  /** Every demo resident and vehicle gets its pass, signed with the demo city's first key. */
  async seedDemo(ctx) {
    const service = createPassesService(ctx);
    const repo = new PassesRepository(ctx.db);
    const compounds = await repo.compoundsUnder('2108/', ['2108/']);
    await service.runBulk(0, null, compounds);
  },
};
