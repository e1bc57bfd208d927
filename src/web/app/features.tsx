import { allianceFeature } from '../features/alliance/index.tsx';
import { archivesFeature } from '../features/archives/index.tsx';
import { auditFeature } from '../features/audit/index.tsx';
import { authFeature } from '../features/auth/index.tsx';
import { cadresFeature } from '../features/cadres/index.tsx';
import { chronicleFeature } from '../features/chronicle/index.tsx';
import { compoundsFeature } from '../features/compounds/index.tsx';
import { counsellingFeature } from '../features/counselling/index.tsx';
import { dashboardFeature } from '../features/dashboard/index.tsx';
import { enterprisesFeature } from '../features/enterprises/index.tsx';
import { familiesFeature } from '../features/families/index.tsx';
import { fieldworkFeature } from '../features/fieldwork/index.tsx';
import { gateFeature } from '../features/gate/index.tsx';
import { groceryFeature } from '../features/grocery/index.tsx';
import { homeFeature } from '../features/home/index.tsx';
import { mypassFeature } from '../features/mypass/index.tsx';
import { notificationsFeature } from '../features/notifications/index.tsx';
import { regionsFeature } from '../features/regions/index.tsx';
import { retentionFeature } from '../features/retention/index.tsx';
import { returneesFeature } from '../features/returnees/index.tsx';
import { supervisionFeature } from '../features/supervision/index.tsx';
import { suppliesFeature } from '../features/supplies/index.tsx';
import { systemFeature } from '../features/system/index.tsx';
import { usersFeature } from '../features/users/index.tsx';
import type { Feature } from '../lib/feature.ts';

/**
 * Every feature of the web UI, in menu order. A new feature is a folder under features/ whose
 * index.tsx exports a `Feature`, plus one line here.
 */
export const features: Feature[] = [
  homeFeature,
  dashboardFeature,
  chronicleFeature,
  archivesFeature,
  allianceFeature,
  compoundsFeature,
  gateFeature,
  groceryFeature,
  suppliesFeature,
  mypassFeature,
  enterprisesFeature,
  returneesFeature,
  counsellingFeature,
  familiesFeature,
  fieldworkFeature,
  cadresFeature,
  supervisionFeature,
  regionsFeature,
  usersFeature,
  auditFeature,
  retentionFeature,
  systemFeature,
  notificationsFeature,
  authFeature,
];
