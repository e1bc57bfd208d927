import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { GroupsTables } from './groups.tables.ts';

export type GroupRow = Awaited<ReturnType<GroupsRepository['byIds']>>[number];

export class GroupsRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db) {
    return trx.withTables<GroupsTables>();
  }

  nodeById(id: number, trx: Db = this.db) {
    return new NodeLookup(trx).byId(id);
  }

  childNodes(parentId: number, trx: Db = this.db) {
    return new NodeLookup(trx).children(parentId);
  }

  private query(trx: Db) {
    return this.t(trx)
      .selectFrom('alliance_groups as g')
      .innerJoin('nodes as n', 'n.id', 'g.node_id')
      .innerJoin('users as u', 'u.id', 'g.owner_user_id')
      .select([
        'g.id',
        'g.node_id',
        'g.node_path',
        'n.name as node_name',
        'g.name',
        'g.owner_user_id',
        'u.name as owner_name',
        'g.member_count',
        'g.channel',
        'g.webhook_url',
        'g.secret',
        'g.created_at',
      ])
      .where('g.active', '=', 1);
  }

  byIds(ids: number[], trx: Db = this.db) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.query(trx).where('g.id', 'in', ids).execute();
  }

  /** Delivery targets by id, active or not: an outbox row outlives its group's deactivation. */
  robotsByIds(ids: number[], trx: Db = this.db) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('alliance_groups')
      .select(['id', 'name', 'node_path', 'channel', 'webhook_url', 'secret'])
      .where('id', 'in', ids)
      .execute();
  }

  atNode(nodeId: number, trx: Db = this.db) {
    return this.query(trx).where('g.node_id', '=', nodeId).orderBy('g.id').execute();
  }

  ownedBy(userId: number, trx: Db = this.db) {
    return this.query(trx).where('g.owner_user_id', '=', userId).orderBy('g.id').execute();
  }

  /** Every active group in the subtrees, with the columns delivery and reach need. */
  under(paths: readonly string[], trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('alliance_groups')
      .select(['id', 'node_path', 'member_count', 'channel', 'owner_user_id'])
      .where('active', '=', 1)
      .where(pathInScope('node_path', paths))
      .execute();
  }

  /** Per exact node in the subtree: groups, distinct owners, members, robots. */
  async totalsByNode(path: string, trx: Db = this.db) {
    const rows = await this.t(trx)
      .selectFrom('alliance_groups')
      .select((eb) => [
        'node_path',
        eb.fn.countAll<number>().as('groups'),
        eb.fn.sum<number>('member_count').as('reach'),
        eb.fn.sum<number>(eb.case().when('channel', '<>', 'none').then(1).else(0).end()).as('robots'),
      ])
      .where('active', '=', 1)
      .where('node_path', '>=', path)
      .where('node_path', '<', subtreeEnd(path))
      .groupBy('node_path')
      .execute();
    const owners = await this.t(trx)
      .selectFrom('alliance_groups')
      .select(['node_path', 'owner_user_id'])
      .distinct()
      .where('active', '=', 1)
      .where('node_path', '>=', path)
      .where('node_path', '<', subtreeEnd(path))
      .execute();
    return {
      rows: rows.map((r) => ({
        ...r,
        groups: Number(r.groups),
        reach: Number(r.reach),
        robots: Number(r.robots),
      })),
      owners,
    };
  }

  async insert(
    row: Omit<GroupsTables['alliance_groups'], 'id' | 'active' | 'created_at' | 'updated_at'>,
    trx: Db = this.db,
  ) {
    const now = Date.now();
    const saved = await this.t(trx)
      .insertInto('alliance_groups')
      .values({ ...row, active: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  async deactivate(id: number, trx: Db = this.db) {
    await this.t(trx)
      .updateTable('alliance_groups')
      .set({ active: 0, updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }
}
