export { declareCorePersonalData } from './core-data.ts';
export {
  type AnonymisedValue,
  type AnyDb,
  ERASED,
  type PersonalDataDeclaration,
  type PersonalDataRegistry,
  type ResolvedRule,
  type ScopeFilter,
  type SubtreeEndedHook,
  settingName,
  type Text,
} from './registry.ts';
export {
  DAY_MS,
  type PurgeLine,
  type PurgeReport,
  Retention,
  type RetentionSettings,
} from './retention.ts';
