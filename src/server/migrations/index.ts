import type { Migration } from 'kysely';
import * as coreSpine from './20261129T0300-core-spine.ts';
import * as compoundsInit from './20261129T0400-compounds-init.ts';
import * as passesInit from './20261129T0401-passes-init.ts';
import * as gateInit from './20261129T0402-gate-init.ts';
import * as volunteersInit from './20261129T0410-volunteers-init.ts';
import * as groupsInit from './20261129T0411-groups-init.ts';
import * as broadcastsInit from './20261129T0412-broadcasts-init.ts';
import * as coreChildrenOrder from './20261129T0500-core-children-order.ts';
import * as coreRetention from './20261129T0600-core-retention.ts';
import * as gateTemperatureHundredths from './20261129T0700-gate-temperature-hundredths.ts';
import * as dashboardChronicle from './20261129T1100-dashboard-chronicle.ts';
import * as archivesInit from './20261129T1110-archives-init.ts';
import * as fieldworkInit from './20261129T1200-fieldwork-init.ts';
import * as returneesInit from './20261129T1300-returnees-init.ts';
import * as counsellingInit from './20261129T1310-counselling-init.ts';
import * as enterprisesInit from './20261129T1400-enterprises-init.ts';
import * as groceryInit from './20261129T1600-grocery-init.ts';
import * as suppliesInit from './20261130T0200-supplies-init.ts';
import * as familiesInit from './20261130T0300-families-init.ts';
import * as supervisionInit from './20261130T0400-supervision-init.ts';
import * as coreEventCursors from './20261130T0500-core-event-cursors.ts';
import * as cadresInit from './20261130T0501-cadres-init.ts';
import * as coreAuthEpoch from './20261130T0600-core-auth-epoch.ts';
import * as fieldworkEvidence from './20261201T0300-fieldwork-evidence-recurrence-support.ts';
import * as returneesSelfCounsellingCrises from './20261201T0400-returnees-self-counselling-crises.ts';
import * as suppliesImports from './20261201T0500-supplies-imports.ts';
import * as supervisionEscalation from './20261201T0600-supervision-escalation-and-templates.ts';
import * as enterprisesPriorLines from './20261202T0100-enterprises-customs-prior-lines.ts';
import * as groceryStandingOrders from './20261202T0200-grocery-standing-orders.ts';
import * as familiesPause from './20261202T0300-families-pause-dispatch.ts';
import * as fieldworkTaskKinds from './20261202T0400-fieldwork-task-kinds.ts';
import * as returneesFacilitiesContactsSms from './20261202T0500-returnees-facilities-contacts-sms.ts';
import * as archivesPostings from './20261202T0700-archives-postings.ts';
import * as gateOutingsIndex from './20261202T0800-gate-outings-index.ts';

/** Every migration, in order. Names are YYYYMMDDTHHMM-<module>-<change>; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '20261129T0300-core-spine': coreSpine,
  '20261129T0400-compounds-init': compoundsInit,
  '20261129T0401-passes-init': passesInit,
  '20261129T0402-gate-init': gateInit,
  '20261129T0410-volunteers-init': volunteersInit,
  '20261129T0411-groups-init': groupsInit,
  '20261129T0412-broadcasts-init': broadcastsInit,
  '20261129T0500-core-children-order': coreChildrenOrder,
  '20261129T0600-core-retention': coreRetention,
  '20261129T0700-gate-temperature-hundredths': gateTemperatureHundredths,
  '20261129T1100-dashboard-chronicle': dashboardChronicle,
  '20261129T1110-archives-init': archivesInit,
  '20261129T1200-fieldwork-init': fieldworkInit,
  '20261129T1300-returnees-init': returneesInit,
  '20261129T1310-counselling-init': counsellingInit,
  '20261129T1400-enterprises-init': enterprisesInit,
  '20261129T1600-grocery-init': groceryInit,
  '20261130T0200-supplies-init': suppliesInit,
  '20261130T0300-families-init': familiesInit,
  '20261130T0400-supervision-init': supervisionInit,
  '20261130T0500-core-event-cursors': coreEventCursors,
  '20261130T0501-cadres-init': cadresInit,
  '20261130T0600-core-auth-epoch': coreAuthEpoch,
  '20261201T0300-fieldwork-evidence-recurrence-support': fieldworkEvidence,
  '20261201T0400-returnees-self-counselling-crises': returneesSelfCounsellingCrises,
  '20261201T0500-supplies-imports': suppliesImports,
  '20261201T0600-supervision-escalation-and-templates': supervisionEscalation,
  '20261202T0100-enterprises-customs-prior-lines': enterprisesPriorLines,
  '20261202T0200-grocery-standing-orders': groceryStandingOrders,
  '20261202T0300-families-pause-dispatch': familiesPause,
  '20261202T0400-fieldwork-task-kinds': fieldworkTaskKinds,
  '20261202T0500-returnees-facilities-contacts-sms': returneesFacilitiesContactsSms,
  '20261202T0700-archives-postings': archivesPostings,
  '20261202T0800-gate-outings-index': gateOutingsIndex,
};
