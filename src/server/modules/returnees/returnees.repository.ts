import type { Insertable, Kysely, Selectable } from 'kysely';
import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import type { CoreTables, Db } from '../../core/db/index.ts';
import type { ReturneesTable, ReturneeTables, ReturneeVisitsTable } from './returnees.tables.ts';

type RDb = Kysely<CoreTables & ReturneeTables>;
export type ReturneeRow = Awaited<ReturnType<ReturneesRepository['returnee']>> & {};
export type VisitRow = Selectable<ReturneeVisitsTable>;

const PERFORMED = ['seen_ok', 'seen_not_ok', 'missed'] as const;

export class ReturneesRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db): RDb {
    return trx.withTables<ReturneeTables>();
  }

  rules(trx: Db = this.db) {
    return this.t(trx).selectFrom('returnee_rules').selectAll().orderBy('category').execute();
  }

  async rule(category: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_rules')
      .selectAll()
      .where('category', '=', category)
      .executeTakeFirstOrThrow();
  }

  async saveRule(
    row: { category: string; measure: string; days: number; per_day: number; lost_after_days: number },
    actorId: number,
    trx: Db,
  ) {
    await this.t(trx)
      .updateTable('returnee_rules')
      .set({ ...row, updated_by: actorId, updated_at: Date.now() })
      .where('category', '=', row.category)
      .execute();
  }

  /** Inserts the rows whose (ID number, arrival day) is new; returns how many went in. */
  async insertReturnees(rows: Insertable<ReturneesTable>[], trx: Db): Promise<number[]> {
    if (rows.length === 0) return [];
    const inserted = await this.t(trx)
      .insertInto('returnees')
      .values(rows)
      .onConflict((oc) => oc.columns(['id_number', 'arrival_day']).doNothing())
      .returning('id')
      .execute();
    return inserted.map((r) => r.id);
  }

  returnee(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnees as r')
      .innerJoin('nodes as n', 'n.id', 'r.node_id')
      .leftJoin('returnee_rooms as rm', 'rm.id', 'r.room_id')
      .leftJoin('returnee_facilities as f', 'f.id', 'rm.facility_id')
      .selectAll('r')
      .select(['n.name as node_name', 'rm.label as room_label', 'f.name as facility_name'])
      .where('r.id', '=', id)
      .executeTakeFirst();
  }

  async list(
    scopes: string[],
    filter: { under: string | null; status?: string; risk?: boolean },
    now: number,
    page: number,
    pageSize: number,
  ) {
    const base = this.t()
      .selectFrom('returnees as r')
      .where(pathInScope('r.node_path', scopes))
      .$if(filter.under !== null, (qb) =>
        qb.where('r.node_path', '>=', filter.under!).where('r.node_path', '<', subtreeEnd(filter.under!)),
      )
      .$if(filter.status !== undefined, (qb) => qb.where('r.status', '=', filter.status!))
      // The risk list: people still under follow-up (or lost to it), not those released or waiting.
      .$if(filter.risk === true, (qb) => qb.where('r.status', 'in', ['isolating', 'lost']));
    const [rows, total] = await Promise.all([
      base
        .innerJoin('nodes as n', 'n.id', 'r.node_id')
        .selectAll('r')
        .select('n.name as node_name')
        .select((eb) =>
          eb
            .selectFrom('returnee_visits as v')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('v.returnee_id', '=', 'r.id')
            .where('v.status', '=', 'planned')
            .where('v.due_at', '<', now)
            .as('overdue'),
        )
        .$if(filter.risk === true, (qb) =>
          qb
            // 'high' < 'low' < 'medium' alphabetically: rank explicitly so high comes first.
            .orderBy((eb) =>
              eb
                .case()
                .when('r.category', '=', 'high')
                .then(0)
                .when('r.category', '=', 'medium')
                .then(1)
                .else(2)
                .end(),
            )
            .orderBy('overdue', 'desc'),
        )
        .orderBy('r.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** People registered under a subtree by origin city: counts only, for another module's summary. */
  async countByOrigin(under: string, codes: string[], trx: Db = this.db) {
    if (codes.length === 0) return [];
    return this.t(trx)
      .selectFrom('returnees')
      .select('from_code')
      .select((eb) => eb.fn.countAll<number>().as('registered'))
      .select((eb) =>
        eb.fn.sum<number>(eb.case().when('status', '=', 'isolating').then(1).else(0).end()).as('isolating'),
      )
      .where('node_path', '>=', under)
      .where('node_path', '<', subtreeEnd(under))
      .where('from_code', 'in', codes)
      .groupBy('from_code')
      .execute();
  }

  /** A person's own reports, newest first. */
  selfReportedBy(userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnees as r')
      .innerJoin('nodes as n', 'n.id', 'r.node_id')
      .selectAll('r')
      .select('n.name as node_name')
      .where('r.created_by', '=', userId)
      .where('r.self_reported', '=', 1)
      .orderBy('r.id', 'desc')
      .limit(20)
      .execute();
  }

  async startPeriod(
    id: number,
    period: { category: string; measure: string; start_day: string; end_day: string; per_day: number },
    trx: Db,
  ) {
    await this.t(trx)
      .updateTable('returnees')
      .set({ ...period, status: 'isolating', updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  async setEnd(id: number, endDay: string, trx: Db) {
    await this.t(trx)
      .updateTable('returnees')
      .set({ end_day: endDay, updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  /** Adds the missing planned visits; a (person, day, slot) that exists is left exactly as it is. */
  async insertVisits(rows: Insertable<ReturneeVisitsTable>[], trx: Db) {
    for (let i = 0; i < rows.length; i += 500) {
      await this.t(trx)
        .insertInto('returnee_visits')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['returnee_id', 'day', 'slot']).doNothing())
        .execute();
    }
  }

  /** Drops planned visits outside the period; a performed visit is never deleted. */
  async dropPlannedOutside(returneeId: number, startDay: string, endDay: string, trx: Db) {
    await this.t(trx)
      .deleteFrom('returnee_visits')
      .where('returnee_id', '=', returneeId)
      .where('status', '=', 'planned')
      .where((eb) => eb.or([eb('day', '<', startDay), eb('day', '>', endDay)]))
      .execute();
  }

  visits(returneeId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_visits')
      .selectAll()
      .where('returnee_id', '=', returneeId)
      .orderBy('day')
      .orderBy('slot')
      .execute();
  }

  visit(id: number) {
    return this.t().selectFrom('returnee_visits').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Records a planned visit; false when someone recorded it first (a performed visit is final). */
  async performVisit(
    id: number,
    row: {
      status: string;
      temp_x10: number | null;
      symptoms: string;
      performed_by: number;
      performed_at: number;
    },
    trx: Db,
  ): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('returnee_visits')
      .set(row)
      .where('id', '=', id)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Planned visits due before `until` in the caller's subtrees, oldest first. */
  due(scopes: string[], under: string | null, until: number, limit: number) {
    return this.t()
      .selectFrom('returnee_visits as v')
      .innerJoin('returnees as r', 'r.id', 'v.returnee_id')
      .innerJoin('nodes as n', 'n.id', 'r.node_id')
      .selectAll('v')
      .select(['r.name', 'n.name as node_name'])
      .where(pathInScope('v.node_path', scopes))
      .$if(under !== null, (qb) =>
        qb.where('v.node_path', '>=', under!).where('v.node_path', '<', subtreeEnd(under!)),
      )
      .where('v.status', '=', 'planned')
      .where('v.due_at', '<', until)
      .orderBy('v.due_at')
      .limit(limit)
      .execute();
  }

  async release(id: number, now: number, trx: Db) {
    await this.t(trx)
      .updateTable('returnees')
      .set({ status: 'released', released_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    // Visits nobody will make any more go; the performed ones start their retention clock.
    await this.t(trx)
      .deleteFrom('returnee_visits')
      .where('returnee_id', '=', id)
      .where('status', '=', 'planned')
      .execute();
    await this.t(trx)
      .updateTable('returnee_visits')
      .set({ released_at: now })
      .where('returnee_id', '=', id)
      .execute();
  }

  /**
   * People under follow-up in `category` nobody has seen on any of the days [from, to): their
   * visits in that window were missed or never made. Started on or before `from`.
   */
  unseenSince(category: string, from: string, to: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnees as r')
      .select(['r.id', 'r.node_path'])
      .where('r.status', '=', 'isolating')
      .where('r.category', '=', category)
      .where('r.start_day', '<=', from)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('returnee_visits as v')
              .select('v.id')
              .whereRef('v.returnee_id', '=', 'r.id')
              .where('v.day', '>=', from)
              .where('v.day', '<', to)
              .where('v.status', 'in', ['seen_ok', 'seen_not_ok']),
          ),
        ),
      )
      .execute();
  }

  async markLost(ids: number[], trx: Db) {
    if (ids.length === 0) return;
    await this.t(trx)
      .updateTable('returnees')
      .set({ status: 'lost', updated_at: Date.now() })
      .where('id', 'in', ids)
      .where('status', '=', 'isolating')
      .execute();
  }

  /** The last performed visits of a person, newest first. */
  lastPerformed(returneeId: number, limit: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_visits')
      .selectAll()
      .where('returnee_id', '=', returneeId)
      .where('status', 'in', [...PERFORMED])
      .orderBy('day', 'desc')
      .orderBy('slot', 'desc')
      .limit(limit)
      .execute();
  }

  insertFacility(
    row: { node_id: number; node_path: string; name: string; address: string; created_at: number },
    trx: Db,
  ) {
    return this.t(trx)
      .insertInto('returnee_facilities')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  async insertRooms(
    facilityId: number,
    nodePath: string,
    rooms: Array<{ label: string; capacity: number }>,
    trx: Db,
  ) {
    await this.t(trx)
      .insertInto('returnee_rooms')
      .values(
        rooms.map((r) => ({
          facility_id: facilityId,
          node_path: nodePath,
          label: r.label,
          capacity: r.capacity,
          occupied: 0,
        })),
      )
      .execute();
  }

  facilities(scopes: string[], trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_facilities as f')
      .innerJoin('nodes as n', 'n.id', 'f.node_id')
      .selectAll('f')
      .select('n.name as node_name')
      .where(pathInScope('f.node_path', scopes))
      .orderBy('f.id')
      .execute();
  }

  facility(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_facilities as f')
      .innerJoin('nodes as n', 'n.id', 'f.node_id')
      .selectAll('f')
      .select('n.name as node_name')
      .where('f.id', '=', id)
      .executeTakeFirst();
  }

  rooms(facilityIds: number[], trx: Db = this.db) {
    if (facilityIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('returnee_rooms')
      .selectAll()
      .where('facility_id', 'in', facilityIds)
      .orderBy('facility_id')
      .orderBy('label')
      .execute();
  }

  room(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_rooms as rm')
      .innerJoin('returnee_facilities as f', 'f.id', 'rm.facility_id')
      .selectAll('rm')
      .select('f.name as facility_name')
      .where('rm.id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Takes a bed: one guarded update, so of two concurrent requests for the last bed exactly one
   * changes a row (both dialects serialise writes to the row). False when the room is full.
   */
  async takeBed(roomId: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('returnee_rooms')
      .set((eb) => ({ occupied: eb('occupied', '+', 1) }))
      .where('id', '=', roomId)
      .whereRef('occupied', '<', 'capacity')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async freeBed(roomId: number, trx: Db) {
    await this.t(trx)
      .updateTable('returnee_rooms')
      .set((eb) => ({ occupied: eb('occupied', '-', 1) }))
      .where('id', '=', roomId)
      .where('occupied', '>', 0)
      .execute();
  }

  /** Moves the person into `roomId` only if they are still in `fromRoom` (a retry or a race moves nobody twice). */
  async setRoom(id: number, fromRoom: number | null, roomId: number | null, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('returnees')
      .set({ room_id: roomId, updated_at: Date.now() })
      .where('id', '=', id)
      .$if(fromRoom === null, (qb) => qb.where('room_id', 'is', null))
      .$if(fromRoom !== null, (qb) => qb.where('room_id', '=', fromRoom!))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Registered people who travelled on `transportNo` arriving on `day` (the trip index). */
  sameTrip(transportNo: string, day: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnees')
      .select(['id', 'node_path'])
      .where('transport_no', '=', transportNo)
      .where('arrival_day', '=', day)
      .execute();
  }

  /** Adds contacts; a pair already listed keeps its first row. Returns the rows that went in. */
  async insertContacts(
    rows: Array<{
      case_id: number;
      contact_id: number;
      node_path: string;
      relation: string;
      last_contact_day: string;
      created_by: number | null;
      created_at: number;
    }>,
    trx: Db,
  ) {
    const out: Array<{ id: number; node_path: string }> = [];
    for (let i = 0; i < rows.length; i += 500) {
      out.push(
        ...(await this.t(trx)
          .insertInto('returnee_contacts')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['case_id', 'contact_id']).doNothing())
          .returning(['id', 'node_path'])
          .execute()),
      );
    }
    return out;
  }

  /** A case's contacts the caller may see: each contact is scoped by their own home node. */
  contacts(caseId: number, scopes: string[], trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_contacts as c')
      .innerJoin('returnees as r', 'r.id', 'c.contact_id')
      .innerJoin('nodes as n', 'n.id', 'r.node_id')
      .select([
        'c.id',
        'c.case_id',
        'c.contact_id',
        'c.node_path',
        'c.relation',
        'c.last_contact_day',
        'r.name',
        'r.status',
        'n.name as node_name',
      ])
      .where('c.case_id', '=', caseId)
      .where(pathInScope('c.node_path', scopes))
      .orderBy('c.last_contact_day', 'desc')
      .orderBy('c.id')
      .execute();
  }

  /** A new code; undefined when this phone already had one this minute (the unique window). */
  async insertCode(
    row: {
      phone: string;
      ip: string;
      minute: number;
      code_hash: string;
      expires_at: number;
      created_at: number;
    },
    trx: Db = this.db,
  ): Promise<number | undefined> {
    const got = await this.t(trx)
      .insertInto('returnee_sms_codes')
      .values({ ...row, attempts: 0, used_at: null })
      .onConflict((oc) => oc.columns(['phone', 'minute']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return got?.id;
  }

  async codesSince(
    by: { phone: string } | { ip: string },
    since: number,
    trx: Db = this.db,
  ): Promise<number> {
    const row = await this.t(trx)
      .selectFrom('returnee_sms_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if('phone' in by, (qb) => qb.where('phone', '=', (by as { phone: string }).phone))
      .$if('ip' in by, (qb) => qb.where('ip', '=', (by as { ip: string }).ip))
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The phone's newest code still usable: unexpired, unused. */
  liveCode(phone: string, now: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_sms_codes')
      .selectAll()
      .where('phone', '=', phone)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** Counts a try against a code; false once the cap is reached (a guarded update, race-safe). */
  async spendAttempt(id: number, max: number, trx: Db = this.db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('returnee_sms_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('attempts', '<', max)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Uses a code up; false when another request used it first. */
  async useCode(id: number, now: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('returnee_sms_codes')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async queueSms(phone: string, body: string, now: number, trx: Db) {
    await this.t(trx)
      .insertInto('returnee_sms_outbox')
      .values({ phone, body, sent_at: null, created_at: now })
      .execute();
  }

  unsentSms(limit: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('returnee_sms_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async markSmsSent(id: number, now: number, trx: Db = this.db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('returnee_sms_outbox')
      .set({ sent_at: now })
      .where('id', '=', id)
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
