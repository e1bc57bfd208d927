import { sql } from 'kysely';
import type { Client, PoolConfig } from 'pg';
import pg from 'pg';
import type { Permission } from '../../../contracts/permissions.ts';
import { afterCommit, type Db, type DialectName } from '../db/index.ts';
import { type EventConsumer, EventConsumers } from './consumers.ts';

export interface EventInput {
  type: string;
  /** The jurisdiction node the event belongs to; the live stream scopes on it. */
  nodePath: string;
  payload: Record<string, unknown>;
  actorId?: number | null;
  /** Only this user receives it (a personal notification). */
  userId?: number | null;
  /** The permission a recipient needs on nodePath; default events.read. */
  permission?: Permission | null;
}

export interface StoredEvent {
  id: number;
  type: string;
  nodePath: string;
  userId: number | null;
  permission: Permission | null;
  payload: Record<string, unknown>;
  actorId: number | null;
  createdAt: number;
}

export type EventListener = (events: StoredEvent[]) => void;

const CHANNEL = 'xinghuo_events';

type EventRow = {
  id: number;
  type: string;
  node_path: string;
  user_id: number | null;
  permission: string | null;
  payload: string;
  actor_id: number | null;
  created_at: number;
};

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    nodePath: row.node_path,
    userId: row.user_id,
    permission: row.permission as Permission | null,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    actorId: row.actor_id,
    createdAt: row.created_at,
  };
}

/** Every ancestor path of a node path, itself included: '2108/210881/' → ['2108/', '2108/210881/']. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
}

/**
 * The transactional outbox. A module appends its domain event in the same transaction as its
 * change; the event and its webhook deliveries commit or vanish with it. After commit the event
 * reaches listeners (live stream, counters): on SQLite directly in this process, on PostgreSQL
 * through NOTIFY, which every instance LISTENs to, so a write on instance A reaches clients of B.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private listenClient: Client | undefined;
  private pendingIds: number[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;
  /** Modules' subscriptions; one delivery at a time, in commit order. */
  readonly consumers: EventConsumers;
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly pgConfig?: PoolConfig,
    onConsumerError?: (err: unknown, consumer: string) => void,
  ) {
    this.consumers = new EventConsumers(db, onConsumerError);
  }

  /** Subscribes a module to other modules' events (see EventConsumer: the handler is idempotent). */
  consume(consumer: EventConsumer): void {
    this.consumers.register(consumer);
  }

  async append(trx: Db, input: EventInput): Promise<StoredEvent> {
    const createdAt = Date.now();
    const row = await trx
      .insertInto('events')
      .values({
        type: input.type,
        node_path: input.nodePath,
        user_id: input.userId ?? null,
        permission: input.permission ?? null,
        payload: JSON.stringify(input.payload),
        actor_id: input.actorId ?? null,
        created_at: createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const event = rowToEvent(row);
    await this.enqueueWebhooks(trx, event);
    if (this.dialect === 'postgres') {
      // NOTIFY is delivered on commit and dropped on rollback: exactly the outbox's semantics.
      await trx
        .selectNoFrom((eb) => eb.fn('pg_notify', [eb.val(CHANNEL), eb.val(String(event.id))]).as('n'))
        .execute();
    } else {
      afterCommit(trx, () => this.emit([event]));
    }
    return event;
  }

  /**
   * Many events in one transaction with a round trip per 500 rather than two per event: a draw
   * tells each of hundreds of inspectors of their visits.
   */
  async appendAll(trx: Db, inputs: EventInput[]): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    const createdAt = Date.now();
    for (let i = 0; i < inputs.length; i += 500) {
      const rows = await trx
        .insertInto('events')
        .values(
          inputs.slice(i, i + 500).map((input) => ({
            type: input.type,
            node_path: input.nodePath,
            user_id: input.userId ?? null,
            permission: input.permission ?? null,
            payload: JSON.stringify(input.payload),
            actor_id: input.actorId ?? null,
            created_at: createdAt,
          })),
        )
        .returningAll()
        .execute();
      events.push(...rows.map(rowToEvent).sort((a, b) => a.id - b.id));
    }
    for (const event of events) await this.enqueueWebhooks(trx, event);
    if (events.length === 0) return events;
    if (this.dialect === 'postgres') {
      const ids = events.map((e) => String(e.id));
      await sql`select pg_notify(${CHANNEL}, id) from unnest(${ids}::text[]) as id`.execute(trx);
    } else {
      afterCommit(trx, () => this.emit(events));
    }
    return events;
  }

  private async enqueueWebhooks(trx: Db, event: StoredEvent): Promise<void> {
    // A personal notification is for its one recipient, not for systems subscribed to the node.
    if (event.userId != null) return;
    const hooks = await trx
      .selectFrom('webhooks')
      .select(['id', 'event_types'])
      .where('active', '=', 1)
      .where('node_path', 'in', ancestorPaths(event.nodePath))
      .execute();
    const now = Date.now();
    const deliveries = hooks
      .filter((h) => {
        const types = JSON.parse(h.event_types) as string[];
        return types.length === 0 || types.includes(event.type);
      })
      .map((h) => ({
        webhook_id: h.id,
        event_id: event.id,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        last_status: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      }));
    if (deliveries.length > 0) await trx.insertInto('webhook_deliveries').values(deliveries).execute();
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(events: StoredEvent[]): void {
    if (this.consumers.size > 0 && !this.stopped) {
      this.delivering = this.delivering.then(() => this.consumers.deliver(events));
    }
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch {
        // One faulty listener must not starve the others.
      }
    }
  }

  async since(afterId: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(rowToEvent);
  }

  async start(): Promise<void> {
    if (this.dialect !== 'postgres' || this.listenClient || !this.pgConfig) return;
    const client = new pg.Client(this.pgConfig);
    await client.connect();
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload || this.stopped) return;
      this.pendingIds.push(Number(msg.payload));
      this.flushTimer ??= setTimeout(() => {
        this.flushing = this.flush().finally(() => {
          this.flushing = undefined;
        });
      }, 2);
    });
    client.on('error', () => {
      // A dropped LISTEN connection is re-established on the next start(); clients resume by Last-Event-ID.
      this.listenClient = undefined;
    });
    await client.query(`LISTEN ${CHANNEL}`);
    this.listenClient = client;
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const ids = this.pendingIds;
    this.pendingIds = [];
    if (ids.length === 0) return;
    try {
      const rows = await this.db
        .selectFrom('events')
        .selectAll()
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      this.emit(rows.map(rowToEvent));
    } catch {
      // A failed read loses only the live push: clients catch up from their Last-Event-ID.
    }
  }

  /** Stops listening, then lets a read already under way finish before the pool closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const client = this.listenClient;
    this.listenClient = undefined;
    if (client) await client.end();
    await this.flushing;
    await this.delivering;
  }
}
