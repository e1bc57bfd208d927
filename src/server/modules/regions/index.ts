import type { XinghuoModule } from '../../core/context.ts';
import { RegionsRepository } from './regions.repository.ts';
import { regionsRoutes } from './regions.routes.ts';
import { RegionsService } from './regions.service.ts';

export { pinyinKeys } from './pinyin.ts';
export { loadRegions, type RegionSeedNode, readRegionFile } from './regions.loader.ts';
export { NodeLookup, type NodeRef } from './regions.lookup.ts';
export { RegionsRepository } from './regions.repository.ts';
export { RegionsService, toRegionNode } from './regions.service.ts';

export const regionsModule: XinghuoModule = {
  name: 'regions',
  register(app, ctx) {
    regionsRoutes(app, new RegionsService(ctx.db, new RegionsRepository(ctx.db), ctx.audit, ctx.events));
  },
};
