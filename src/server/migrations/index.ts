import type { Migration } from 'kysely';
import * as coreSpine from './20261129T0300-core-spine.ts';
import * as compoundsInit from './20261129T0400-compounds-init.ts';
import * as passesInit from './20261129T0401-passes-init.ts';
import * as gateInit from './20261129T0402-gate-init.ts';

/** Every migration, in order. Names are YYYYMMDDTHHMM-<module>-<change>; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '20261129T0300-core-spine': coreSpine,
  '20261129T0400-compounds-init': compoundsInit,
  '20261129T0401-passes-init': passesInit,
  '20261129T0402-gate-init': gateInit,
};
