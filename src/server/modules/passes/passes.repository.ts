import { type Kysely, sql } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import { type CoreTables, type Db, dialectOf } from '../../core/db/index.ts';
import type { CompoundTables } from '../compounds/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { PassBatchesTable, PassesTable, PassTables } from './passes.tables.ts';

type PDb = Kysely<CoreTables & CompoundTables & PassTables>;

export class PassesRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db): PDb {
    return trx.withTables<CompoundTables & PassTables>();
  }

  keys() {
    return this.t().selectFrom('pass_keys').selectAll().orderBy('id').execute();
  }

  /** Two instances starting at once both try key 1; the primary key lets one win. */
  async insertFirstKey(key: { publicKey: string; privateKey: string }) {
    await this.t()
      .insertInto('pass_keys')
      .values({
        id: 1,
        public_key: key.publicKey,
        private_key: key.privateKey,
        status: 'active',
        created_at: Date.now(),
        retired_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async rotate(key: { publicKey: string; privateKey: string }, trx: Db): Promise<number> {
    const q = this.t(trx);
    const max = await q
      .selectFrom('pass_keys')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    const id = Number(max?.m ?? 0) + 1;
    await q.updateTable('pass_keys').set({ status: 'verifying' }).where('status', '=', 'active').execute();
    await q
      .insertInto('pass_keys')
      .values({
        id,
        public_key: key.publicKey,
        private_key: key.privateKey,
        status: 'active',
        created_at: Date.now(),
        retired_at: null,
      })
      .execute();
    return id;
  }

  key(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('pass_keys')
      .select(['id', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  retireKey(id: number, trx: Db) {
    return this.t(trx)
      .updateTable('pass_keys')
      .set({ status: 'retired', retired_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  rules(compoundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('pass_rules')
      .selectAll()
      .where('compound_id', '=', compoundId)
      .executeTakeFirst();
  }

  async rulesFor(compoundIds: number[]) {
    if (compoundIds.length === 0) return [];
    return this.t().selectFrom('pass_rules').selectAll().where('compound_id', 'in', compoundIds).execute();
  }

  async saveRules(
    row: {
      compound_id: number;
      validity_days: number;
      quota_count: number;
      quota_days: number;
      updated_by: number;
      updated_at: number;
    },
    trx: Db,
  ) {
    const { compound_id: _, ...rest } = row;
    await this.t(trx)
      .insertInto('pass_rules')
      .values(row)
      .onConflict((oc) => oc.column('compound_id').doUpdateSet(rest))
      .execute();
  }

  /**
   * Pass ids are chosen before insert because the signed code contains the id: a sequence on
   * PostgreSQL; on SQLite the single writer holds the transaction, so max(id) + n is safe.
   */
  async reserveIds(n: number, trx: Db): Promise<number[]> {
    if (dialectOf(trx) === 'postgres') {
      const rows = await sql<{
        id: number;
      }>`select nextval(pg_get_serial_sequence('passes', 'id'))::bigint as id from generate_series(1, ${n})`.execute(
        trx,
      );
      return rows.rows.map((r) => Number(r.id));
    }
    const max = await this.t(trx)
      .selectFrom('passes')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    const start = Number(max?.m ?? 0) + 1;
    return Array.from({ length: n }, (_, i) => start + i);
  }

  async insertPasses(rows: PassesTable[], trx: Db) {
    for (let i = 0; i < rows.length; i += 500) {
      await this.t(trx)
        .insertInto('passes')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  /** Who in the compound holds an active pass now, residents and vehicles by id. */
  async activeHolders(compoundId: number, trx: Db = this.db) {
    const rows = await this.t(trx)
      .selectFrom('passes')
      .select(['resident_id', 'vehicle_id'])
      .where('compound_id', '=', compoundId)
      .where('status', '=', 'active')
      .execute();
    return {
      residents: new Set(rows.flatMap((r) => (r.resident_id === null ? [] : [r.resident_id]))),
      vehicles: new Set(rows.flatMap((r) => (r.vehicle_id === null ? [] : [r.vehicle_id]))),
    };
  }

  compoundsUnder(path: string, scopes: string[], trx: Db = this.db) {
    return new NodeLookup(trx).ofKindUnder('compound', path, scopes);
  }

  private withHolder(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('passes as p')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .innerJoin('nodes as n', 'n.id', 'p.compound_id')
      .leftJoin('residents as r', 'r.id', 'p.resident_id')
      .leftJoin('vehicles as v', 'v.id', 'p.vehicle_id')
      .selectAll('p')
      .select([
        'h.building',
        'h.unit',
        'h.room',
        'n.name as compound_name',
        'r.name as resident_name',
        'v.plate',
      ]);
  }

  pass(id: number, trx: Db = this.db) {
    return this.withHolder(trx).where('p.id', '=', id).executeTakeFirst();
  }

  async list(compoundId: number, status: string | undefined, page: number, pageSize: number) {
    const [rows, total] = await Promise.all([
      this.withHolder()
        .where('p.compound_id', '=', compoundId)
        .$if(status !== undefined, (qb) => qb.where('p.status', '=', status!))
        .orderBy('p.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      this.t()
        .selectFrom('passes')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .where('compound_id', '=', compoundId)
        .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.c) };
  }

  /** Active passes of a compound for printing, ordered by address so cards go door by door. */
  forPrint(compoundId: number, kind: string | undefined) {
    return this.withHolder()
      .where('p.compound_id', '=', compoundId)
      .where('p.status', '=', 'active')
      .$if(kind !== undefined, (qb) => qb.where('p.kind', '=', kind!))
      .orderBy('h.address_key')
      .orderBy('p.id')
      .execute();
  }

  /**
   * The households' passes, like a family's health codes on one phone: children and elders often
   * have no phone of their own. Names stay masked (toPass).
   */
  forPhone(phone: string, householdIds: number[], scopes: string[]) {
    if (householdIds.length === 0) return Promise.resolve([]);
    return (
      this.withHolder()
        .where('p.status', '=', 'active')
        .where(pathInScope('p.node_path', scopes))
        .where('p.household_id', 'in', householdIds)
        // The holder's own pass first: it is the one their phone shows large.
        .orderBy((eb) => eb.case().when('r.phone', '=', phone).then(0).else(1).end())
        .orderBy('p.id')
        .execute()
    );
  }

  setStatus(id: number, status: 'revoked' | 'replaced', reason: string, trx: Db) {
    return this.t(trx)
      .updateTable('passes')
      .set({ status, revoke_reason: reason, revoked_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
  }

  /** Passes no longer valid, not yet expired, in the given subtrees, changed after `since`. */
  /**
   * Passes that stopped working after `since`: revoked ones, and active ones whose holder was
   * marked moved out (then the resident's update time stands for the revocation time).
   */
  async revocations(scopes: string[], since: number, now: number) {
    const revoked = await this.t()
      .selectFrom('passes')
      .select(['id', 'revoked_at'])
      .where('status', '!=', 'active')
      .where('revoked_at', '>', since)
      .where('valid_until', '>', now - 10 * 60_000)
      .where(pathInScope('node_path', scopes))
      .execute();
    const movedOut = await this.t()
      .selectFrom('passes as p')
      .innerJoin('residents as r', 'r.id', 'p.resident_id')
      .select(['p.id', 'r.updated_at as revoked_at'])
      .where('p.status', '=', 'active')
      .where('r.status', '=', 'moved_out')
      .where('r.updated_at', '>', since)
      .where('p.valid_until', '>', now - 10 * 60_000)
      .where(pathInScope('p.node_path', scopes))
      .execute();
    return [...revoked, ...movedOut].sort((a, b) => (a.revoked_at ?? 0) - (b.revoked_at ?? 0));
  }

  insertBatch(row: Omit<PassBatchesTable, 'id'>) {
    return this.t().insertInto('pass_batches').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateBatch(id: number, patch: Partial<Omit<PassBatchesTable, 'id'>>, trx: Db = this.db) {
    return this.t(trx).updateTable('pass_batches').set(patch).where('id', '=', id).execute();
  }

  batch(id: number) {
    return this.t().selectFrom('pass_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
