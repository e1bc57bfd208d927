import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import { containing, type Db, type NodesTable, startingWith } from '../../core/db/index.ts';

export type NodeRow = Omit<NodesTable, 'id'> & { id: number };
export type NodeRowWithCount = NodeRow & { child_count: number };
/** What a list item shows (toRegionNode): reading the other columns was a third of the list's SQL time. */
export type NodeListRow = Pick<
  NodeRowWithCount,
  'id' | 'code' | 'name' | 'kind' | 'parent_id' | 'path' | 'depth' | 'custom' | 'child_count'
>;

export class RegionsRepository {
  constructor(private readonly db: Db) {}

  private withChildCount(trx: Db) {
    return trx
      .selectFrom('nodes as n')
      .selectAll('n')
      .select((eb) =>
        eb
          .selectFrom('nodes as c')
          .select((c) => c.fn.countAll<number>().as('cnt'))
          .whereRef('c.parent_id', '=', 'n.id')
          .as('child_count'),
      );
  }

  async findById(id: number, trx: Db = this.db): Promise<NodeRowWithCount | undefined> {
    const row = await this.withChildCount(trx).where('n.id', '=', id).executeTakeFirst();
    return row ? { ...row, child_count: Number(row.child_count ?? 0) } : undefined;
  }

  async findByIds(ids: number[], trx: Db = this.db): Promise<NodeRowWithCount[]> {
    if (ids.length === 0) return [];
    const rows = await this.withChildCount(trx).where('n.id', 'in', ids).orderBy('n.path').execute();
    return rows.map((r) => ({ ...r, child_count: Number(r.child_count ?? 0) }));
  }

  namesByPath(paths: string[], scopes: string[], trx: Db = this.db) {
    return trx
      .selectFrom('nodes')
      .select(['path', 'name'])
      .where('path', 'in', paths)
      .where(pathInScope('path', scopes))
      .execute();
  }

  findByCode(code: string, trx: Db = this.db) {
    return trx.selectFrom('nodes').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async children(parentId: number, page: number, pageSize: number, trx: Db = this.db) {
    const rows = await trx
      .selectFrom('nodes as n')
      .select(['n.id', 'n.code', 'n.name', 'n.kind', 'n.parent_id', 'n.path', 'n.depth', 'n.custom'])
      .select((eb) =>
        eb
          .selectFrom('nodes as c')
          .select((c) => c.fn.countAll<number>().as('cnt'))
          .whereRef('c.parent_id', '=', 'n.id')
          .as('child_count'),
      )
      .where('n.parent_id', '=', parentId)
      .orderBy('n.code')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    // A short page is the last one: its length gives the total without counting (most lists fit one page).
    const lastPage = rows.length < pageSize && (rows.length > 0 || page === 1);
    const total = lastPage
      ? (page - 1) * pageSize + rows.length
      : Number(
          (
            await trx
              .selectFrom('nodes')
              .select((eb) => eb.fn.countAll<number>().as('total'))
              .where('parent_id', '=', parentId)
              .executeTakeFirstOrThrow()
          ).total,
        );
    return {
      rows: rows.map((r): NodeListRow => ({ ...r, child_count: Number(r.child_count ?? 0) })),
      total,
    };
  }

  /** The path alone, for a scope check before a list (no child count). */
  async pathOf(id: number, trx: Db = this.db): Promise<string | undefined> {
    const row = await trx.selectFrom('nodes').select('path').where('id', '=', id).executeTakeFirst();
    return row?.path;
  }

  async search(q: string, scopes: string[], limit: number, trx: Db = this.db): Promise<NodeRowWithCount[]> {
    const term = q.toLowerCase();
    const rows = await this.withChildCount(trx)
      .where(pathInScope('n.path', scopes))
      .where((eb) =>
        eb.or([
          eb('n.name', 'like', containing(q)),
          eb('n.initials', 'like', startingWith(term)),
          eb('n.pinyin', 'like', startingWith(term)),
          eb('n.code', '=', q),
        ]),
      )
      .orderBy('n.depth')
      .orderBy('n.code')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, child_count: Number(r.child_count ?? 0) }));
  }

  async subtreeCounts(path: string, trx: Db = this.db): Promise<Record<string, number>> {
    const rows = await trx
      .selectFrom('nodes')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
      .where('path', '>', path)
      .where('path', '<', subtreeEnd(path))
      .groupBy('kind')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.count)]));
  }

  /** Nodes of one kind inside a subtree (the root itself included), for lists frozen by other modules. */
  ofKindUnder(kind: string, path: string, trx: Db = this.db) {
    return trx
      .selectFrom('nodes')
      .select(['id', 'code', 'name', 'path'])
      .where('kind', '=', kind)
      .where('path', '>=', path)
      .where('path', '<', subtreeEnd(path))
      .execute();
  }

  byPaths(paths: string[], trx: Db = this.db) {
    if (paths.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('nodes')
      .select(['id', 'name', 'kind', 'path'])
      .where('path', 'in', paths)
      .orderBy('depth')
      .execute();
  }

  siblingNamed(parentId: number, name: string, trx: Db = this.db) {
    return trx
      .selectFrom('nodes')
      .select('id')
      .where('parent_id', '=', parentId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async customChildCodes(parentId: number, trx: Db = this.db): Promise<string[]> {
    const rows = await trx
      .selectFrom('nodes')
      .select('code')
      .where('parent_id', '=', parentId)
      .where('custom', '=', 1)
      .execute();
    return rows.map((r) => r.code);
  }

  async insert(row: Omit<NodeRow, 'id'>, trx: Db = this.db): Promise<NodeRow> {
    return trx.insertInto('nodes').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async rename(id: number, name: string, initials: string, pinyin: string, trx: Db = this.db) {
    await trx.updateTable('nodes').set({ name, initials, pinyin }).where('id', '=', id).execute();
  }

  async delete(id: number, trx: Db = this.db) {
    await trx.deleteFrom('nodes').where('id', '=', id).execute();
  }

  async count(trx: Db = this.db): Promise<number> {
    const row = await trx
      .selectFrom('nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
