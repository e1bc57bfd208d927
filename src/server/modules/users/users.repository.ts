import type { ExpressionBuilder } from 'kysely';
import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import { type CoreTables, containing, type Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';

export interface UserFilter {
  scopes: string[];
  q?: string;
  underPath?: string;
  role?: string;
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  private visible(filter: UserFilter) {
    return (eb: ExpressionBuilder<CoreTables & { u: CoreTables['users'] }, 'u'>) => {
      let grants = eb
        .selectFrom('grants as g')
        .select('g.id')
        .whereRef('g.user_id', '=', 'u.id')
        .where(pathInScope('g.node_path', filter.scopes));
      if (filter.underPath) {
        grants = grants
          .where('g.node_path', '>=', filter.underPath)
          .where('g.node_path', '<', subtreeEnd(filter.underPath));
      }
      if (filter.role) grants = grants.where('g.role', '=', filter.role);
      return eb.exists(grants);
    };
  }

  async list(filter: UserFilter, page: number, pageSize: number, trx: Db = this.db) {
    let query = trx.selectFrom('users as u').where(this.visible(filter));
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) =>
        eb.or([eb('u.name', 'like', containing(q)), eb('u.phone', 'like', containing(q))]),
      );
    }
    const [rows, total] = await Promise.all([
      query
        .selectAll('u')
        .orderBy('u.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  findVisible(id: number, scopes: string[], trx: Db = this.db) {
    return trx
      .selectFrom('users as u')
      .selectAll('u')
      .where('u.id', '=', id)
      .where(this.visible({ scopes }))
      .executeTakeFirst();
  }

  grantsOf(userIds: number[], scopes: string[], trx: Db = this.db) {
    if (userIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('grants as g')
      .innerJoin('nodes as n', 'n.id', 'g.node_id')
      .select(['g.id', 'g.user_id', 'g.role', 'g.node_id', 'g.node_path', 'n.name as node_name'])
      .where('g.user_id', 'in', userIds)
      .where(pathInScope('g.node_path', scopes))
      .orderBy('g.node_path')
      .execute();
  }

  /** Display names only, for modules that show who did something without reading accounts. */
  namesOf(userIds: number[], trx: Db = this.db) {
    if (userIds.length === 0) return Promise.resolve([]);
    return trx.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute();
  }

  phoneExists(phone: string, trx: Db = this.db) {
    return trx.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
  }

  insertUser(
    row: { phone: string; name: string; password_hash: string; locale: string; status: string },
    trx: Db = this.db,
  ) {
    const now = Date.now();
    return trx
      .insertInto('users')
      .values({ ...row, failed_logins: 0, locked_until: null, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  insertGrant(
    row: { user_id: number; role: string; node_id: number; node_path: string; created_by: number | null },
    trx: Db = this.db,
  ) {
    return trx
      .insertInto('grants')
      .values({ ...row, created_at: Date.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findGrant(userId: number, grantId: number, trx: Db = this.db) {
    return trx
      .selectFrom('grants')
      .selectAll()
      .where('id', '=', grantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  grantExists(userId: number, role: string, nodeId: number, trx: Db = this.db) {
    return trx
      .selectFrom('grants')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .where('node_id', '=', nodeId)
      .executeTakeFirst();
  }

  async deleteGrant(id: number, trx: Db = this.db) {
    await trx.deleteFrom('grants').where('id', '=', id).execute();
  }

  async update(
    id: number,
    patch: { name?: string; status?: string; password_hash?: string },
    trx: Db = this.db,
  ) {
    await trx
      .updateTable('users')
      .set({ ...patch, updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  nodesByIds(ids: number[], trx: Db = this.db) {
    return new NodeLookup(trx).byIds(ids);
  }
}
