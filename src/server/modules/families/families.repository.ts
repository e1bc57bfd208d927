import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import type { CoreTables, Db } from '../../core/db/index.ts';
import type {
  FamiliesTable,
  FamilyDeliveriesTable,
  FamilyServicesTable,
  FamilyTables,
} from './families.tables.ts';

type FDb = Kysely<CoreTables & FamilyTables>;
export type FamilyRow = Awaited<ReturnType<FamiliesRepository['family']>> & {};
export type DeliveryRow = Selectable<FamilyDeliveriesTable> & { volunteer_name?: string | null };
export type ServiceRow = Selectable<FamilyServicesTable>;

/** Who may see a family: its liaison, its own account, or a subtree the caller sees families in. */
export interface FamilyVisibility {
  userId: number;
  paths: string[];
}

const CHUNK = 500;

export class FamiliesRepository {
  constructor(private readonly base: Db) {}

  private q(trx?: Db): FDb {
    return (trx ?? this.base).withTables<FamilyTables>();
  }

  node(id: number) {
    return this.q()
      .selectFrom('nodes')
      .select(['id', 'name', 'path'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  user(id: number) {
    return this.q()
      .selectFrom('users')
      .select(['id', 'name', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** An active account by phone with the grants it holds (to check it may deliver). */
  async userByPhone(phone: string) {
    const user = await this.q()
      .selectFrom('users')
      .select(['id', 'name', 'status'])
      .where('phone', '=', phone)
      .executeTakeFirst();
    if (!user) return undefined;
    const grants = await this.q()
      .selectFrom('grants')
      .select(['role', 'node_path'])
      .where('user_id', '=', user.id)
      .execute();
    return { ...user, grants };
  }

  // ---- batches ---------------------------------------------------------------------------

  batches(under: string[]) {
    return this.q()
      .selectFrom('family_batches as b')
      .select(['b.id', 'b.name', 'b.destination', 'b.sent_day', 'b.returned_day', 'b.node_path'])
      .select((eb) =>
        eb
          .selectFrom('families as f')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('f.batch_id', '=', 'b.id')
          .as('workers'),
      )
      .where(pathInScope('b.node_path', under))
      .orderBy('b.sent_day')
      .orderBy('b.id')
      .execute();
  }

  batch(id: number, trx?: Db) {
    return this.q(trx).selectFrom('family_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Batches are the city's: any official may pick one when registering a family in their community. */
  allBatches() {
    return this.q().selectFrom('family_batches').selectAll().orderBy('sent_day').execute();
  }

  async insertBatch(row: Insertable<FamilyTables['family_batches']>, trx: Db): Promise<number> {
    const r = await this.q(trx)
      .insertInto('family_batches')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async setReturned(id: number, day: string, trx: Db): Promise<void> {
    const now = Date.now();
    await this.q(trx)
      .updateTable('family_batches')
      .set({ returned_day: day, updated_at: now })
      .where('id', '=', id)
      .execute();
    await this.q(trx)
      .updateTable('families')
      .set({ back_day: day, updated_at: now })
      .where('batch_id', '=', id)
      .where('back_day', 'is', null)
      .execute();
  }

  // ---- families --------------------------------------------------------------------------

  async insertFamily(row: Insertable<FamiliesTable>, trx: Db): Promise<number> {
    const r = await this.q(trx).insertInto('families').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  family(id: number, trx?: Db) {
    return this.q(trx)
      .selectFrom('families as f')
      .innerJoin('nodes as n', 'n.id', 'f.node_id')
      .innerJoin('family_batches as b', 'b.id', 'f.batch_id')
      .innerJoin('users as u', 'u.id', 'f.liaison_id')
      .selectAll('f')
      .select([
        'n.name as node_name',
        'b.name as batch_name',
        'u.name as liaison_name',
        'u.phone as liaison_phone',
      ])
      .where('f.id', '=', id)
      .executeTakeFirst();
  }

  async list(
    v: FamilyVisibility,
    filter: { batchId?: number; liaisonOnly: boolean },
    page: number,
    pageSize: number,
  ) {
    let base = this.q()
      .selectFrom('families as f')
      .where((eb) =>
        eb.or([
          eb('f.liaison_id', '=', v.userId),
          eb('f.family_user_id', '=', v.userId),
          pathInScope('f.node_path', v.paths),
        ]),
      );
    if (filter.batchId) base = base.where('f.batch_id', '=', filter.batchId);
    if (filter.liaisonOnly) base = base.where('f.liaison_id', '=', v.userId);
    const [rows, count] = await Promise.all([
      base
        .innerJoin('nodes as n', 'n.id', 'f.node_id')
        .innerJoin('family_batches as b', 'b.id', 'f.batch_id')
        .innerJoin('users as u', 'u.id', 'f.liaison_id')
        .selectAll('f')
        .select([
          'n.name as node_name',
          'b.name as batch_name',
          'u.name as liaison_name',
          'u.phone as liaison_phone',
        ])
        .orderBy('f.node_path')
        .orderBy('f.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return { rows, total: Number(count?.n ?? 0) };
  }

  async updateFamily(id: number, set: Updateable<FamiliesTable>, trx: Db): Promise<void> {
    await this.q(trx).updateTable('families').set(set).where('id', '=', id).execute();
  }

  /**
   * A new liaison takes over what is still to follow up: the family's open deliveries and those
   * missed since `missedFrom` (the to-do reads `liaison_id` on the delivery row).
   */
  async moveDeliveries(familyId: number, liaisonId: number, missedFrom: string, trx: Db): Promise<number> {
    const r = await this.q(trx)
      .updateTable('family_deliveries')
      .set({ liaison_id: liaisonId })
      .where('family_id', '=', familyId)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'open'),
          eb.and([eb('status', '=', 'missed'), eb('day', '>=', missedFrom)]),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** due / done / missed per family over [fromDay, toDay]. */
  async weekCounts(familyIds: number[], fromDay: string, toDay: string) {
    if (familyIds.length === 0) return [];
    return this.q()
      .selectFrom('family_deliveries')
      .select(['family_id', 'status'])
      .select((eb) => eb.fn.countAll().as('n'))
      .where('family_id', 'in', familyIds)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .groupBy(['family_id', 'status'])
      .execute();
  }

  async openNeedCounts(familyIds: number[]) {
    if (familyIds.length === 0) return [];
    return this.q()
      .selectFrom('family_needs')
      .select('family_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('family_id', 'in', familyIds)
      .where('status', '=', 'open')
      .groupBy('family_id')
      .execute();
  }

  // ---- services and their occurrences ----------------------------------------------------

  async insertService(row: Insertable<FamilyServicesTable>, trx: Db): Promise<number> {
    const r = await this.q(trx)
      .insertInto('family_services')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  services(familyId: number) {
    return this.q()
      .selectFrom('family_services')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('id')
      .execute();
  }

  service(id: number, trx?: Db) {
    return this.q(trx).selectFrom('family_services').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Flips `active` once: two pauses racing, one wins and the other finds nothing to change. */
  async setActive(id: number, active: boolean, reason: string, trx: Db): Promise<boolean> {
    const r = await this.q(trx)
      .updateTable('family_services')
      .set({ active: active ? 1 : 0, pause_reason: reason })
      .where('id', '=', id)
      .where('active', '=', active ? 0 : 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * A paused service's occurrences generated ahead whose window has not begun are withdrawn
   * (nobody has been to the door yet); one already under way stays to be closed as done or missed.
   */
  async withdrawAhead(serviceId: number, now: number, trx: Db) {
    return this.q(trx)
      .deleteFrom('family_deliveries')
      .where('service_id', '=', serviceId)
      .where('status', '=', 'open')
      .where('due_from', '>', now)
      .returning(['id', 'day', 'volunteer_id'])
      .execute();
  }

  /** Active services of families whose worker is still away (or of one family), with the liaison. */
  activeServices(familyId?: number, trx?: Db) {
    let q = this.q(trx)
      .selectFrom('family_services as s')
      .innerJoin('families as f', 'f.id', 's.family_id')
      .selectAll('s')
      .select('f.liaison_id')
      .where('s.active', '=', 1)
      .where('f.back_day', 'is', null);
    if (familyId !== undefined) q = q.where('s.family_id', '=', familyId);
    return q.orderBy('s.id').execute();
  }

  /** The (service, day) keys already made over [fromDay, toDay], to skip building them again. */
  async occurrenceKeys(fromDay: string, toDay: string, familyId: number | undefined, trx: Db) {
    let q = this.q(trx)
      .selectFrom('family_deliveries')
      .select(['service_id', 'day'])
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay);
    if (familyId !== undefined) q = q.where('family_id', '=', familyId);
    const rows = await q.execute();
    return new Set(rows.map((r) => `${r.service_id}:${r.day}`));
  }

  /** Inserts the occurrences not there yet; returns how many went in. */
  async insertOccurrences(rows: Insertable<FamilyDeliveriesTable>[], trx: Db): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const r = await this.q(trx)
        .insertInto('family_deliveries')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['service_id', 'day']).doNothing())
        .returning('id')
        .execute();
      inserted += r.length;
    }
    return inserted;
  }

  private deliveries(trx?: Db) {
    return this.q(trx)
      .selectFrom('family_deliveries as d')
      .leftJoin('users as v', 'v.id', 'd.volunteer_id')
      .selectAll('d')
      .select('v.name as volunteer_name');
  }

  delivery(id: number, trx?: Db) {
    return this.deliveries(trx).where('d.id', '=', id).executeTakeFirst();
  }

  familyDeliveries(familyId: number, fromDay: string, toDay: string) {
    return this.deliveries()
      .where('d.family_id', '=', familyId)
      .where('d.day', '>=', fromDay)
      .where('d.day', '<=', toDay)
      .orderBy('d.due_by')
      .execute();
  }

  /** A liaison's deliveries on one day, and their missed ones since `missedFrom`. */
  async liaisonDeliveries(liaisonId: number, day: string, missedFrom: string) {
    const select = () =>
      this.deliveries()
        .innerJoin('families as f', 'f.id', 'd.family_id')
        .innerJoin('nodes as n', 'n.id', 'f.node_id')
        .select(['f.worker_name', 'n.name as node_name'])
        .where('d.liaison_id', '=', liaisonId);
    const [today, missed] = await Promise.all([
      select().where('d.day', '=', day).orderBy('d.due_by').execute(),
      select()
        .where('d.day', '>=', missedFrom)
        .where('d.day', '<', day)
        .where('d.status', '=', 'missed')
        .orderBy('d.due_by', 'desc')
        .execute(),
    ]);
    return { today, missed };
  }

  heldBy(volunteerId: number, fromDay: string) {
    return this.deliveries()
      .innerJoin('families as f', 'f.id', 'd.family_id')
      .select(['f.worker_name', 'f.address', 'f.phone'])
      .where('d.volunteer_id', '=', volunteerId)
      .where('d.day', '>=', fromDay)
      .orderBy('d.due_by')
      .execute();
  }

  async assign(id: number, volunteerId: number, trx: Db): Promise<boolean> {
    const r = await this.q(trx)
      .updateTable('family_deliveries')
      .set({ volunteer_id: volunteerId })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records the task an open, not yet dispatched delivery went out as; false if it is neither. */
  async setTask(id: number, taskId: number, trx: Db): Promise<boolean> {
    const r = await this.q(trx)
      .updateTable('family_deliveries')
      .set({ task_id: taskId })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('task_id', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  byTask(taskId: number, trx: Db) {
    return this.q(trx)
      .selectFrom('family_deliveries')
      .selectAll()
      .where('task_id', '=', taskId)
      .executeTakeFirst();
  }

  /** Sets the holder of a dispatched open delivery; false when nothing changed (a replayed event). */
  async holdByTask(taskId: number, volunteerId: number | null, trx: Db): Promise<boolean> {
    let q = this.q(trx)
      .updateTable('family_deliveries')
      .set({ volunteer_id: volunteerId })
      .where('task_id', '=', taskId)
      .where('status', '=', 'open');
    q =
      volunteerId === null
        ? q.where('volunteer_id', 'is not', null)
        : q.where((eb) => eb.or([eb('volunteer_id', 'is', null), eb('volunteer_id', '!=', volunteerId)]));
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Closes an open delivery once: a second confirmation, or the missed job racing it, changes nothing. */
  async close(
    id: number,
    set: { status: 'done' | 'missed'; confirmed_by: string | null; closed_by: number | null; note: string },
    now: number,
    trx: Db,
  ): Promise<boolean> {
    const r = await this.q(trx)
      .updateTable('family_deliveries')
      .set({ ...set, closed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async countAttempt(id: number, trx: Db): Promise<number> {
    await this.q(trx)
      .updateTable('family_deliveries')
      .set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const r = await this.q(trx)
      .selectFrom('family_deliveries')
      .select('code_attempts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return r.code_attempts;
  }

  /** Open deliveries whose window has ended. */
  overdue(now: number, limit: number, trx?: Db) {
    return this.q(trx)
      .selectFrom('family_deliveries')
      .selectAll()
      .where('status', '=', 'open')
      .where('due_by', '<', now)
      .orderBy('due_by')
      .limit(limit)
      .execute();
  }

  // ---- urgent needs ----------------------------------------------------------------------

  async insertNeed(row: Insertable<FamilyTables['family_needs']>, trx: Db): Promise<number> {
    const r = await this.q(trx)
      .insertInto('family_needs')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  need(id: number) {
    return this.q().selectFrom('family_needs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async handleNeed(id: number, by: number, now: number, trx: Db): Promise<boolean> {
    const r = await this.q(trx)
      .updateTable('family_needs')
      .set({ status: 'handled', handled_by: by, handled_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  needs(filter: { familyId?: number; liaisonId?: number; openOnly: boolean }) {
    let q = this.q()
      .selectFrom('family_needs as x')
      .innerJoin('families as f', 'f.id', 'x.family_id')
      .selectAll('x')
      .select('f.worker_name');
    if (filter.familyId !== undefined) q = q.where('x.family_id', '=', filter.familyId);
    if (filter.liaisonId !== undefined) q = q.where('f.liaison_id', '=', filter.liaisonId);
    if (filter.openOnly) q = q.where('x.status', '=', 'open');
    return q.orderBy('x.raised_at', 'desc').limit(100).execute();
  }
}

/** `day` as Beijing weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
