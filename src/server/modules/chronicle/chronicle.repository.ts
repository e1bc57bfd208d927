import type { Expression, SqlBool } from 'kysely';
import { containing, type Db } from '../../core/db/index.ts';
import type { ChronicleEntriesTable, ChronicleTables } from './chronicle.tables.ts';

export type EntryRow = Omit<ChronicleEntriesTable, 'id'> & { id: number; approver: string | null };
type NewEntry = Omit<ChronicleEntriesTable, 'id'>;

export class ChronicleRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db) {
    return trx.withTables<ChronicleTables>();
  }

  private select(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('chronicle_entries as c')
      .leftJoin('users as u', 'u.id', 'c.approved_by')
      .selectAll('c')
      .select('u.name as approver');
  }

  byId(id: number, trx?: Db): Promise<EntryRow | undefined> {
    return this.select(trx).where('c.id', '=', id).executeTakeFirst() as Promise<EntryRow | undefined>;
  }

  versions(nodePath: string, number: number, trx?: Db) {
    return this.t(trx)
      .selectFrom('chronicle_entries')
      .select(['id', 'version', 'status', 'reason'])
      .where('node_path', '=', nodePath)
      .where('number', '=', number)
      .orderBy('version')
      .execute();
  }

  async list(
    scope: (column: string) => Expression<SqlBool>,
    filter: { q?: string | undefined; from?: number | undefined; to?: number | undefined },
    page: number,
    pageSize: number,
  ) {
    let q = this.select().where(scope('c.node_path'));
    if (filter.q) {
      const like = containing(filter.q);
      q = q.where((eb) => eb.or([eb('c.title', 'like', like), eb('c.body', 'like', like)]));
    }
    if (filter.from !== undefined) q = q.where('c.period_end', '>', filter.from);
    if (filter.to !== undefined) q = q.where('c.period_start', '<', filter.to);
    const [items, total] = await Promise.all([
      q
        .orderBy('c.period_start', 'desc')
        .orderBy('c.version', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ]);
    return { items: items as EntryRow[], total: Number(total?.n ?? 0) };
  }

  /** The newest approved version of each number whose period overlaps [from, to), oldest period first. */
  async approvedIn(scope: (column: string) => Expression<SqlBool>, from: number, to: number) {
    const rows = (await this.select()
      .where(scope('c.node_path'))
      .where('c.status', '=', 'approved')
      .where('c.period_end', '>', from)
      .where('c.period_start', '<', to)
      .orderBy('c.period_start')
      .orderBy('c.version', 'desc')
      .execute()) as EntryRow[];
    const seen = new Set<string>();
    return rows.filter((r) => {
      const key = `${r.node_path}|${r.number}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  async nextNumber(nodePath: string, trx: Db): Promise<number> {
    const row = await this.t(trx)
      .selectFrom('chronicle_entries')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('node_path', '=', nodePath)
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  }

  /** Inserts unless the (node, period, version) exists; returns the new id or null. */
  async insert(row: NewEntry, trx: Db): Promise<number | null> {
    const inserted = await this.t(trx)
      .insertInto('chronicle_entries')
      .values(row)
      .onConflict((oc) => oc.columns(['node_path', 'period_start', 'version']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? Number(inserted.id) : null;
  }

  /** Changes a draft only: an approved row is never updated (the WHERE is the guard). */
  async updateDraft(id: number, title: string, body: string, by: number, at: number, trx: Db) {
    const result = await this.t(trx)
      .updateTable('chronicle_entries')
      .set({ title, body, updated_by: by, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async approve(id: number, by: number, at: number, trx: Db) {
    const result = await this.t(trx)
      .updateTable('chronicle_entries')
      .set({ status: 'approved', approved_by: by, approved_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  roots() {
    return this.db
      .selectFrom('nodes')
      .select(['path', 'name'])
      .where('depth', '=', 0)
      .orderBy('path')
      .execute();
  }

  nodeNames(paths: string[]) {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('nodes').select(['path', 'name']).where('path', 'in', paths).execute();
  }

  nodeName(path: string) {
    return this.db.selectFrom('nodes').select('name').where('path', '=', path).executeTakeFirst();
  }

  /** Ids near the window's edges, found through the created_at index. */
  async edgeId(at: number, side: 'first' | 'last'): Promise<number | null> {
    const q = this.db.selectFrom('events').select('id');
    const row =
      side === 'first'
        ? await q.where('created_at', '>=', at).orderBy('created_at').limit(1).executeTakeFirst()
        : await q.where('created_at', '<', at).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return row ? Number(row.id) : null;
  }

  /** One page of events by primary key, only the columns counting needs. */
  eventsPage(afterId: number, lastId: number, types: string[], limit: number) {
    return this.db
      .selectFrom('events')
      .select(['id', 'type', 'node_path', 'created_at'])
      .where('id', '>', afterId)
      .where('id', '<=', lastId)
      .where('type', 'in', types)
      .where('user_id', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  eventsByIds(ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('events')
      .select(['id', 'type', 'node_path', 'payload', 'created_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
  }
}
