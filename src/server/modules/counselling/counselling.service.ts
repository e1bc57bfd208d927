import {
  type Booking,
  type BookingBody,
  type BookingStatus,
  type CounsellingSummary,
  type Course,
  CRISIS_HOTLINE,
  type Crisis,
  type MyBooking,
  type Slot,
} from '../../../contracts/counselling.ts';
import { type Actor, loadInScope, scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import { beijingDay, dayWindow } from '../../core/figures/index.ts';
import type { CounsellingRepository } from './counselling.repository.ts';

type CrisisStatus = Crisis['status'];

export class CounsellingService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly repo: CounsellingRepository,
    /** How long a crisis request may wait for a counsellor before the command centre is alerted. */
    private readonly escalateAfterMs: number,
  ) {}

  /** The node a counsellor works on: the first grant holding the permission. */
  private home(actor: Actor, permission: 'counselling.publish' | 'counselling.book'): string {
    const node = scopePaths(actor, permission)[0];
    if (!node) throw new AppError('FORBIDDEN', 403);
    return node;
  }

  async publish(actor: Actor, body: { startsAt: number; minutes: number }, requestId: string): Promise<Slot> {
    const node = this.home(actor, 'counselling.publish');
    if (body.startsAt <= Date.now())
      throw new AppError('SLOT_IN_PAST', 400, {}, [{ field: 'startsAt', in: 'body', code: 'SLOT_IN_PAST' }]);
    return inTransaction(this.db, async (trx) => {
      const id = await this.repo.insertSlot(
        { counsellor_id: actor.id, node_path: node, starts_at: body.startsAt, minutes: body.minutes },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.slot-published',
        entityType: 'counselling_slot',
        entityId: id,
        nodePath: node,
        detail: { startsAt: body.startsAt, minutes: body.minutes },
        requestId,
      });
      await this.events.append(trx, {
        type: 'counselling.slots-changed',
        nodePath: node,
        permission: 'counselling.book',
        actorId: actor.id,
        payload: { slotId: id },
      });
      return { id, startsAt: body.startsAt, minutes: body.minutes, status: 'open' as const };
    });
  }

  async openSlots(): Promise<Slot[]> {
    return (await this.repo.openSlots(Date.now())).map((r) => ({
      id: r.id,
      startsAt: Number(r.starts_at),
      minutes: r.minutes,
      status: 'open',
    }));
  }

  /** The counsellor's schedule: their slots from the start of today on. */
  async schedule(actor: Actor): Promise<Slot[]> {
    this.home(actor, 'counselling.publish');
    const since = dayWindow(beijingDay(Date.now()), 0).start;
    return (await this.repo.slotsOf(actor.id, since)).map((r) => ({
      id: r.id,
      startsAt: Number(r.starts_at),
      minutes: r.minutes,
      status: r.status as Slot['status'],
    }));
  }

  /**
   * The slot goes from open to booked in one guarded UPDATE: of simultaneous requests exactly one
   * changes the row, on SQLite and PostgreSQL alike; the others get 409 (Cal.com #13397).
   */
  async book(actor: Actor, slotId: number, body: BookingBody, requestId: string): Promise<Booking> {
    return inTransaction(this.db, async (trx) => {
      const slot = await this.repo.slot(slotId, trx);
      if (!slot) throw notFound();
      if (!(await this.repo.takeSlot(slotId, Date.now(), trx))) throw new AppError('SLOT_TAKEN', 409);
      const id = await this.repo.insertBooking(
        {
          slot_id: slotId,
          node_path: slot.node_path,
          booker_id: actor.id,
          alias: body.alias ?? null,
          phone: body.phone ?? null,
        },
        trx,
      );
      // The audit row names the booking, not the alias: the audit view is read by non-supervisors.
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.booked',
        entityType: 'counselling_booking',
        entityId: id,
        nodePath: slot.node_path,
        detail: { slotId },
        requestId,
      });
      await this.events.append(trx, {
        type: 'counselling.slots-changed',
        nodePath: slot.node_path,
        permission: 'counselling.book',
        actorId: actor.id,
        payload: { slotId },
      });
      return {
        id,
        slotId,
        startsAt: Number(slot.starts_at),
        alias: body.alias ?? null,
        phone: body.phone ?? null,
        status: 'booked' as const,
        notes: null,
      };
    });
  }

  /** A person's own bookings (by their account; nobody else reads this link). */
  async myBookings(actor: Actor): Promise<MyBooking[]> {
    return (await this.repo.bookingsBy(actor.id)).map((r) => ({
      id: r.id,
      startsAt: Number(r.starts_at),
      minutes: r.minutes,
      alias: r.alias,
      status: r.status as BookingStatus,
    }));
  }

  /** The booker cancels; a future slot opens again for others. Someone else's booking is 404. */
  async cancel(actor: Actor, bookingId: number, requestId: string): Promise<void> {
    const booking = await this.repo.booking(bookingId);
    if (!booking || Number(booking.booker_id) !== actor.id) throw notFound();
    await inTransaction(this.db, async (trx) => {
      const now = Date.now();
      if (!(await this.repo.closeBooking(bookingId, 'cancelled', null, now, trx)))
        throw new AppError('BOOKING_CLOSED', 409);
      await this.repo.reopenSlot(Number(booking.slot_id), now, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.cancelled',
        entityType: 'counselling_booking',
        entityId: bookingId,
        nodePath: booking.node_path,
        requestId,
      });
      await this.events.append(trx, {
        type: 'counselling.slots-changed',
        nodePath: booking.node_path,
        permission: 'counselling.book',
        actorId: actor.id,
        payload: { slotId: Number(booking.slot_id) },
      });
    });
  }

  /**
   * The counsellor's sessions: alias and phone as given, never the account behind them. The read
   * is audited with the ids shown (a counselling record is read for care, and the log says so).
   */
  async sessions(actor: Actor, requestId: string): Promise<Booking[]> {
    const node = this.home(actor, 'counselling.publish');
    const rows = await this.repo.sessionsOf(actor.id);
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'counselling.sessions-read',
      entityType: 'counselling_booking',
      nodePath: node,
      reason: 'care',
      detail: { ids: rows.map((r) => r.id) },
      requestId,
    });
    return rows.map((r) => ({
      id: r.id,
      slotId: Number(r.slot_id),
      startsAt: Number(r.starts_at),
      alias: r.alias,
      phone: r.phone,
      status: r.status as BookingStatus,
      notes: r.notes,
    }));
  }

  /** Held or not attended, once, by the session's own counsellor; notes stay out of the audit row. */
  async close(
    actor: Actor,
    bookingId: number,
    body: { status: 'done' | 'no_show'; notes?: string },
    requestId: string,
  ): Promise<void> {
    const booking = await this.ownSession(actor, bookingId);
    await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.closeBooking(bookingId, body.status, body.notes ?? null, Date.now(), trx)))
        throw new AppError('BOOKING_CLOSED', 409);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.session-closed',
        entityType: 'counselling_booking',
        entityId: bookingId,
        nodePath: booking.node_path,
        detail: { status: body.status },
        requestId,
      });
    });
  }

  private async ownSession(actor: Actor, bookingId: number) {
    this.home(actor, 'counselling.publish');
    const booking = await this.repo.booking(bookingId);
    if (!booking || Number(booking.counsellor_id) !== actor.id) throw notFound();
    return booking;
  }

  /**
   * "I need help now": no slot to wait for. It reaches the counsellors on duty live and shows the
   * hotline; nothing is taken from the account but what the person typed.
   */
  async requestCrisis(
    actor: Actor,
    body: { alias?: string; phone?: string },
    requestId: string,
  ): Promise<{
    id: number;
    status: CrisisStatus;
    createdAt: number;
    hotline: string;
    escalateAfterMinutes: number;
  }> {
    const node = this.home(actor, 'counselling.book');
    const now = Date.now();
    const id = await inTransaction(this.db, async (trx) => {
      const id = await this.repo.insertCrisis(
        {
          node_path: node,
          requester_id: actor.id,
          alias: body.alias ?? null,
          phone: body.phone ?? null,
          source: 'request',
          booking_id: null,
          status: 'open',
          answered_by: null,
          answered_at: null,
          escalated_at: null,
          created_at: now,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.crisis-requested',
        entityType: 'counselling_crisis',
        entityId: id,
        nodePath: node,
        requestId,
      });
      await this.events.append(trx, {
        type: 'counselling.crisis',
        nodePath: node,
        permission: 'counselling.publish',
        actorId: actor.id,
        payload: { crisisId: id },
      });
      return id;
    });
    return this.ack({ id, status: 'open', created_at: now });
  }

  private ack(r: { id: number; status: string; created_at: number | string }) {
    return {
      id: r.id,
      status: r.status as CrisisStatus,
      createdAt: Number(r.created_at),
      hotline: CRISIS_HOTLINE,
      escalateAfterMinutes: Math.round(this.escalateAfterMs / 60_000),
    };
  }

  async myCrises(actor: Actor) {
    return (await this.repo.crisesBy(actor.id)).map((r) => this.ack(r));
  }

  /** The counsellors' crisis board: waiting requests and today's answered ones in their subtree. */
  async crises(actor: Actor, requestId: string): Promise<Crisis[]> {
    const scopes = scopePaths(actor, 'counselling.publish');
    if (scopes.length === 0) throw new AppError('FORBIDDEN', 403);
    const rows = await this.repo.crisesIn(scopes, dayWindow(beijingDay(Date.now()), 0).start);
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'counselling.crises-read',
      entityType: 'counselling_crisis',
      nodePath: scopes[0]!,
      reason: 'care',
      detail: { ids: rows.map((r) => r.id) },
      requestId,
    });
    return rows.map((r) => ({
      id: r.id,
      source: r.source as Crisis['source'],
      alias: r.alias,
      phone: r.phone,
      status: r.status as CrisisStatus,
      createdAt: Number(r.created_at),
      escalatedAt: r.escalated_at === null ? null : Number(r.escalated_at),
      answeredAt: r.answered_at === null ? null : Number(r.answered_at),
    }));
  }

  /** A counsellor takes the request; of two answering together, one wins and the other gets 409. */
  async answer(actor: Actor, crisisId: number, requestId: string): Promise<void> {
    const crisis = await loadInScope(actor, 'counselling.publish', this.repo.crisis(crisisId));
    await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.answerCrisis(crisisId, actor.id, Date.now(), trx)))
        throw new AppError('CRISIS_ANSWERED', 409);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.crisis-answered',
        entityType: 'counselling_crisis',
        entityId: crisisId,
        nodePath: crisis.node_path,
        requestId,
      });
      await this.events.append(trx, {
        type: 'counselling.crisis-answered',
        nodePath: crisis.node_path,
        permission: 'counselling.publish',
        actorId: actor.id,
        payload: { crisisId },
      });
    });
  }

  /**
   * A counsellor judges a session to be a crisis: the command centre is alerted at once (the
   * alert names the crisis, never the person), and the flag is audited.
   */
  async flag(actor: Actor, bookingId: number, requestId: string): Promise<{ id: number }> {
    const booking = await this.ownSession(actor, bookingId);
    const now = Date.now();
    const id = await inTransaction(this.db, async (trx) => {
      const id = await this.repo.insertCrisis(
        {
          node_path: booking.node_path,
          requester_id: Number(booking.booker_id),
          alias: booking.alias,
          phone: booking.phone,
          source: 'flag',
          booking_id: bookingId,
          status: 'escalated',
          answered_by: null,
          answered_at: null,
          escalated_at: now,
          created_at: now,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.crisis-flagged',
        entityType: 'counselling_crisis',
        entityId: id,
        nodePath: booking.node_path,
        detail: { bookingId },
        requestId,
      });
      await this.escalationEvent(trx, id, booking.node_path, 'flag', 0, actor.id);
      return id;
    });
    return { id };
  }

  private escalationEvent(
    trx: Db,
    crisisId: number,
    nodePath: string,
    source: string,
    waitedMinutes: number,
    actorId: number | null,
  ) {
    return this.events.append(trx, {
      type: 'counselling.crisis-escalated',
      nodePath,
      permission: 'counselling.supervise',
      ...(actorId === null ? {} : { actorId }),
      payload: { crisisId, source, waitedMinutes },
    });
  }

  /**
   * Every half minute: a request nobody answered within the set time is escalated to the command
   * centre, once (the guarded update), with an audit row and a live alert carrying no name.
   */
  async escalateUnanswered(now = Date.now()): Promise<number> {
    const rows = await this.repo.unansweredBefore(now - this.escalateAfterMs);
    let escalated = 0;
    for (const r of rows) {
      await inTransaction(this.db, async (trx) => {
        if (!(await this.repo.escalate(r.id, now, trx))) return;
        const waited = Math.round((now - Number(r.created_at)) / 60_000);
        await this.audit.record(trx, {
          actorId: null,
          action: 'counselling.crisis-escalated',
          entityType: 'counselling_crisis',
          entityId: r.id,
          nodePath: r.node_path,
          detail: { waitedMinutes: waited },
        });
        await this.escalationEvent(trx, r.id, r.node_path, r.source, waited, null);
        escalated += 1;
      });
    }
    return escalated;
  }

  /** Officials and the command centre: counts and escalations in their subtree, no names. */
  async summary(actor: Actor): Promise<CounsellingSummary> {
    const scopes = scopePaths(actor, 'counselling.supervise');
    if (scopes.length === 0) throw new AppError('FORBIDDEN', 403);
    const now = Date.now();
    const day = dayWindow(beijingDay(now), now);
    const c = await this.repo.counts(scopes, day.start, day.end, now);
    return {
      ...c,
      escalated: c.escalated.map((r) => ({
        id: r.id,
        source: r.source as Crisis['source'],
        status: r.status as CrisisStatus,
        createdAt: Number(r.created_at),
        escalatedAt: r.escalated_at === null ? null : Number(r.escalated_at),
      })),
    };
  }

  /** The micro-course library, each with its counts and the reader's own progress. */
  async courses(actor: Actor): Promise<Course[]> {
    return (await this.repo.courses(actor.id)).map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind as Course['kind'],
      url: r.url,
      audiences: JSON.parse(r.audiences) as Course['audiences'],
      minutes: r.minutes,
      views: Number(r.views),
      completions: Number(r.completions),
      mine: Number(r.completed) === 1 ? 'completed' : Number(r.viewed) === 1 ? 'viewed' : 'new',
    }));
  }

  /** Opening a course counts a view, finishing it a completion; each once per person. */
  async progress(actor: Actor, courseId: number, step: 'view' | 'complete'): Promise<Course> {
    if (!(await this.repo.course(courseId))) throw notFound();
    const now = Date.now();
    if (step === 'view') await this.repo.view(courseId, actor.id, now);
    else await this.repo.complete(courseId, actor.id, now);
    await this.events.append(this.db, {
      type: 'counselling.course-progress',
      nodePath: this.home(actor, 'counselling.book'),
      permission: 'counselling.book',
      actorId: actor.id,
      payload: { courseId, step },
    });
    return (await this.courses(actor)).find((c) => c.id === courseId)!;
  }
}
