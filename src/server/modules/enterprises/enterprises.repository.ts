import { type Expression, type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { StatsDimension } from '../../../contracts/enterprises.ts';
import { type Db, dialectOf } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type {
  BookingsTable,
  CertificatesTable,
  EnterprisesTable,
  EnterpriseTables,
  FilingsTable,
} from './enterprises.tables.ts';

export type EnterpriseRow = Omit<EnterprisesTable, 'id'> & { id: number; node_name: string };
export type FilingRow = Omit<FilingsTable, 'id'> & { id: number; enterprise_name: string; node_name: string };
export type CertRow = Omit<CertificatesTable, 'id'> & { id: number; enterprise_name: string };
export type BookingRow = Omit<BookingsTable, 'id'> & {
  id: number;
  enterprise_name: string;
  office: string;
  starts_at: number;
};
type Scope = (column: string) => Expression<SqlBool>;

export class EnterprisesRepository {
  constructor(private readonly db: Db) {}

  t(trx: Db = this.db) {
    return trx.withTables<EnterpriseTables>();
  }

  node(id: number) {
    return new NodeLookup(this.db).byId(id);
  }

  /* ---------- enterprises ---------- */

  private enterprises(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('enterprises as e')
      .innerJoin('nodes as n', 'n.id', 'e.node_id')
      .selectAll('e')
      .select('n.name as node_name');
  }

  async enterprise(id: number, trx: Db = this.db): Promise<EnterpriseRow | undefined> {
    return (await this.enterprises(trx).where('e.id', '=', id).executeTakeFirst()) as
      | EnterpriseRow
      | undefined;
  }

  async enterpriseOf(userId: number, trx: Db = this.db): Promise<EnterpriseRow | undefined> {
    return (await this.enterprises(trx).where('e.account_user_id', '=', userId).executeTakeFirst()) as
      | EnterpriseRow
      | undefined;
  }

  async listEnterprises(scope: Scope, q: string | undefined, limit: number): Promise<EnterpriseRow[]> {
    let query = this.enterprises().where(scope('e.node_path')).orderBy('e.id').limit(limit);
    if (q) query = query.where('e.name', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
    return (await query.execute()) as EnterpriseRow[];
  }

  async insertEnterprise(row: Insertable<EnterprisesTable>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('enterprises')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async creditCodeTaken(code: string, trx: Db): Promise<boolean> {
    return Boolean(
      await this.t(trx)
        .selectFrom('enterprises')
        .select('id')
        .where('credit_code', '=', code)
        .executeTakeFirst(),
    );
  }

  /* ---------- filings ---------- */

  private filings(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('enterprise_filings as f')
      .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
      .innerJoin('nodes as n', 'n.id', 'e.node_id')
      .selectAll('f')
      .select(['e.name as enterprise_name', 'n.name as node_name']);
  }

  async filing(id: number, trx: Db = this.db): Promise<FilingRow | undefined> {
    return (await this.filings(trx).where('f.id', '=', id).executeTakeFirst()) as FilingRow | undefined;
  }

  /** The reviewer's queue (or an enterprise's own list): one index range per scope root. */
  async listFilings(
    where: { scope?: Scope; enterpriseId?: number; status?: string | undefined },
    page: number,
    pageSize: number,
  ): Promise<{ items: FilingRow[]; total: number }> {
    let q = this.t().selectFrom('enterprise_filings as f');
    if (where.scope) q = q.where(where.scope('f.node_path'));
    if (where.enterpriseId !== undefined) q = q.where('f.enterprise_id', '=', where.enterpriseId);
    if (where.status) q = q.where('f.status', '=', where.status);
    const [ids, count] = await Promise.all([
      q
        .select('f.id')
        .orderBy('f.submitted_at', 'asc')
        .orderBy('f.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    const items =
      ids.length === 0
        ? []
        : ((await this.filings()
            .where(
              'f.id',
              'in',
              ids.map((r) => Number(r.id)),
            )
            .orderBy('f.submitted_at', 'asc')
            .orderBy('f.id')
            .execute()) as FilingRow[]);
    return { items, total: Number(count?.n ?? 0) };
  }

  async insertFiling(row: Insertable<FilingsTable>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('enterprise_filings')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** A guarded transition: changes the row only while its status is one of `from`; returns rows changed. */
  async moveFiling(
    id: number,
    from: readonly string[],
    set: Updateable<FilingsTable>,
    trx: Db,
  ): Promise<number> {
    const r = await this.t(trx)
      .updateTable('enterprise_filings')
      .set(set)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async addStep(
    step: {
      filing_id: number;
      kind: string;
      actor_id: number;
      at: number;
      detail: Record<string, unknown>;
      due_at?: number | null;
    },
    trx: Db,
  ) {
    await this.t(trx)
      .insertInto('enterprise_filing_steps')
      .values({ ...step, detail: JSON.stringify(step.detail), due_at: step.due_at ?? null, closed_at: null })
      .execute();
  }

  async closeRequests(filingId: number, at: number, trx: Db) {
    await this.t(trx)
      .updateTable('enterprise_filing_steps')
      .set({ closed_at: at })
      .where('filing_id', '=', filingId)
      .where('kind', '=', 'request')
      .where('closed_at', 'is', null)
      .execute();
  }

  steps(filingId: number) {
    return this.t()
      .selectFrom('enterprise_filing_steps as s')
      .innerJoin('users as u', 'u.id', 's.actor_id')
      .selectAll('s')
      .select('u.name as actor_name')
      .where('s.filing_id', '=', filingId)
      .orderBy('s.id')
      .execute();
  }

  documents(filingId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('enterprise_filing_documents as d')
      .innerJoin('files as fl', 'fl.id', 'd.file_id')
      .select(['d.doc_key', 'd.file_id', 'fl.name', 'fl.sha256'])
      .where('d.filing_id', '=', filingId)
      .orderBy('d.doc_key')
      .execute();
  }

  async putDocument(filingId: number, key: string, fileId: string, trx: Db) {
    await this.t(trx)
      .insertInto('enterprise_filing_documents')
      .values({ filing_id: filingId, doc_key: key, file_id: fileId, added_at: Date.now() })
      .onConflict((oc) => oc.columns(['filing_id', 'doc_key']).doUpdateSet({ file_id: fileId }))
      .execute();
  }

  file(id: string, trx: Db = this.db) {
    return trx
      .selectFrom('files')
      .select(['id', 'sha256', 'name', 'owner_type', 'owner_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /* ---------- certificates ---------- */

  private certs(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('fm_certificates as c')
      .innerJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .selectAll('c')
      .select('e.name as enterprise_name');
  }

  async cert(id: number, trx: Db = this.db): Promise<CertRow | undefined> {
    return (await this.certs(trx).where('c.id', '=', id).executeTakeFirst()) as CertRow | undefined;
  }

  async certByNumber(number: string): Promise<CertRow | undefined> {
    return (await this.certs().where('c.number', '=', number).executeTakeFirst()) as CertRow | undefined;
  }

  async listCerts(where: { scope?: Scope; enterpriseId?: number }, page: number, pageSize: number) {
    let q = this.certs();
    let c = this.t().selectFrom('fm_certificates as c');
    if (where.scope) {
      q = q.where(where.scope('c.node_path'));
      c = c.where(where.scope('c.node_path'));
    }
    if (where.enterpriseId !== undefined) {
      q = q.where('c.enterprise_id', '=', where.enterpriseId);
      c = c.where('c.enterprise_id', '=', where.enterpriseId);
    }
    const [items, count] = await Promise.all([
      q
        .orderBy('c.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      c.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return { items: items as CertRow[], total: Number(count?.n ?? 0) };
  }

  async insertCert(row: Insertable<CertificatesTable>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('fm_certificates')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async moveCert(id: number, from: readonly string[], set: Updateable<CertificatesTable>, trx: Db) {
    const r = await this.t(trx)
      .updateTable('fm_certificates')
      .set(set)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Evidence comes before a decision; evidence answering a request sends the case back to review. */
  async evidenceAdded(id: number, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .updateTable('fm_certificates')
      .set({ status: sql<string>`case when status = 'info_requested' then 'in_review' else status end` })
      .where('id', '=', id)
      .where('status', 'in', ['submitted', 'in_review', 'info_requested'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  evidence(certId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('fm_evidence')
      .selectAll()
      .where('certificate_id', '=', certId)
      .orderBy('id')
      .execute();
  }

  async addEvidence(
    row: { certificate_id: number; kind: string; title: string; file_id: string | null; sha256: string },
    trx: Db,
  ) {
    await this.t(trx)
      .insertInto('fm_evidence')
      .values({ ...row, added_at: Date.now() })
      .execute();
  }

  /** Certificate numbers run per year: 营口 trade council, year, sequence. */
  async nextNumber(year: number, trx: Db): Promise<string> {
    const prefix = `YKCCPIT-FM-${year}-`;
    const row = await this.t(trx)
      .selectFrom('fm_certificates')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('number', '>=', prefix)
      .where('number', '<', `${prefix}~`)
      .executeTakeFirst();
    return `${prefix}${String(Number(row?.n ?? 0) + 1).padStart(4, '0')}`;
  }

  keys() {
    return this.t().selectFrom('fm_keys').selectAll().orderBy('id').execute();
  }

  async insertFirstKey(key: { publicKey: string; privateKey: string }) {
    await this.t()
      .insertInto('fm_keys')
      .values({ id: 1, public_key: key.publicKey, private_key: key.privateKey, created_at: Date.now() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async revoke(number: string, reason: string, at: number, trx: Db) {
    await this.t(trx).insertInto('fm_revocations').values({ number, reason, at }).execute();
  }

  revocations() {
    return this.t().selectFrom('fm_revocations').selectAll().orderBy('seq').execute();
  }

  /* ---------- customs ---------- */

  slot(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('customs_slots').selectAll().where('id', '=', id).executeTakeFirst();
  }

  slots(from: number, until: number) {
    return this.t()
      .selectFrom('customs_slots')
      .selectAll()
      .where('starts_at', '>=', from)
      .where('starts_at', '<', until)
      .orderBy('office')
      .orderBy('starts_at')
      .execute();
  }

  async insertSlot(row: Omit<EnterpriseTables['customs_slots'], 'id'>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('customs_slots')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /**
   * Takes one place when one is left, in a single statement: the row lock (PostgreSQL) or the
   * database write lock (SQLite) makes the check and the increment one step, so the last place is
   * booked once however many requests race for it.
   */
  async takePlace(slotId: number, trx: Db): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('customs_slots')
      .set((eb) => ({ booked: eb('booked', '+', 1) }))
      .where('id', '=', slotId)
      .whereRef('booked', '<', 'capacity')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async releasePlace(slotId: number, trx: Db) {
    await this.t(trx)
      .updateTable('customs_slots')
      .set((eb) => ({ booked: eb('booked', '-', 1) }))
      .where('id', '=', slotId)
      .execute();
  }

  private bookings(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('customs_bookings as b')
      .innerJoin('enterprises as e', 'e.id', 'b.enterprise_id')
      .innerJoin('customs_slots as s', 's.id', 'b.slot_id')
      .selectAll('b')
      .select(['e.name as enterprise_name', 's.office', 's.starts_at']);
  }

  async booking(id: number, trx: Db = this.db): Promise<BookingRow | undefined> {
    return (await this.bookings(trx).where('b.id', '=', id).executeTakeFirst()) as BookingRow | undefined;
  }

  async listBookings(where: { scope?: Scope; enterpriseId?: number }, limit: number): Promise<BookingRow[]> {
    let q = this.bookings().orderBy('b.id', 'desc').limit(limit);
    if (where.scope) q = q.where(where.scope('b.node_path'));
    if (where.enterpriseId !== undefined) q = q.where('b.enterprise_id', '=', where.enterpriseId);
    return (await q.execute()) as BookingRow[];
  }

  async insertBooking(row: Insertable<BookingsTable>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('customs_bookings')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async moveBooking(id: number, from: string, set: Updateable<BookingsTable>, trx: Db) {
    const r = await this.t(trx)
      .updateTable('customs_bookings')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Cleared tonnes and value by Beijing month and one dimension, in SQL over the subtree. The
   * firm's name is joined only when grouping by firm: the other dimensions read the bookings alone.
   */
  async stats(scope: Scope, by: StatsDimension) {
    const month =
      dialectOf(this.db) === 'postgres'
        ? sql<string>`to_char(to_timestamp((b.cleared_at + 28800000) / 1000.0) at time zone 'UTC', 'YYYY-MM')`
        : sql<string>`strftime('%Y-%m', (b.cleared_at + 28800000) / 1000, 'unixepoch')`;
    const base = this.t()
      .selectFrom('customs_bookings as b')
      .where('b.status', '=', 'cleared')
      .where(scope('b.node_path'));
    const sums = [
      sql<number>`sum(b.weight_kg)`.as('weight_kg'),
      sql<number>`sum(b.value_usd)`.as('value_usd'),
    ] as const;
    if (by === 'firm')
      return base
        .innerJoin('enterprises as e', 'e.id', 'b.enterprise_id')
        .select([month.as('month'), 'e.credit_code as key', sql<string>`max(e.name)`.as('label'), ...sums])
        .groupBy([month, 'e.credit_code'])
        .orderBy('month')
        .orderBy('key')
        .execute();
    if (by === 'month')
      return (
        await base
          .select([month.as('month'), ...sums])
          .groupBy(month)
          .orderBy('month')
          .execute()
      ).map((r) => ({ ...r, key: '', label: '' }));
    const key = by === 'destination' ? sql<string>`b.destination` : sql<string>`b.hs_code`;
    return base
      .select([
        month.as('month'),
        key.as('key'),
        (by === 'goods' ? sql<string>`max(b.goods)` : key).as('label'),
        ...sums,
      ])
      .groupBy([month, key])
      .orderBy('month')
      .orderBy('key')
      .execute();
  }

  /** Last year's imported lines summed the same way, under the same subtree. */
  async prior(scope: Scope, by: StatsDimension) {
    const key =
      by === 'destination'
        ? sql<string>`destination`
        : by === 'goods'
          ? sql<string>`hs_code`
          : by === 'firm'
            ? sql<string>`case when credit_code = '' then firm else credit_code end`
            : null;
    const q = this.t()
      .selectFrom('customs_prior_lines')
      .select([
        'month',
        sql<number>`sum(weight_kg)`.as('weight_kg'),
        sql<number>`sum(value_usd)`.as('value_usd'),
      ])
      .where(scope('node_path'));
    if (key === null) return (await q.groupBy('month').execute()).map((r) => ({ ...r, key: '' }));
    return q.select(key.as('key')).groupBy(['month', key]).execute();
  }

  /** A sheet of last year's lines replaces those months under the node, in the caller's transaction. */
  async replacePrior(
    nodePath: string,
    months: string[],
    rows: Insertable<EnterpriseTables['customs_prior_lines']>[],
    trx: Db,
  ) {
    if (months.length > 0)
      await this.t(trx)
        .deleteFrom('customs_prior_lines')
        .where('node_path', '=', nodePath)
        .where('month', 'in', months)
        .execute();
    for (let i = 0; i < rows.length; i += 500)
      await this.t(trx)
        .insertInto('customs_prior_lines')
        .values(rows.slice(i, i + 500))
        .execute();
  }
}
