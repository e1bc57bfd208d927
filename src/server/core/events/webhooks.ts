import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { rowToEvent } from './bus.ts';
import { toLiveEvent } from './live-hub.ts';

/** Wait before attempt n+1 after n failures; the last figure repeats until MAX_ATTEMPTS. */
export const WEBHOOK_BACKOFF_MS = [10_000, 30_000, 120_000, 600_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000];
export const WEBHOOK_MAX_ATTEMPTS = 8;
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** A claimed delivery is hidden from other dispatchers this long; longer than any one attempt. */
const CLAIM_LEASE_MS = 60_000;
const BATCH = 50;
/** One run keeps sending batches this long; the next slot's run picks up the rest. */
const RUN_BUDGET_MS = 10_000;
const CONCURRENCY = 8;
const MAX_ERROR_LENGTH = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `sha256=` + hex HMAC-SHA256 over `<timestamp>.<body>`: what a receiver recomputes and compares. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function backoffAfter(attempts: number): number {
  return WEBHOOK_BACKOFF_MS[Math.min(attempts, WEBHOOK_BACKOFF_MS.length) - 1] ?? WEBHOOK_BACKOFF_MS[0]!;
}

export interface DispatchOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  budgetMs?: number;
}

type DueDelivery = Awaited<ReturnType<WebhookDispatcher['due']>>[number];

/**
 * Sends outbox deliveries. Due rows are claimed by a conditional update (their next_attempt_at
 * moves past `now` by a lease) before they are sent, so two instances whose dispatch runs overlap never
 * post the same delivery twice; a crash mid-send leaves the row to be retried after the lease.
 */
export class WebhookDispatcher {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly budgetMs: number;

  constructor(
    private readonly db: Db,
    options: DispatchOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.budgetMs = options.budgetMs ?? RUN_BUDGET_MS;
  }

  /**
   * Sends every delivery due at `now`, batch after batch while the time budget lasts (a burst of
   * events is not throttled to one batch per run); returns how many were attempted.
   */
  async dispatchDue(now = Date.now()): Promise<number> {
    const started = Date.now();
    let attempted = 0;
    for (;;) {
      const due = await this.due(now);
      const mine = await this.claim(
        due.map((d) => d.id),
        now,
      );
      const claimed = due.filter((d) => mine.has(d.id));
      let next = 0;
      const worker = async () => {
        while (next < claimed.length) {
          const delivery = claimed[next]!;
          next += 1;
          await this.attempt(delivery);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
      attempted += claimed.length;
      if (due.length < BATCH || Date.now() - started > this.budgetMs) return attempted;
    }
  }

  private due(now: number) {
    return this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .select(['d.id', 'd.attempts', 'd.next_attempt_at', 'w.url', 'w.secret'])
      .select([
        'e.id as event_id',
        'e.type',
        'e.node_path',
        'e.user_id',
        'e.permission',
        'e.payload',
        'e.actor_id',
        'e.created_at',
      ])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where('w.active', '=', 1)
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(BATCH)
      .execute();
  }

  /** One conditional update for the batch; the rows it hit are this dispatcher's to send. */
  private async claim(ids: number[], now: number): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: now + CLAIM_LEASE_MS })
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const event = rowToEvent({ ...delivery, id: delivery.event_id });
    const body = JSON.stringify(toLiveEvent(event));
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.fetch(delivery.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Xinghuo-Webhooks/1',
          'x-xinghuo-event': event.type,
          'x-xinghuo-delivery': String(delivery.id),
          'x-xinghuo-timestamp': timestamp,
          'x-xinghuo-signature': signWebhook(delivery.secret, timestamp, body),
        },
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = describe(err);
    }
    const attempts = delivery.attempts + 1;
    const now = Date.now();
    const outcome =
      error === null
        ? { status: 'delivered', next_attempt_at: null }
        : attempts >= WEBHOOK_MAX_ATTEMPTS
          ? { status: 'dead', next_attempt_at: null }
          : { status: 'pending', next_attempt_at: now + backoffAfter(attempts) };
    await this.db
      .updateTable('webhook_deliveries')
      .set({ ...outcome, attempts, last_status: status, last_error: error, updated_at: now })
      .where('id', '=', delivery.id)
      .execute();
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
    return detail.slice(0, MAX_ERROR_LENGTH);
  }
  return String(err).slice(0, MAX_ERROR_LENGTH);
}
