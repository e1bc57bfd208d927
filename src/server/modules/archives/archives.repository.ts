import { type Expression, type SqlBool, sql } from 'kysely';
import { containing, type Db } from '../../core/db/index.ts';
import { inSubtree } from '../../core/figures/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { ArchivesTables, ArchiveUnitsTable } from './archives.tables.ts';
import { tokenize } from './tokens.ts';

export type UnitRow = Omit<ArchiveUnitsTable, 'id'> & { id: number; node_name: string; file_count: number };

export interface UnitFilter {
  visible: (column: string) => Expression<SqlBool>;
  /** Drafts are seen only where the caller files archives. */
  drafts: (column: string) => Expression<SqlBool>;
  q?: string | undefined;
  parentId?: number | undefined;
  category?: string | undefined;
  status?: 'draft' | 'published' | undefined;
}

interface Bounds {
  after: number | undefined;
  pageSize: number;
  countCap: number;
}

export class ArchivesRepository {
  constructor(private readonly db: Db) {}

  t(trx: Db = this.db) {
    return trx.withTables<ArchivesTables>();
  }

  categories() {
    return this.t().selectFrom('archive_categories').select('name').orderBy('position').execute();
  }

  async addCategory(name: string, trx: Db) {
    const row = await this.t(trx)
      .selectFrom('archive_categories')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    await this.t(trx)
      .insertInto('archive_categories')
      .values({ name, position: Number(row?.p ?? 0) + 1 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  private select(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('archive_units as a')
      .innerJoin('nodes as n', 'n.id', 'a.node_id')
      .selectAll('a')
      .select((eb) => [
        'n.name as node_name',
        eb
          .selectFrom('files as f')
          .select((e) => e.fn.countAll().as('c'))
          .where('f.owner_type', '=', 'archive')
          .whereRef('f.owner_id', '=', sql<string>`cast(a.id as text)`)
          .as('file_count'),
      ]);
  }

  async byId(id: number, trx?: Db): Promise<UnitRow | undefined> {
    return (await this.select(trx).where('a.id', '=', id).executeTakeFirst()) as UnitRow | undefined;
  }

  async children(parentId: number): Promise<UnitRow[]> {
    return (await this.select().where('a.parent_id', '=', parentId).orderBy('a.id').execute()) as UnitRow[];
  }

  /** Every unit of a series (itself, its files, their items), for the export. */
  async tree(rootId: number): Promise<UnitRow[]> {
    const out: UnitRow[] = [];
    let level = [rootId];
    const root = await this.byId(rootId);
    if (root) out.push(root);
    while (level.length > 0) {
      const rows = (await this.select()
        .where('a.parent_id', 'in', level)
        .orderBy('a.id')
        .execute()) as UnitRow[];
      out.push(...rows);
      level = rows.map((r) => Number(r.id));
    }
    return out;
  }

  async countChildren(parentId: number, trx: Db): Promise<number> {
    const row = await this.t(trx)
      .selectFrom('archive_units')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('parent_id', '=', parentId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async countSeries(trx: Db): Promise<number> {
    const row = await this.t(trx)
      .selectFrom('archive_units')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('level', '=', 'series')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insert(row: Omit<ArchiveUnitsTable, 'id'>, trx: Db): Promise<number> {
    const inserted = await this.t(trx)
      .insertInto('archive_units')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  async publish(id: number, by: number, at: number, trx: Db) {
    const result = await this.t(trx)
      .updateTable('archive_units')
      .set({ status: 'published', published_by: by, published_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0)
      await this.t(trx)
        .updateTable('archive_postings')
        .set({ published: 1 })
        .where('unit_id', '=', id)
        .execute();
    return Number(result.numUpdatedRows);
  }

  async setExtractedText(id: number, text: string, trx: Db) {
    await this.t(trx)
      .updateTable('archive_units')
      .set({ extracted_text: text })
      .where('id', '=', id)
      .execute();
  }

  /** Replaces a unit's postings with those of its searchable text, placed and flagged as the unit is. */
  async reindex(
    unit: Pick<
      ArchiveUnitsTable,
      'title' | 'description' | 'people' | 'extracted_text' | 'node_path' | 'status'
    > & {
      id: number;
    },
    trx: Db,
  ) {
    await this.t(trx).deleteFrom('archive_postings').where('unit_id', '=', unit.id).execute();
    const tokens = tokenize([unit.title, unit.description, unit.people, unit.extracted_text].join('\n'));
    const published = unit.status === 'published' ? 1 : 0;
    for (let i = 0; i < tokens.length; i += 500) {
      await this.t(trx)
        .insertInto('archive_postings')
        .values(
          tokens
            .slice(i, i + 500)
            .map((token) => ({ token, unit_id: unit.id, node_path: unit.node_path, published })),
        )
        .execute();
    }
  }

  /**
   * The matching unit ids as one walk of the first token's postings, newest first (decision 0507):
   * the caller's scope and the draft rule are read from the posting itself, the other tokens are
   * probed on the same key, and only a query the tokens cannot settle alone (several tokens, or
   * characters that are not tokens) visits the unit to confirm the phrase.
   */
  private searchWalk(filter: UnitFilter, q: string, bounds: Bounds) {
    const tokens = tokenize(q);
    if (tokens.length === 0) return undefined;
    const [first, ...rest] = tokens;
    let w = this.t()
      .selectFrom('archive_postings as p0')
      .select('p0.unit_id as id')
      .where('p0.token', '=', first!)
      .where((eb) =>
        eb.or([
          eb.and([eb('p0.published', '=', 1), filter.visible('p0.node_path')]),
          filter.drafts('p0.node_path'),
        ]),
      );
    if (filter.status) w = w.where('p0.published', '=', filter.status === 'published' ? 1 : 0);
    rest.forEach((token, i) => {
      const alias = `p${i + 1}` as 'p0';
      w = w.where(({ exists, selectFrom }) =>
        exists(
          selectFrom(`archive_postings as ${alias}`)
            .select(sql.lit(1).as('one'))
            .where(`${alias}.token`, '=', token)
            .whereRef(`${alias}.unit_id`, '=', 'p0.unit_id'),
        ),
      );
    });
    const exact = tokens.length === 1 && q.normalize('NFKC').toLowerCase() === first;
    const like = containing(q);
    if (!exact || filter.parentId !== undefined || filter.category)
      w = w.where(({ exists, selectFrom }) => {
        let unit = selectFrom('archive_units as a')
          .select(sql.lit(1).as('one'))
          .whereRef('a.id', '=', 'p0.unit_id');
        if (filter.parentId !== undefined) unit = unit.where('a.parent_id', '=', filter.parentId);
        if (filter.category) unit = unit.where('a.category', '=', filter.category);
        if (!exact)
          unit = unit.where((eb) =>
            eb.or([
              eb('a.title', 'like', like),
              eb('a.description', 'like', like),
              eb('a.people', 'like', like),
              eb('a.extracted_text', 'like', like),
            ]),
          );
        return exists(unit);
      });
    const page = bounds.after === undefined ? w : w.where('p0.unit_id', '<', bounds.after);
    return {
      ids: page
        .orderBy('p0.unit_id', 'desc')
        .limit(bounds.pageSize + 1)
        .execute(),
      counted: this.db
        .selectFrom(w.limit(bounds.countCap + 1).as('m'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    };
  }

  /** Without a query, the same walk over the units themselves. */
  private unitWalk(filter: UnitFilter, bounds: Bounds) {
    let w = this.t()
      .selectFrom('archive_units as a')
      .select('a.id as id')
      .where(filter.visible('a.node_path'))
      .where((eb) => eb.or([eb('a.status', '=', 'published'), filter.drafts('a.node_path')]));
    if (filter.parentId !== undefined) w = w.where('a.parent_id', '=', filter.parentId);
    if (filter.category) w = w.where('a.category', '=', filter.category);
    if (filter.status) w = w.where('a.status', '=', filter.status);
    const page = bounds.after === undefined ? w : w.where('a.id', '<', bounds.after);
    return {
      ids: page
        .orderBy('a.id', 'desc')
        .limit(bounds.pageSize + 1)
        .execute(),
      counted: this.db
        .selectFrom(w.limit(bounds.countCap + 1).as('m'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    };
  }

  /**
   * One page newest first after the `after` id (keyset: the cost of page n does not grow with n),
   * and the number of matches counted up to `countCap` — both stop early instead of visiting every
   * match of a common word.
   */
  async list(
    filter: UnitFilter,
    after: number | undefined,
    pageSize: number,
    countCap: number,
  ): Promise<{ items: UnitRow[]; total: number; totalCapped: boolean; next: number | null }> {
    const bounds = { after, pageSize, countCap };
    const search = filter.q ? this.searchWalk(filter, filter.q, bounds) : this.unitWalk(filter, bounds);
    if (!search) return { items: [], total: 0, totalCapped: false, next: null };
    const [ids, counted] = await Promise.all([search.ids, search.counted]);
    const pageIds = ids.slice(0, pageSize).map((r) => Number(r.id));
    const items =
      pageIds.length === 0
        ? []
        : await this.select().where('a.id', 'in', pageIds).orderBy('a.id', 'desc').execute();
    const n = Number(counted?.n ?? 0);
    return {
      items: items as UnitRow[],
      total: Math.min(n, countCap),
      totalCapped: n > countCap,
      next: ids.length > pageSize ? pageIds[pageIds.length - 1]! : null,
    };
  }

  /** Items filed (created) in [start, end) in the subtree, for the chronicle. */
  filedIn(path: string, start: number, end: number) {
    return this.t()
      .selectFrom('archive_units as a')
      .innerJoin('nodes as n', 'n.id', 'a.node_id')
      .select(['a.reference_code', 'a.title', 'a.category', 'n.name as node_name'])
      .where(inSubtree('a.node_path', path))
      .where('a.created_at', '>=', start)
      .where('a.created_at', '<', end)
      .orderBy('a.created_at')
      .limit(50)
      .execute();
  }

  nodeByCode(code: string) {
    return new NodeLookup(this.db).byCode(code);
  }

  node(id: number) {
    return new NodeLookup(this.db).byId(id);
  }
}
