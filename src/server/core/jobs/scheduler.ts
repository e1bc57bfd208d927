import type { Db } from '../db/index.ts';

export interface JobContext {
  slot: string;
  now: number;
}

export interface JobDefinition {
  name: string;
  /** Run every `everyMs` (slot = the interval's index) … */
  everyMs?: number;
  /** … or once a day at this Beijing time, 'HH:MM' (slot = the date). Missed runs catch up once. */
  dailyAt?: string;
  run(ctx: JobContext): Promise<void>;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const RETAIN_RUNS_MS = 7 * 24 * 3600_000;

export function slotFor(job: JobDefinition, now: number): string | null {
  if (job.everyMs) return String(Math.floor(now / job.everyMs));
  if (job.dailyAt) {
    const [h, m] = job.dailyAt.split(':').map(Number);
    const local = new Date(now + BEIJING_OFFSET_MS);
    const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (minutes < (h ?? 0) * 60 + (m ?? 0)) return null;
    return local.toISOString().slice(0, 10);
  }
  return null;
}

/**
 * Runs each job once per slot across every instance sharing the database: an instance claims a
 * slot by inserting (job, slot) into job_runs, and the primary key lets exactly one insert win.
 */
export class Scheduler {
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly claimed = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly instanceId: string,
    private readonly tickMs = 1000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.register({ name: 'jobs.purge-runs', everyMs: 3600_000, run: (ctx) => this.purge(ctx.now) });
  }

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.tick()
        .then(() => undefined, this.onError)
        .finally(() => {
          this.running = undefined;
        });
    }, this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over every job; returns the names this instance ran. */
  async tick(now = Date.now()): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs.values()) {
      const slot = slotFor(job, now);
      if (slot === null || this.claimed.get(job.name) === slot) continue;
      this.claimed.set(job.name, slot);
      if (await this.claim(job.name, slot, now)) {
        await this.execute(job, slot, now);
        ran.push(job.name);
      }
    }
    return ran;
  }

  private async claim(job: string, slot: string, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('job_runs')
      .values({
        job,
        slot,
        instance: this.instanceId,
        started_at: now,
        finished_at: null,
        status: 'running',
        error: null,
      })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  private async execute(job: JobDefinition, slot: string, now: number): Promise<void> {
    let status = 'succeeded';
    let error: string | null = null;
    try {
      await job.run({ slot, now });
    } catch (err) {
      status = 'failed';
      error = err instanceof Error ? err.message : String(err);
    }
    await this.db
      .updateTable('job_runs')
      .set({ status, error, finished_at: Date.now() })
      .where('job', '=', job.name)
      .where('slot', '=', slot)
      .execute();
  }

  private async purge(now: number): Promise<void> {
    await this.db
      .deleteFrom('job_runs')
      .where('started_at', '<', now - RETAIN_RUNS_MS)
      .execute();
  }

  async recentRuns(limit = 100) {
    return this.db.selectFrom('job_runs').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
  }
}
