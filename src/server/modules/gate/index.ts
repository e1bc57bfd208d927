import type { XinghuoModule } from '../../core/context.ts';
import { passKeyring } from '../passes/index.ts';
import { declareGatePersonalData } from './gate.personal-data.ts';
import { GateRepository } from './gate.repository.ts';
import { gateRoutes } from './gate.routes.ts';
import { GateService } from './gate.service.ts';

export { GateService, startOfBeijingDay } from './gate.service.ts';
export type { GateTables } from './gate.tables.ts';

export const gateModule: XinghuoModule = {
  name: 'gate',
  register(app, ctx) {
    declareGatePersonalData(ctx.retention);
    gateRoutes(app, new GateService(ctx, new GateRepository(ctx.db, ctx.dbh.sqlite), passKeyring(ctx)));
  },
};
