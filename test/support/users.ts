import type { Role } from '../../src/contracts/permissions.ts';
import { hashPassword } from '../../src/server/core/auth/index.ts';
import type { Db } from '../../src/server/core/db/index.ts';
import { RegionsRepository } from '../../src/server/modules/regions/index.ts';
import { UsersRepository } from '../../src/server/modules/users/index.ts';

// Hashing is deliberately slow; one hash per password serves every user a run creates.
const hashes = new Map<string, Promise<string>>();

export interface UserSeed {
  phone: string;
  name: string;
  password: string;
  /** Grants by the node's division code. */
  grants: Array<{ role: Role; node: string }>;
}

/**
 * Puts an active user with its grants straight into the database through the users module's own
 * repository (no audit row, no event): the one way tests, the SIGKILL fixture and the bench make
 * someone to sign in as. The API path that creates users has its own tests.
 */
export async function insertUser(db: Db, seed: UserSeed): Promise<number> {
  const users = new UsersRepository(db);
  const regions = new RegionsRepository(db);
  let hash = hashes.get(seed.password);
  if (!hash) {
    hash = hashPassword(seed.password);
    hashes.set(seed.password, hash);
  }
  const user = await users.insertUser({
    phone: seed.phone,
    name: seed.name,
    password_hash: await hash,
    locale: 'zh-CN',
    status: 'active',
  });
  for (const grant of seed.grants) {
    const node = await regions.findByCode(grant.node);
    if (!node) throw new Error(`no node ${grant.node}`);
    await users.insertGrant({
      user_id: user.id,
      role: grant.role,
      node_id: node.id,
      node_path: node.path,
      created_by: null,
    });
  }
  return user.id;
}
