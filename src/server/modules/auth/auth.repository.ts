import type { Db } from '../../core/db/index.ts';

export class AuthRepository {
  constructor(private readonly db: Db) {}

  findUserByPhone(phone: string, trx: Db = this.db) {
    return trx.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
  }

  findUserById(id: number, trx: Db = this.db) {
    return trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async recordFailure(userId: number, failures: number, lockedUntil: number | null, trx: Db = this.db) {
    await trx
      .updateTable('users')
      .set({ failed_logins: failures, locked_until: lockedUntil, updated_at: Date.now() })
      .where('id', '=', userId)
      .execute();
  }

  async clearFailures(userId: number, trx: Db = this.db) {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
  }

  async setPassword(userId: number, hash: string, trx: Db = this.db) {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, updated_at: Date.now() })
      .where('id', '=', userId)
      .execute();
  }

  async setLocale(userId: number, locale: string, trx: Db = this.db) {
    await trx.updateTable('users').set({ locale, updated_at: Date.now() }).where('id', '=', userId).execute();
  }

  grantsWithNodes(userId: number, trx: Db = this.db) {
    return trx
      .selectFrom('grants')
      .innerJoin('nodes', 'nodes.id', 'grants.node_id')
      .select([
        'grants.id',
        'grants.role',
        'grants.node_id',
        'grants.node_path',
        'nodes.name as node_name',
        'nodes.kind as node_kind',
      ])
      .where('grants.user_id', '=', userId)
      .orderBy('grants.node_path')
      .execute();
  }
}
