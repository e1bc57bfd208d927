import type { XinghuoModule } from '../../core/context.ts';
import { declareCounsellingPersonalData } from './counselling.personal-data.ts';
import { counsellingRoutes } from './counselling.routes.ts';
import { CounsellingService } from './counselling.service.ts';

export type { CounsellingTables } from './counselling.tables.ts';

/** 心理健康服务: counsellors publish slots; front-line staff and families book them, under an alias if they wish. */
export const counsellingModule: XinghuoModule = {
  name: 'counselling',
  register(app, ctx) {
    declareCounsellingPersonalData(ctx.retention);
    counsellingRoutes(app, new CounsellingService(ctx));
  },
};
