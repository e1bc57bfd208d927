import type { XinghuoModule } from '../core/context.ts';
import { archivesModule } from './archives/index.ts';
import { auditModule } from './audit/index.ts';
import { authModule } from './auth/index.ts';
import { broadcastsModule } from './broadcasts/index.ts';
import { cadresModule } from './cadres/index.ts';
import { chronicleModule } from './chronicle/index.ts';
import { compoundsModule } from './compounds/index.ts';
import { counsellingModule } from './counselling/index.ts';
import { dashboardModule } from './dashboard/index.ts';
import { enterprisesModule } from './enterprises/index.ts';
import { familiesModule } from './families/index.ts';
import { fieldworkModule } from './fieldwork/index.ts';
import { filesModule } from './files/index.ts';
import { gateModule } from './gate/index.ts';
import { groceryModule } from './grocery/index.ts';
import { groupsModule } from './groups/index.ts';
import { jobsModule } from './jobs/index.ts';
import { liveModule } from './live/index.ts';
import { passesModule } from './passes/index.ts';
import { regionsModule } from './regions/index.ts';
import { retentionModule } from './retention/index.ts';
import { returneesModule } from './returnees/index.ts';
import { supervisionModule } from './supervision/index.ts';
import { suppliesModule } from './supplies/index.ts';
import { usersModule } from './users/index.ts';
import { volunteersModule } from './volunteers/index.ts';
import { webhooksModule } from './webhooks/index.ts';

/** Every module, in registration order. A new module adds one line here. */
export const modules: XinghuoModule[] = [
  authModule,
  regionsModule,
  usersModule,
  auditModule,
  liveModule,
  webhooksModule,
  filesModule,
  jobsModule,
  compoundsModule,
  passesModule,
  gateModule,
  volunteersModule,
  fieldworkModule,
  groupsModule,
  broadcastsModule,
  dashboardModule,
  archivesModule,
  chronicleModule,
  retentionModule,
  enterprisesModule,
  returneesModule,
  counsellingModule,
  groceryModule,
  familiesModule,
  cadresModule,
  suppliesModule,
  supervisionModule,
];
