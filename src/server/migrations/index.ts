import type { Migration } from 'kysely';
import * as coreSpine from './20261129T0300-core-spine.ts';

/** Every migration, in order. Names are YYYYMMDDTHHMM-<module>-<change>; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '20261129T0300-core-spine': coreSpine,
};
