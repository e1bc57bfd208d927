import type { Db } from '../../core/db/index.ts';

/**
 * What other modules may do with accounts: find one by phone, open one, give a role on a node,
 * and count role holders. Users and grants belong to this module; nobody else writes to them.
 */
export class Accounts {
  constructor(private readonly db: Db) {}

  byPhone(phone: string, trx: Db = this.db) {
    return trx.selectFrom('users').select(['id', 'name']).where('phone', '=', phone).executeTakeFirst();
  }

  async create(row: { phone: string; name: string; password_hash: string }, trx: Db = this.db) {
    const now = Date.now();
    const saved = await trx
      .insertInto('users')
      .values({
        ...row,
        locale: 'zh-CN',
        status: 'active',
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  /** Grants the role unless the user holds it there already; true if a grant was added. */
  async ensureGrant(
    userId: number,
    role: string,
    node: { id: number; path: string },
    by: number | null,
    trx: Db = this.db,
  ) {
    const existing = await trx
      .selectFrom('grants')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .where('node_id', '=', node.id)
      .executeTakeFirst();
    if (existing) return false;
    await trx
      .insertInto('grants')
      .values({
        user_id: userId,
        role,
        node_id: node.id,
        node_path: node.path,
        created_by: by,
        created_at: Date.now(),
      })
      .execute();
    return true;
  }

  /** Grants of these roles counted per node and role. */
  async countByNodeAndRole(roles: readonly string[], trx: Db = this.db) {
    const rows = await trx
      .selectFrom('grants')
      .select((eb) => ['node_path', 'role', eb.fn.countAll<number>().as('n')])
      .where('role', 'in', [...roles])
      .groupBy(['node_path', 'role'])
      .execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  /** Every grant of these roles, with its holder: for counts that depend on something about the holder. */
  holders(roles: readonly string[], trx: Db = this.db) {
    return trx
      .selectFrom('grants')
      .select(['node_path', 'role', 'user_id'])
      .where('role', 'in', [...roles])
      .execute();
  }
}
