import type { AppContext, XinghuoModule } from '../../core/context.ts';
import { passKeyring } from '../passes/index.ts';
import { gateChronicle, gateFigures, openFevers } from './gate.figures.ts';
import { declareGatePersonalData } from './gate.personal-data.ts';
import { GateRepository } from './gate.repository.ts';
import { gateRoutes } from './gate.routes.ts';
import { GateService } from './gate.service.ts';

export { GateRepository } from './gate.repository.ts';
export { GateService, startOfBeijingDay } from './gate.service.ts';
export type { GateTables } from './gate.tables.ts';

/** The module's one composition root: register and the tests build the service here. */
export function createGateService(ctx: AppContext): GateService {
  return new GateService(
    ctx.db,
    ctx.audit,
    ctx.events,
    new GateRepository(ctx.db, ctx.dbh.sqlite),
    passKeyring(ctx),
  );
}

export const gateModule: XinghuoModule = {
  name: 'gate',
  register(app, ctx) {
    ctx.figures.register(...gateFigures);
    ctx.attention.register(openFevers);
    for (const source of gateChronicle) ctx.chronicle.registerEvent(source);
    declareGatePersonalData(ctx.retention);
    gateRoutes(app, createGateService(ctx));
  },
};
