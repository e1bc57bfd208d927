import type { ServerResponse } from 'node:http';
import type { LiveEvent } from '../../../contracts/events.ts';
import { type Actor, canAccessPath } from '../access/index.ts';
import type { EventBus, StoredEvent } from './bus.ts';

/** Decides whether a signed-in actor may see an event; modules register one per event type. */
export type AudienceRule = (event: StoredEvent, actor: Actor) => boolean;

export function defaultAudience(event: StoredEvent, actor: Actor): boolean {
  if (event.userId != null) return event.userId === actor.id;
  return canAccessPath(actor, event.permission ?? 'events.read', event.nodePath);
}

interface Connection {
  actor: Actor;
  res: ServerResponse;
  /** While the replay runs, live events wait here, so none slips between the replay query and going live. */
  pending?: StoredEvent[];
  /** Ids the replay sent; a live copy of one (its notification arrived late) is not sent again. */
  replayed?: Set<number>;
}

const HEARTBEAT_MS = 25_000;
/** Longer than any notification takes to arrive after its commit. */
const REPLAY_DEDUPE_MS = 30_000;

export function toLiveEvent(event: StoredEvent): LiveEvent {
  return {
    id: event.id,
    type: event.type,
    nodePath: event.nodePath,
    payload: event.payload,
    createdAt: event.createdAt,
  };
}

/**
 * The Server-Sent-Events fan-out of one instance: each committed event is written once, as
 * serialised text, to every connection whose actor may see it.
 */
export class LiveHub {
  private readonly connections = new Set<Connection>();
  private readonly audiences = new Map<string, AudienceRule>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly bus: EventBus) {
    this.unsubscribe = bus.subscribe((events) => this.deliver(events));
  }

  registerAudience(type: string, rule: AudienceRule): void {
    this.audiences.set(type, rule);
  }

  canSee(event: StoredEvent, actor: Actor): boolean {
    return (this.audiences.get(event.type) ?? defaultAudience)(event, actor);
  }

  get size(): number {
    return this.connections.size;
  }

  /** Opens a stream, first replaying what the client missed after `lastEventId`. */
  async open(actor: Actor, res: ServerResponse, lastEventId: number | null): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const connection: Connection = { actor, res, ...(lastEventId != null ? { pending: [] } : {}) };
    this.connections.add(connection);
    res.on('close', () => this.connections.delete(connection));
    if (lastEventId != null) {
      const replayed = new Set<number>();
      let after = lastEventId;
      for (;;) {
        const missed = await this.bus.since(after, 500);
        for (const event of missed) {
          replayed.add(event.id);
          if (this.canSee(event, actor)) res.write(frame(event));
        }
        if (missed.length < 500) break;
        after = missed[missed.length - 1]!.id;
      }
      const queued = connection.pending ?? [];
      connection.pending = undefined;
      connection.replayed = replayed;
      for (const event of queued) this.send(connection, event);
      setTimeout(() => {
        connection.replayed = undefined;
      }, REPLAY_DEDUPE_MS).unref();
    }
    this.heartbeat ??= setInterval(() => {
      for (const c of this.connections) c.res.write(': ping\n\n');
    }, HEARTBEAT_MS).unref();
  }

  private deliver(events: StoredEvent[]): void {
    for (const event of events) {
      let text: string | undefined;
      for (const c of this.connections) {
        if (c.pending) {
          c.pending.push(event);
          continue;
        }
        if (c.replayed?.has(event.id) || !this.canSee(event, c.actor)) continue;
        text ??= frame(event);
        c.res.write(text);
      }
    }
  }

  private send(c: Connection, event: StoredEvent): void {
    if (c.replayed?.has(event.id) || !this.canSee(event, c.actor)) return;
    c.res.write(frame(event));
  }

  /** Ends every stream (shutdown): clients reconnect elsewhere and resume by Last-Event-ID. */
  close(): void {
    this.unsubscribe();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.connections) c.res.end();
    this.connections.clear();
  }
}

function frame(event: StoredEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(toLiveEvent(event))}\n\n`;
}
