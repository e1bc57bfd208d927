import { type Kysely, sql } from 'kysely';
import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import { type CoreTables, containing, type Db } from '../../core/db/index.ts';
import type {
  CompoundImportsTable,
  CompoundTables,
  HouseholdsTable,
  ResidentsTable,
  VehiclesTable,
} from './compounds.tables.ts';

export type CompoundsDb = Kysely<CoreTables & CompoundTables>;
type CDb = CompoundsDb;

export interface CompoundNode {
  id: number;
  name: string;
  kind: string;
  path: string;
  parent_id: number | null;
  community_name: string;
}

export interface HouseholdAddress {
  id: number;
  compoundId: number;
  compound: string;
  building: string | null;
  unit: string | null;
  room: string;
  phone: string | null;
}

export class CompoundsRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db): CDb {
    return trx.withTables<CompoundTables>();
  }

  async node(id: number, trx: Db = this.db): Promise<CompoundNode | undefined> {
    return this.t(trx)
      .selectFrom('nodes as n')
      .leftJoin('nodes as p', 'p.id', 'n.parent_id')
      .select([
        'n.id',
        'n.name',
        'n.kind',
        'n.path',
        'n.parent_id',
        sql<string>`coalesce(p.name, '')`.as('community_name'),
      ])
      .where('n.id', '=', id)
      .executeTakeFirst();
  }

  async listCompounds(scopes: string[], underPath: string | null, page: number, pageSize: number) {
    const base = this.t()
      .selectFrom('nodes as n')
      .where('n.kind', '=', 'compound')
      .where(pathInScope('n.path', scopes))
      .$if(underPath !== null, (qb) =>
        qb.where('n.path', '>=', underPath!).where('n.path', '<', subtreeEnd(underPath!)),
      );
    const [rows, total] = await Promise.all([
      base
        .leftJoin('nodes as p', 'p.id', 'n.parent_id')
        .leftJoin('compound_profiles as cp', 'cp.node_id', 'n.id')
        .select([
          'n.id',
          'n.name',
          'n.path',
          sql<string>`coalesce(p.name, '')`.as('community_name'),
          'cp.address',
          'cp.mode',
          'cp.gates',
          'cp.staff',
        ])
        .select((eb) => [
          eb
            .selectFrom('households as h')
            .select(eb.fn.countAll<number>().as('c'))
            .whereRef('h.compound_id', '=', 'n.id')
            .as('households'),
          eb
            .selectFrom('residents as r')
            .select(eb.fn.countAll<number>().as('c'))
            .whereRef('r.compound_id', '=', 'n.id')
            .as('residents'),
          eb
            .selectFrom('vehicles as v')
            .select(eb.fn.countAll<number>().as('c'))
            .whereRef('v.compound_id', '=', 'n.id')
            .as('vehicles'),
        ])
        .orderBy('n.path')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.total) };
  }

  profile(nodeId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('compound_profiles')
      .selectAll()
      .where('node_id', '=', nodeId)
      .executeTakeFirst();
  }

  async counts(compoundId: number) {
    const q = this.t();
    const [h, r, v] = await Promise.all([
      q
        .selectFrom('households')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('vehicles')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirstOrThrow(),
    ]);
    return { households: Number(h.c), residents: Number(r.c), vehicles: Number(v.c) };
  }

  async upsertProfile(
    row: {
      node_id: number;
      node_path: string;
      address: string;
      mode: string;
      gates: string;
      staff: string;
      updated_by: number | null;
      updated_at: number;
    },
    trx: Db,
  ) {
    await this.t(trx)
      .insertInto('compound_profiles')
      .values(row)
      .onConflict((oc) =>
        oc.column('node_id').doUpdateSet({
          address: row.address,
          mode: row.mode,
          gates: row.gates,
          staff: row.staff,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  buildings(compoundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('compound_buildings')
      .select(['id', 'name'])
      .where('compound_id', '=', compoundId)
      .orderBy('name')
      .execute();
  }

  async insertBuilding(compoundId: number, name: string, trx: Db) {
    return this.t(trx)
      .insertInto('compound_buildings')
      .values({ compound_id: compoundId, name, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['compound_id', 'name']).doNothing())
      .returning(['id', 'name'])
      .executeTakeFirst();
  }

  async households(compoundId: number, page: number, pageSize: number) {
    const q = this.t();
    const [rows, total] = await Promise.all([
      q
        .selectFrom('households as h')
        .selectAll('h')
        .select((eb) =>
          eb
            .selectFrom('residents as r')
            .select(eb.fn.countAll<number>().as('c'))
            .whereRef('r.household_id', '=', 'h.id')
            .as('residents'),
        )
        .where('h.compound_id', '=', compoundId)
        .orderBy('h.address_key')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q
        .selectFrom('households')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.c) };
  }

  household(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The first households under a node path, by id: other modules' demo seeds pick buyers from here. */
  householdsUnder(path: string, limit: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('households')
      .select(['id', 'node_path', 'compound_id'])
      .where('node_path', '>=', path)
      .where('node_path', '<', subtreeEnd(path))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** The households a phone lives in (not moved out) within the scope: another module's "my household". */
  householdsOfPhone(phone: string, paths: string[]) {
    return this.t()
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .select(['h.id', 'h.node_path', 'h.compound_id', 'h.building', 'h.unit', 'h.room'])
      .where('r.phone', '=', phone)
      .where('r.status', '!=', 'moved_out')
      .where(pathInScope('h.node_path', paths))
      .orderBy('h.id')
      .execute();
  }

  /**
   * Each household's door, compound name and first registered resident's phone, for another module's
   * delivery or packing list; read in chunks so a 10,000-order cycle stays a handful of queries.
   */
  async householdAddresses(
    ids: number[],
    withPhones = true,
    trx: Db = this.db,
  ): Promise<Map<number, HouseholdAddress>> {
    const out = new Map<number, HouseholdAddress>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 2000) {
      const chunk = unique.slice(i, i + 2000);
      const [homes, phones] = await Promise.all([
        this.t(trx)
          .selectFrom('households as h')
          .innerJoin('nodes as n', 'n.id', 'h.compound_id')
          .select(['h.id', 'h.compound_id', 'n.name as compound', 'h.building', 'h.unit', 'h.room'])
          .where('h.id', 'in', chunk)
          .execute(),
        withPhones
          ? this.t(trx)
              .selectFrom('residents')
              .select(['household_id', 'phone'])
              .where('household_id', 'in', chunk)
              .orderBy('id', 'desc')
              .execute()
          : [],
      ]);
      const first = new Map<number, string>();
      // Ordered newest first, so the last write per household is its first registered resident.
      for (const p of phones) first.set(Number(p.household_id), p.phone);
      for (const h of homes)
        out.set(Number(h.id), {
          id: Number(h.id),
          compoundId: Number(h.compound_id),
          compound: h.compound,
          building: h.building,
          unit: h.unit,
          room: h.room,
          phone: first.get(Number(h.id)) ?? null,
        });
    }
    return out;
  }

  async householdKeys(compoundId: number, trx: Db = this.db): Promise<Map<string, number>> {
    const rows = await this.t(trx)
      .selectFrom('households')
      .select(['id', 'address_key'])
      .where('compound_id', '=', compoundId)
      .execute();
    return new Map(rows.map((r) => [r.address_key, r.id]));
  }

  /** Inserts the households not there yet and returns every id by address key. */
  async ensureHouseholds(rows: Array<Omit<HouseholdsTable, 'id'>>, trx: Db): Promise<Map<string, number>> {
    if (rows.length === 0) return new Map();
    const q = this.t(trx);
    for (let i = 0; i < rows.length; i += 500) {
      await q
        .insertInto('households')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['compound_id', 'address_key']).doNothing())
        .execute();
    }
    const found = new Map<string, number>();
    const keys = rows.map((r) => r.address_key);
    for (let i = 0; i < keys.length; i += 500) {
      const saved = await q
        .selectFrom('households')
        .select(['id', 'address_key'])
        .where('compound_id', '=', rows[0]!.compound_id)
        .where('address_key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const s of saved) found.set(s.address_key, s.id);
    }
    return found;
  }

  insertHousehold(row: Omit<HouseholdsTable, 'id'>, trx: Db) {
    return this.t(trx)
      .insertInto('households')
      .values(row)
      .onConflict((oc) => oc.columns(['compound_id', 'address_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async residents(
    compoundId: number,
    filter: { q?: string; householdId?: number },
    page: number,
    pageSize: number,
  ) {
    const base = this.t()
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .where('r.compound_id', '=', compoundId)
      .$if(filter.householdId !== undefined, (qb) => qb.where('r.household_id', '=', filter.householdId!))
      .$if(Boolean(filter.q), (qb) => qb.where('r.name', 'like', containing(filter.q!)));
    const [rows, total] = await Promise.all([
      base
        .select([
          'r.id',
          'r.household_id',
          'r.compound_id',
          'r.name',
          'r.phone',
          'r.id_number',
          'r.relation',
          'r.status',
          'h.building',
          'h.unit',
          'h.room',
        ])
        .orderBy('r.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.c) };
  }

  resident(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .select([
        'r.id',
        'r.household_id',
        'r.compound_id',
        'r.node_path',
        'r.name',
        'r.phone',
        'r.id_number',
        'r.relation',
        'r.status',
        'h.building',
        'h.unit',
        'h.room',
      ])
      .where('r.id', '=', id)
      .executeTakeFirst();
  }

  async existingIdNumbers(ids: string[], trx: Db = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.t(trx)
      .selectFrom('residents')
      .select('id_number')
      .where('id_number', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id_number));
  }

  async existingPlates(plates: string[], trx: Db = this.db): Promise<Set<string>> {
    if (plates.length === 0) return new Set();
    const rows = await this.t(trx)
      .selectFrom('vehicles')
      .select('plate')
      .where('plate', 'in', plates)
      .execute();
    return new Set(rows.map((r) => r.plate));
  }

  /** Inserts residents whose ID number is new; returns the ID numbers actually inserted. */
  async insertResidents(rows: Array<Omit<ResidentsTable, 'id'>>, trx: Db): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const saved = await this.t(trx)
        .insertInto('residents')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('id_number').doNothing())
        .returning('id_number')
        .execute();
      for (const s of saved) inserted.add(s.id_number);
    }
    return inserted;
  }

  updateResidentStatus(id: number, status: string, trx: Db) {
    return this.t(trx)
      .updateTable('residents')
      .set({ status, updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  vehicle(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('vehicles')
      .select(['id', 'household_id', 'compound_id', 'node_path'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Residents still living in the compound and its vehicles, by id: who may hold a pass there. */
  async passHolders(compoundId: number, trx: Db = this.db) {
    const q = this.t(trx);
    const [residents, vehicles] = await Promise.all([
      q
        .selectFrom('residents')
        .select(['id', 'household_id'])
        .where('compound_id', '=', compoundId)
        .where('status', '!=', 'moved_out')
        .orderBy('id')
        .execute(),
      q
        .selectFrom('vehicles')
        .select(['id', 'household_id'])
        .where('compound_id', '=', compoundId)
        .orderBy('id')
        .execute(),
    ]);
    return { residents, vehicles };
  }

  /** The households a phone number belongs to, as a resident's registered phone. */
  async householdIdsOfPhone(phone: string, trx: Db = this.db): Promise<number[]> {
    const rows = await this.t(trx)
      .selectFrom('residents')
      .select('household_id')
      .distinct()
      .where('phone', '=', phone)
      .execute();
    return rows.map((r) => r.household_id);
  }

  async vehicles(compoundId: number, page: number, pageSize: number) {
    const q = this.t();
    const [rows, total] = await Promise.all([
      q
        .selectFrom('vehicles as v')
        .innerJoin('households as h', 'h.id', 'v.household_id')
        .select(['v.id', 'v.household_id', 'v.plate', 'h.building', 'h.unit', 'h.room'])
        .where('v.compound_id', '=', compoundId)
        .orderBy('v.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q
        .selectFrom('vehicles')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.c) };
  }

  async insertVehicles(
    rows: Array<Omit<VehiclesTable, 'id'>>,
    trx: Db,
  ): Promise<Array<{ id: number; plate: string }>> {
    const out: Array<{ id: number; plate: string }> = [];
    for (let i = 0; i < rows.length; i += 500) {
      const saved = await this.t(trx)
        .insertInto('vehicles')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('plate').doNothing())
        .returning(['id', 'plate'])
        .execute();
      out.push(...saved);
    }
    return out;
  }

  insertImport(row: Omit<CompoundImportsTable, 'id'>, trx: Db = this.db) {
    return this.t(trx).insertInto('compound_imports').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateImport(id: number, patch: Partial<Omit<CompoundImportsTable, 'id'>>, trx: Db = this.db) {
    return this.t(trx).updateTable('compound_imports').set(patch).where('id', '=', id).execute();
  }

  importJob(id: number) {
    return this.t().selectFrom('compound_imports').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
