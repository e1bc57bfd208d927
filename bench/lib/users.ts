import type { Role } from '../../src/contracts/permissions.ts';
import type { Db } from '../../src/server/core/db/index.ts';
import { insertUser } from '../../test/support/users.ts';

export const BENCH_PASSWORD = 'Bench2020pass';

/** Puts a user with one grant straight into a prepared database, for a scenario to sign in as. */
export function createBenchUser(db: Db, phone: string, role: Role, nodeCode: string): Promise<number> {
  return insertUser(db, {
    phone,
    name: `bench ${role}`,
    password: BENCH_PASSWORD,
    grants: [{ role, node: nodeCode }],
  });
}
