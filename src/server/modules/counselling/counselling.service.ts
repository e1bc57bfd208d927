import type { z } from 'zod';
import type { bookingBodySchema, bookingSchema, slotSchema } from '../../../contracts/counselling.ts';
import { type Actor, scopePaths } from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { CounsellingTables } from './counselling.tables.ts';

type Slot = z.infer<typeof slotSchema>;
type Booking = z.infer<typeof bookingSchema>;

export class CounsellingService {
  constructor(private readonly ctx: AppContext) {}

  private q(trx = this.ctx.db) {
    return trx.withTables<CounsellingTables>();
  }

  async publish(actor: Actor, body: { startsAt: number; minutes: number }, requestId: string): Promise<Slot> {
    const node = scopePaths(actor, 'counselling.publish')[0];
    if (!node) throw new AppError('FORBIDDEN', 403);
    if (body.startsAt <= Date.now())
      throw new AppError('SLOT_IN_PAST', 400, {}, [{ field: 'startsAt', in: 'body', code: 'SLOT_IN_PAST' }]);
    return inTransaction(this.ctx.db, async (trx) => {
      const row = await this.q(trx)
        .insertInto('counselling_slots')
        .values({
          counsellor_id: actor.id,
          node_path: node,
          starts_at: body.startsAt,
          minutes: body.minutes,
          status: 'open',
          created_at: Date.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.slot-published',
        entityType: 'counselling_slot',
        entityId: row.id,
        nodePath: node,
        detail: { startsAt: body.startsAt, minutes: body.minutes },
        requestId,
      });
      return { id: row.id, startsAt: body.startsAt, minutes: body.minutes, status: 'open' as const };
    });
  }

  async openSlots(): Promise<Slot[]> {
    const rows = await this.q()
      .selectFrom('counselling_slots')
      .select(['id', 'starts_at', 'minutes', 'status'])
      .where('status', '=', 'open')
      .where('starts_at', '>', Date.now())
      .orderBy('starts_at')
      .limit(200)
      .execute();
    return rows.map((r) => ({ id: r.id, startsAt: Number(r.starts_at), minutes: r.minutes, status: 'open' }));
  }

  /**
   * The slot goes from open to booked in one guarded UPDATE: of simultaneous requests exactly one
   * changes the row, on SQLite and PostgreSQL alike; the others get 409 (Cal.com #13397).
   */
  async book(
    actor: Actor,
    slotId: number,
    body: z.infer<typeof bookingBodySchema>,
    requestId: string,
  ): Promise<Booking> {
    return inTransaction(this.ctx.db, async (trx) => {
      const slot = await this.q(trx)
        .selectFrom('counselling_slots')
        .select(['id', 'node_path', 'starts_at'])
        .where('id', '=', slotId)
        .executeTakeFirst();
      if (!slot) throw notFound();
      const taken = await this.q(trx)
        .updateTable('counselling_slots')
        .set({ status: 'booked' })
        .where('id', '=', slotId)
        .where('status', '=', 'open')
        .where('starts_at', '>', Date.now())
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw new AppError('SLOT_TAKEN', 409);
      const row = await this.q(trx)
        .insertInto('counselling_bookings')
        .values({
          slot_id: slotId,
          node_path: slot.node_path,
          booker_id: actor.id,
          alias: body.alias ?? null,
          phone: body.phone ?? null,
          status: 'booked',
          notes: null,
          created_at: Date.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The audit row names the booking, not the alias: the audit view is read by non-supervisors.
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'counselling.booked',
        entityType: 'counselling_booking',
        entityId: row.id,
        nodePath: slot.node_path,
        detail: { slotId },
        requestId,
      });
      return {
        id: row.id,
        slotId,
        startsAt: Number(slot.starts_at),
        alias: body.alias ?? null,
        phone: body.phone ?? null,
        status: 'booked' as const,
      };
    });
  }

  /** The counsellor's own bookings: alias and phone as given, never the account behind them. */
  async myBookings(actor: Actor): Promise<Booking[]> {
    const rows = await this.q()
      .selectFrom('counselling_bookings as b')
      .innerJoin('counselling_slots as s', 's.id', 'b.slot_id')
      .select(['b.id', 'b.slot_id', 's.starts_at', 'b.alias', 'b.phone', 'b.status'])
      .where('s.counsellor_id', '=', actor.id)
      .orderBy('s.starts_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      slotId: Number(r.slot_id),
      startsAt: Number(r.starts_at),
      alias: r.alias,
      phone: r.phone,
      status: r.status as Booking['status'],
    }));
  }
}
