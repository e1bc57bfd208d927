import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/index.ts';
import type { StoredEvent } from './bus.ts';

/**
 * A module that reacts to other modules' domain events: `handle` runs in its own transaction once
 * the event has committed. It must be idempotent (a natural unique key such as the event id):
 * on PostgreSQL every instance hears the event, and the catch-up pass may offer it again.
 */
export interface EventConsumer {
  /** Stable name; the catch-up cursor is stored under it. */
  name: string;
  types: readonly string[];
  handle(trx: Db, event: StoredEvent): Promise<void>;
}

/**
 * Events that commit out of id order (PostgreSQL hands out ids before commit) can land behind
 * the cursor; the cursor only passes events older than this, and newer ones are offered again.
 */
const SETTLE_MS = 60_000;
const BATCH = 500;

/** In-process subscriptions of modules to the outbox, live after commit and caught up by a job. */
export class EventConsumers {
  private readonly consumers: EventConsumer[] = [];

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown, consumer: string) => void = () => {},
  ) {}

  register(consumer: EventConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name))
      throw new Error(`event consumer ${consumer.name} registered twice`);
    this.consumers.push(consumer);
  }

  get size(): number {
    return this.consumers.length;
  }

  /** The live path: called with each batch of committed events. */
  async deliver(events: StoredEvent[]): Promise<void> {
    for (const consumer of this.consumers) {
      for (const event of events) {
        if (!consumer.types.includes(event.type)) continue;
        await this.run(consumer, event);
      }
    }
  }

  private async run(consumer: EventConsumer, event: StoredEvent): Promise<boolean> {
    try {
      await inTransaction(this.db, (trx) => consumer.handle(trx, event));
      return true;
    } catch (err) {
      // The live path gives up; the catch-up pass offers the event again.
      this.onError(err, consumer.name);
      return false;
    }
  }

  /**
   * Offers every event since each consumer's cursor again (missed while the process was down or
   * a handler failed), then moves the cursor up to the last settled event handled.
   */
  async catchUp(now = Date.now()): Promise<number> {
    let handled = 0;
    for (const consumer of this.consumers) {
      await this.db
        .insertInto('event_cursors')
        .values({ consumer: consumer.name, last_event_id: 0, updated_at: now })
        .onConflict((oc) => oc.column('consumer').doNothing())
        .execute();
      const cursor = await this.db
        .selectFrom('event_cursors')
        .select('last_event_id')
        .where('consumer', '=', consumer.name)
        .executeTakeFirstOrThrow();
      let after = Number(cursor.last_event_id);
      let settled = after;
      for (;;) {
        const rows = await this.db
          .selectFrom('events')
          .selectAll()
          .where('id', '>', after)
          .where('type', 'in', [...consumer.types])
          .orderBy('id')
          .limit(BATCH)
          .execute();
        let blocked = false;
        for (const row of rows) {
          const event = {
            id: Number(row.id),
            type: row.type,
            nodePath: row.node_path,
            userId: row.user_id == null ? null : Number(row.user_id),
            permission: row.permission,
            payload: JSON.parse(row.payload) as Record<string, unknown>,
            actorId: row.actor_id == null ? null : Number(row.actor_id),
            createdAt: Number(row.created_at),
          } as StoredEvent;
          const ok = await this.run(consumer, event);
          if (ok) handled += 1;
          if (!ok) blocked = true;
          if (!blocked && event.createdAt < now - SETTLE_MS) settled = event.id;
          after = event.id;
        }
        if (rows.length < BATCH) break;
      }
      if (settled > Number(cursor.last_event_id)) {
        await this.db
          .updateTable('event_cursors')
          .set({ last_event_id: settled, updated_at: now })
          .where('consumer', '=', consumer.name)
          .where('last_event_id', '<', settled)
          .execute();
      }
    }
    return handled;
  }
}
