import type { Insertable, Kysely } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import type { CoreTables, Db } from '../../core/db/index.ts';
import type { CounsellingCrisesTable, CounsellingTables } from './counselling.tables.ts';

type CDb = Kysely<CoreTables & CounsellingTables>;

export class CounsellingRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db): CDb {
    return trx.withTables<CounsellingTables>();
  }

  async insertSlot(
    row: { counsellor_id: number; node_path: string; starts_at: number; minutes: number },
    trx: Db,
  ): Promise<number> {
    const r = await this.t(trx)
      .insertInto('counselling_slots')
      .values({ ...row, status: 'open', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  openSlots(now: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_slots')
      .select(['id', 'starts_at', 'minutes', 'status'])
      .where('status', '=', 'open')
      .where('starts_at', '>', now)
      .orderBy('starts_at')
      .limit(200)
      .execute();
  }

  /** A counsellor's schedule: their slots from `since` on, open or booked. */
  slotsOf(counsellorId: number, since: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_slots')
      .select(['id', 'starts_at', 'minutes', 'status'])
      .where('counsellor_id', '=', counsellorId)
      .where('starts_at', '>=', since)
      .orderBy('starts_at')
      .limit(500)
      .execute();
  }

  slot(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_slots')
      .select(['id', 'node_path', 'starts_at', 'minutes', 'counsellor_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** open → booked for one request only; false when another request took it first (decision 0710). */
  async takeSlot(id: number, now: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('counselling_slots')
      .set({ status: 'booked' })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('starts_at', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async reopenSlot(id: number, now: number, trx: Db) {
    await this.t(trx)
      .updateTable('counselling_slots')
      .set({ status: 'open' })
      .where('id', '=', id)
      .where('status', '=', 'booked')
      .where('starts_at', '>', now)
      .execute();
  }

  async insertBooking(
    row: {
      slot_id: number;
      node_path: string;
      booker_id: number;
      alias: string | null;
      phone: string | null;
    },
    trx: Db,
  ): Promise<number> {
    const r = await this.t(trx)
      .insertInto('counselling_bookings')
      .values({ ...row, status: 'booked', notes: null, closed_at: null, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  booking(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_bookings as b')
      .innerJoin('counselling_slots as s', 's.id', 'b.slot_id')
      .select([
        'b.id',
        'b.slot_id',
        'b.node_path',
        'b.booker_id',
        'b.alias',
        'b.phone',
        'b.status',
        'b.notes',
        's.counsellor_id',
        's.starts_at',
        's.minutes',
      ])
      .where('b.id', '=', id)
      .executeTakeFirst();
  }

  /** Moves a booking out of `booked` once; false when it was already closed or cancelled. */
  async closeBooking(
    id: number,
    status: string,
    notes: string | null,
    now: number,
    trx: Db,
  ): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('counselling_bookings')
      .set({ status, notes, closed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** The sessions of a counsellor's slots. */
  sessionsOf(counsellorId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_bookings as b')
      .innerJoin('counselling_slots as s', 's.id', 'b.slot_id')
      .select(['b.id', 'b.slot_id', 's.starts_at', 'b.alias', 'b.phone', 'b.status', 'b.notes'])
      .where('s.counsellor_id', '=', counsellorId)
      .orderBy('s.starts_at')
      .limit(500)
      .execute();
  }

  /** A person's own bookings. */
  bookingsBy(bookerId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_bookings as b')
      .innerJoin('counselling_slots as s', 's.id', 'b.slot_id')
      .select(['b.id', 's.starts_at', 's.minutes', 'b.alias', 'b.status'])
      .where('b.booker_id', '=', bookerId)
      .orderBy('s.starts_at', 'desc')
      .limit(50)
      .execute();
  }

  async insertCrisis(row: Omit<Insertable<CounsellingCrisesTable>, 'id'>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('counselling_crises')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  crisis(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('counselling_crises').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Crises in the counsellor's subtrees: everything waiting, and what was answered since `since`. */
  crisesIn(scopes: string[], since: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_crises')
      .selectAll()
      .where(pathInScope('node_path', scopes))
      .where((eb) => eb.or([eb('status', '!=', 'answered'), eb('created_at', '>=', since)]))
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
  }

  crisesBy(requesterId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_crises')
      .select(['id', 'status', 'created_at'])
      .where('requester_id', '=', requesterId)
      .where('source', '=', 'request')
      .orderBy('id', 'desc')
      .limit(10)
      .execute();
  }

  /** Taken once: of two counsellors answering together, one wins. */
  async answerCrisis(id: number, by: number, now: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('counselling_crises')
      .set({ status: 'answered', answered_by: by, answered_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['open', 'escalated'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  unansweredBefore(before: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_crises')
      .select(['id', 'node_path', 'created_at', 'source'])
      .where('status', '=', 'open')
      .where('created_at', '<', before)
      .orderBy('id')
      .limit(500)
      .execute();
  }

  async escalate(id: number, now: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('counselling_crises')
      .set({ status: 'escalated', escalated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Counts over the supervisor's subtrees: no row leaves the database with a name or an alias. */
  async counts(scopes: string[], dayStart: number, dayEnd: number, now: number, trx: Db = this.db) {
    const b = this.t(trx)
      .selectFrom('counselling_bookings as b')
      .innerJoin('counselling_slots as s', 's.id', 'b.slot_id')
      .where(pathInScope('b.node_path', scopes))
      .select((eb) => eb.fn.countAll().as('n'));
    const c = this.t(trx).selectFrom('counselling_crises').where(pathInScope('node_path', scopes));
    const cn = c.select((eb) => eb.fn.countAll().as('n'));
    const [today, upcoming, noShows, crisesToday, waiting, escalated] = await Promise.all([
      b.where('b.created_at', '>=', dayStart).where('b.created_at', '<', dayEnd).executeTakeFirst(),
      b.where('b.status', '=', 'booked').where('s.starts_at', '>', now).executeTakeFirst(),
      b
        .where('b.status', '=', 'no_show')
        .where('b.closed_at', '>=', dayStart)
        .where('b.closed_at', '<', dayEnd)
        .executeTakeFirst(),
      cn.where('created_at', '>=', dayStart).where('created_at', '<', dayEnd).executeTakeFirst(),
      cn.where('status', '!=', 'answered').executeTakeFirst(),
      c
        .select(['id', 'source', 'status', 'created_at', 'escalated_at'])
        .where('escalated_at', 'is not', null)
        .where((eb) => eb.or([eb('status', '!=', 'answered'), eb('created_at', '>=', dayStart)]))
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute(),
    ]);
    const num = (r: { n: unknown } | undefined) => Number(r?.n ?? 0);
    return {
      bookingsToday: num(today),
      upcoming: num(upcoming),
      noShowsToday: num(noShows),
      crisesToday: num(crisesToday),
      crisesWaiting: num(waiting),
      escalated,
    };
  }

  /** Every course with its views and completions, and the reader's own progress. */
  courses(userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_courses as c')
      .leftJoin('counselling_course_views as v', 'v.course_id', 'c.id')
      .select(['c.id', 'c.title', 'c.kind', 'c.url', 'c.audiences', 'c.minutes'])
      .select((eb) => [
        eb.fn.count('v.user_id').as('views'),
        eb.fn.count('v.completed_at').as('completions'),
        eb.fn.max(eb.case().when('v.user_id', '=', userId).then(1).else(0).end()).as('viewed'),
        eb.fn
          .max(
            eb
              .case()
              .when(eb.and([eb('v.user_id', '=', userId), eb('v.completed_at', 'is not', null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('completed'),
      ])
      .groupBy(['c.id', 'c.title', 'c.kind', 'c.url', 'c.audiences', 'c.minutes'])
      .orderBy('c.id')
      .execute();
  }

  course(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('counselling_courses')
      .select(['id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertCourse(
    row: { title: string; kind: string; url: string; audiences: string; minutes: number },
    trx: Db,
  ): Promise<number> {
    const r = await this.t(trx)
      .insertInto('counselling_courses')
      .values({ ...row, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  /** One view per person and course: opening it again counts nothing more. */
  async view(courseId: number, userId: number, now: number, trx: Db = this.db) {
    await this.t(trx)
      .insertInto('counselling_course_views')
      .values({ course_id: courseId, user_id: userId, viewed_at: now, completed_at: null })
      .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
      .execute();
  }

  async complete(courseId: number, userId: number, now: number, trx: Db = this.db) {
    await this.view(courseId, userId, now, trx);
    await this.t(trx)
      .updateTable('counselling_course_views')
      .set({ completed_at: now })
      .where('course_id', '=', courseId)
      .where('user_id', '=', userId)
      .where('completed_at', 'is', null)
      .execute();
  }
}
