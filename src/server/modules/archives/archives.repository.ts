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

/** How many candidate ids a token search confirms at most; a page never needs more. */
const CANDIDATES = 2_000;

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
    return Number(result.numUpdatedRows);
  }

  async setExtractedText(id: number, text: string, trx: Db) {
    await this.t(trx)
      .updateTable('archive_units')
      .set({ extracted_text: text })
      .where('id', '=', id)
      .execute();
  }

  /** Replaces a unit's tokens with those of its searchable text. */
  async reindex(
    unit: Pick<ArchiveUnitsTable, 'title' | 'description' | 'people' | 'extracted_text'> & { id: number },
    trx: Db,
  ) {
    await this.t(trx).deleteFrom('archive_tokens').where('unit_id', '=', unit.id).execute();
    const tokens = tokenize([unit.title, unit.description, unit.people, unit.extracted_text].join('\n'));
    for (let i = 0; i < tokens.length; i += 500) {
      await this.t(trx)
        .insertInto('archive_tokens')
        .values(tokens.slice(i, i + 500).map((token) => ({ token, unit_id: unit.id })))
        .execute();
    }
  }

  /**
   * The newest units holding every token, as a subquery the list joins in the same statement: a
   * backward walk of the primary key (token, unit_id) over the first token's postings, each probed
   * for the other tokens by the same key — no aggregation over posting lists that grow with the
   * archive, no id list sent back and forth.
   */
  private candidates(tokens: string[]) {
    const [first, ...rest] = tokens;
    let q = this.t().selectFrom('archive_tokens as t0').select('t0.unit_id').where('t0.token', '=', first!);
    rest.forEach((token, i) => {
      const alias = `t${i + 1}` as 't0';
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom(`archive_tokens as ${alias}`)
            .select(sql.lit(1).as('one'))
            .where(`${alias}.token`, '=', token)
            .whereRef(`${alias}.unit_id`, '=', 't0.unit_id'),
        ),
      );
    });
    return q.orderBy('t0.unit_id', 'desc').limit(CANDIDATES);
  }

  async list(
    filter: UnitFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: UnitRow[]; total: number }> {
    let q = this.select()
      .where(filter.visible('a.node_path'))
      .where((eb) => eb.or([eb('a.status', '=', 'published'), filter.drafts('a.node_path')]));
    if (filter.parentId !== undefined) q = q.where('a.parent_id', '=', filter.parentId);
    if (filter.category) q = q.where('a.category', '=', filter.category);
    if (filter.status) q = q.where('a.status', '=', filter.status);
    if (filter.q) {
      const tokens = tokenize(filter.q);
      if (tokens.length === 0) return { items: [], total: 0 };
      const like = containing(filter.q);
      q = q
        .where('a.id', 'in', this.candidates(tokens))
        .where((eb) =>
          eb.or([
            eb('a.title', 'like', like),
            eb('a.description', 'like', like),
            eb('a.people', 'like', like),
            eb('a.extracted_text', 'like', like),
          ]),
        );
    }
    // The page's ids first, then its rows: sorting the matches with every column and the file
    // count of each would compute those for up to 2,000 candidates to show 20.
    const [ids, total] = await Promise.all([
      q
        .clearSelect()
        .select('a.id')
        .orderBy('a.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ]);
    const items =
      ids.length === 0
        ? []
        : await this.select()
            .where(
              'a.id',
              'in',
              ids.map((r) => Number(r.id)),
            )
            .orderBy('a.id', 'desc')
            .execute();
    return { items: items as UnitRow[], total: Number(total?.n ?? 0) };
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
