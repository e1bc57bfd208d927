import type SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import type { CoreTables, Db } from '../../core/db/index.ts';
import type { CompoundTables } from '../compounds/index.ts';
import type { PassTables } from '../passes/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { GateEntriesTable, GateTables } from './gate.tables.ts';

type GDb = Kysely<CoreTables & CompoundTables & PassTables & GateTables>;

export type NewEntry = Omit<GateEntriesTable, 'id'>;

const PASS_FOR_SCAN = `select p.id, p.code, p.status, p.kind, p.compound_id, p.household_id, p.valid_from,
  p.valid_until, h.building, h.unit, h.room, r.name as resident_name, r.status as resident_status, v.plate
  from passes p join households h on h.id = p.household_id
  left join residents r on r.id = p.resident_id left join vehicles v on v.id = p.vehicle_id
  where p.id = ?`;
const INSERT_ENTRY = `insert into gate_entries (client_id, request_hash, compound_id, node_path, gate, kind, lane,
  direction, result, pass_id, household_id, visitor_name, visitor_phone, visitor_reason, temp_x100, at,
  recorded_at, recorded_by, offline)
  values (@client_id, @request_hash, @compound_id, @node_path, @gate, @kind, @lane, @direction, @result,
  @pass_id, @household_id, @visitor_name, @visitor_phone, @visitor_reason, @temp_x100, @at, @recorded_at,
  @recorded_by, @offline)
  on conflict (client_id) do nothing returning id`;

type ScanPass = {
  id: number;
  code: string;
  status: string;
  kind: string;
  compound_id: number;
  household_id: number;
  valid_from: number;
  valid_until: number;
  building: string | null;
  unit: string | null;
  room: string;
  resident_name: string | null;
  resident_status: string | null;
  plate: string | null;
};

export class GateRepository {
  /**
   * On SQLite the scan's two statements run as statements prepared once on the raw connection:
   * Kysely's query building costs more than the query itself on this path.
   */
  private readonly fast?: {
    db: SqliteDatabase.Database;
    pass: SqliteDatabase.Statement;
    insert: SqliteDatabase.Statement;
  };

  constructor(
    private readonly db: Db,
    sqlite?: SqliteDatabase.Database,
  ) {
    if (sqlite)
      this.fast = { db: sqlite, pass: sqlite.prepare(PASS_FOR_SCAN), insert: sqlite.prepare(INSERT_ENTRY) };
  }

  /**
   * Inserts a scan in its own autocommit statement, unless a Kysely transaction holds the shared
   * connection (the statement would join it and could be rolled back after being acknowledged):
   * undefined then, and the caller takes the transactional path. Null when the client id exists.
   */
  insertEntryDirect(row: NewEntry): number | null | undefined {
    if (!this.fast || this.fast.db.inTransaction) return undefined;
    const saved = this.fast.insert.get(row) as { id: number } | undefined;
    return saved?.id ?? null;
  }

  private t(trx: Db = this.db): GDb {
    return trx.withTables<CompoundTables & PassTables & GateTables>();
  }

  compoundsInScope(scopes: string[]) {
    return this.t()
      .selectFrom('nodes as n')
      .leftJoin('compound_profiles as cp', 'cp.node_id', 'n.id')
      .select(['n.id', 'n.name', 'n.path', 'cp.gates'])
      .where('n.kind', '=', 'compound')
      .where(pathInScope('n.path', scopes))
      .orderBy('n.path')
      .limit(500)
      .execute();
  }

  householdsOf(compoundId: number) {
    return this.t()
      .selectFrom('households')
      .select(['id', 'building', 'unit', 'room'])
      .where('compound_id', '=', compoundId)
      .orderBy('address_key')
      .limit(5000)
      .execute();
  }

  compound(id: number) {
    return this.t()
      .selectFrom('nodes as n')
      .leftJoin('compound_profiles as cp', 'cp.node_id', 'n.id')
      .select(['n.id', 'n.name', 'n.kind', 'n.path', 'cp.gates'])
      .where('n.id', '=', id)
      .executeTakeFirst();
  }

  /** The stored pass behind a presented id, with what the gate may show of its holder. */
  async passForScan(id: number): Promise<ScanPass | undefined> {
    if (this.fast) return this.fast.pass.get(id) as ScanPass | undefined;
    return this.t()
      .selectFrom('passes as p')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .leftJoin('residents as r', 'r.id', 'p.resident_id')
      .leftJoin('vehicles as v', 'v.id', 'p.vehicle_id')
      .select([
        'p.id',
        'p.code',
        'p.status',
        'p.kind',
        'p.compound_id',
        'p.household_id',
        'p.valid_from',
        'p.valid_until',
        'h.building',
        'h.unit',
        'h.room',
        'r.name as resident_name',
        'r.status as resident_status',
        'v.plate',
      ])
      .where('p.id', '=', id)
      .executeTakeFirst();
  }

  rules(compoundId: number) {
    return this.t()
      .selectFrom('pass_rules')
      .select(['quota_count', 'quota_days'])
      .where('compound_id', '=', compoundId)
      .executeTakeFirst();
  }

  async outingsSince(householdId: number, since: number): Promise<number> {
    const row = await this.t()
      .selectFrom('gate_entries')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      // One index seek per day: gate_entries_outings is led by the day, so the purge walks it in order.
      .where(sql<boolean>`(at / 86400000) in (${sql.join(daysSince(since))})`)
      .where('household_id', '=', householdId)
      .where('at', '>=', since)
      // Literals, not parameters: SQLite uses the partial index only when these terms match its own.
      .where(sql<boolean>`direction = 'out' and kind = 'pass' and lane = 'person' and result = 'ok'`)
      .executeTakeFirstOrThrow();
    return Number(row.c);
  }

  entryByClientId(clientId: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('gate_entries as e')
      .leftJoin('gate_fevers as f', 'f.entry_id', 'e.id')
      .selectAll('e')
      .select('f.id as fever_id')
      .where('e.client_id', '=', clientId)
      .executeTakeFirst();
  }

  /** Null when the client id is taken: the scan was recorded before. */
  async insertEntry(row: NewEntry, trx: Db): Promise<number | null> {
    const saved = await this.t(trx)
      .insertInto('gate_entries')
      .values(row)
      .onConflict((oc) => oc.column('client_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return saved?.id ?? null;
  }

  insertFever(
    row: { entry_id: number; compound_id: number; node_path: string; temp_x100: number; at: number },
    trx: Db,
  ) {
    return this.t(trx)
      .insertInto('gate_fevers')
      .values({ ...row, status: 'open', action: null, closed_by: null, closed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  household(id: number) {
    return this.t()
      .selectFrom('households')
      .select(['id', 'compound_id', 'building', 'unit', 'room'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  private entries(path: string, from: number, to: number) {
    return this.t()
      .selectFrom('gate_entries as e')
      .innerJoin('nodes as n', 'n.id', 'e.compound_id')
      .leftJoin('households as h', 'h.id', 'e.household_id')
      .where('e.node_path', '>=', path)
      .where('e.node_path', '<', subtreeEnd(path))
      .where('e.at', '>=', from)
      .where('e.at', '<', to);
  }

  async listEntries(
    path: string,
    from: number,
    to: number,
    result: string | undefined,
    page: number,
    pageSize: number,
  ) {
    const base = this.entries(path, from, to).$if(result !== undefined, (qb) =>
      qb.where('e.result', '=', result!),
    );
    const [rows, total] = await Promise.all([
      base
        .selectAll('e')
        .select(['n.name as compound_name', 'h.building', 'h.unit', 'h.room'])
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.c) };
  }

  /** Keyset pages for the export, so a year of entries streams without one huge result. */
  exportPage(path: string, from: number, to: number, afterId: number, limit: number) {
    return this.entries(path, from, to)
      .selectAll('e')
      .select(['n.name as compound_name', 'h.building', 'h.unit', 'h.room'])
      .where('e.id', '>', afterId)
      .orderBy('e.id')
      .limit(limit)
      .execute();
  }

  async todayCounts(path: string, since: number) {
    const entries = await this.t()
      .selectFrom('gate_entries')
      .select(['node_path', 'kind', 'direction', (eb) => eb.fn.countAll<number>().as('c')])
      .where('node_path', '>=', path)
      .where('node_path', '<', subtreeEnd(path))
      .where('at', '>=', since)
      .where('result', '=', 'ok')
      .groupBy(['node_path', 'kind', 'direction'])
      .execute();
    const fevers = await this.t()
      .selectFrom('gate_fevers')
      .select(['node_path', (eb) => eb.fn.countAll<number>().as('c')])
      .where('node_path', '>=', path)
      .where('node_path', '<', subtreeEnd(path))
      .where('at', '>=', since)
      .groupBy('node_path')
      .execute();
    return { entries, fevers };
  }

  node(id: number) {
    return new NodeLookup(this.db).byId(id);
  }

  children(id: number) {
    return this.t()
      .selectFrom('nodes')
      .select(['id', 'name', 'kind', 'path'])
      .where('parent_id', '=', id)
      .orderBy('code')
      .execute();
  }

  fevers(scopes: string[], under: string | null, status: string | undefined, id?: number) {
    return this.t()
      .selectFrom('gate_fevers as f')
      .innerJoin('gate_entries as e', 'e.id', 'f.entry_id')
      .innerJoin('nodes as n', 'n.id', 'f.compound_id')
      .leftJoin('households as h', 'h.id', 'e.household_id')
      .leftJoin('passes as p', 'p.id', 'e.pass_id')
      .leftJoin('residents as r', 'r.id', 'p.resident_id')
      .select([
        'f.id',
        'f.entry_id',
        'f.compound_id',
        'f.node_path',
        'f.temp_x100',
        'f.at',
        'f.status',
        'f.action',
        'f.closed_at',
        'n.name as compound_name',
        'h.building',
        'h.unit',
        'h.room',
        'r.name as resident_name',
        'e.visitor_name',
      ])
      .where(pathInScope('f.node_path', scopes))
      .$if(under !== null, (qb) =>
        qb.where('f.node_path', '>=', under!).where('f.node_path', '<', subtreeEnd(under!)),
      )
      .$if(status !== undefined, (qb) => qb.where('f.status', '=', status!))
      .$if(id !== undefined, (qb) => qb.where('f.id', '=', id!))
      .orderBy('f.at', 'desc')
      .limit(500)
      .execute();
  }

  fever(id: number) {
    return this.t().selectFrom('gate_fevers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  closeFever(id: number, action: string, actorId: number, trx: Db) {
    return this.t(trx)
      .updateTable('gate_fevers')
      .set({ status: 'closed', action, closed_by: actorId, closed_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
  }
}

/** The UTC days (ms / 86,400,000, as gate_entries_outings keys them) from `since` to today. */
function daysSince(since: number): number[] {
  const days: number[] = [];
  for (let day = Math.floor(since / 86_400_000); day <= Math.floor(Date.now() / 86_400_000); day += 1)
    days.push(day);
  return days;
}
