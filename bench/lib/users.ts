import { hashPassword } from '../../src/server/core/auth/index.ts';
import type { Db } from '../../src/server/core/db/index.ts';

export const BENCH_PASSWORD = 'Bench2020pass';

/** Puts a user with one grant straight into a prepared database, for a scenario to sign in as. */
export async function createBenchUser(
  db: Db,
  phone: string,
  role: string,
  nodeCode: string,
): Promise<number> {
  const node = await db
    .selectFrom('nodes')
    .select(['id', 'path'])
    .where('code', '=', nodeCode)
    .executeTakeFirstOrThrow();
  const now = Date.now();
  const user = await db
    .insertInto('users')
    .values({
      phone,
      name: `bench ${role}`,
      password_hash: await hashPassword(BENCH_PASSWORD),
      locale: 'zh-CN',
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('grants')
    .values({
      user_id: user.id,
      role,
      node_id: node.id,
      node_path: node.path,
      created_by: null,
      created_at: now,
    })
    .execute();
  return user.id;
}
