import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { type Expression, type SqlBool, sql } from 'kysely';
import { pathInScope } from '../access/index.ts';
import type { AuditEntryInput, AuditLog } from '../audit/index.ts';
import { type DatabaseHandle, type Db, inTransaction } from '../db/index.ts';
import {
  type AnyDb,
  ERASED,
  type PersonalDataDeclaration,
  type PersonalDataRegistry,
  type ResolvedRule,
  type ScopeFilter,
  type SubtreeEndedHook,
  settingName,
} from './registry.ts';

export const DAY_MS = 24 * 3600_000;

export interface RetentionSettings {
  /** Per-table overrides of the default days (XINGHUO_RETAIN_<TABLE>_DAYS). */
  days: Record<string, number>;
  /** Days between the end of an emergency and the purge of its subtree. */
  graceDays: number;
}

/** One (table, node) line of a purge: rows deleted or anonymised there. */
export interface PurgeLine {
  table: string;
  nodePath: string;
  action: 'deleted' | 'anonymised';
  rows: number;
}

export interface PurgeReport {
  dryRun: boolean;
  lines: PurgeLine[];
  auditRedacted: number;
  filesRemoved: number;
  /** The longest single database statement, in ms: what a gate scan may have waited behind. */
  longestBatchMs: number;
  /** All purge statements together, in ms: the main thread's share of the purge, scans excluded. */
  statementsMs: number;
}

/**
 * Each statement aims at this many ms, and so does each vacuum step: a gate scan waits behind at
 * most one of them, well inside its 100 ms budget (decisions 1001, 1003).
 */
const TARGET_BATCH_MS = 30;
const MIN_WINDOW = 100;
const MAX_WINDOW = 100_000;
const FIRST_WINDOW = 2000;
/**
 * SQLite page cache during a purge (KiB), at most: a device's random client id puts every deleted
 * row on a different page of its unique index, and a cache that holds that index turns each of
 * those page visits from a read into a memory access. Sized to the file, handed back after.
 */
const PURGE_CACHE_KIB = 512 * 1024;
const FIRST_VACUUM_PAGES = 500;
/**
 * Statement time between two checkpoints of a purge: with random index keys (legacy client ids)
 * ~4 MB of WAL per window, so at most ~40 MB; with keys in time order a few MB.
 */
const CHECKPOINT_EVERY_MS = 250;
/** The WAL (in 4 KiB frames) past which the purge's checkpoint makes it restart: ~40 MB. */
const RESTART_WAL_FRAMES = 10_000;

/** The next window (or vacuum step) after one that took `elapsed` ms: towards TARGET_BATCH_MS. */
function nextSize(size: number, elapsed: number, min: number, max: number): number {
  const factor = Math.min(2, TARGET_BATCH_MS / Math.max(elapsed, 1));
  return Math.round(Math.min(max, Math.max(min, size * factor)));
}

const CHECKPOINTER = `
const { workerData, parentPort } = require('node:worker_threads');
const db = new (require(workerData.driver))(workerData.file);
db.pragma('busy_timeout = 5000');
parentPort.on('message', (mode) => {
  if (mode === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let r = db.pragma('wal_checkpoint(' + mode + ')')[0];
    // Frames a scan committed during the copy are few: a second pass usually copies the rest
    // before the next commit, and then the next writer restarts the WAL without waiting.
    for (let i = 0; mode === 'PASSIVE' && i < 2 && r.checkpointed < r.log; i += 1)
      r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    // Scans commit during the copy, so the WAL is rarely fully copied when the next writer starts
    // and it would never restart from its start. Past a size, RESTART copies the little that is
    // left and makes the next writer restart it; writers wait only for that last bit.
    // Without waiting: a RESTART that waits holds the write lock, and a scan on the main thread
    // would sleep in its busy handler meanwhile. Busy now, it is tried again after the next window.
    if (mode === 'PASSIVE' && r.log > workerData.restartFrames) {
      db.pragma('busy_timeout = 0');
      db.pragma('wal_checkpoint(RESTART)');
      db.pragma('busy_timeout = 5000');
    }
    parentPort.postMessage(null);
  } catch (err) {
    parentPort.postMessage(String(err));
  }
});`;

/**
 * A second connection to the same SQLite file, in a worker thread, that checkpoints the WAL on
 * request: the write-back and its fsync leave the main thread, so gate scans run meanwhile.
 */
class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;
  private failed: Error | null = null;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: { driver, file, restartFrames: RESTART_WAL_FRAMES },
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    // Kept so an error between two checkpoints does not end the process; the next run reports it.
    this.worker.on('error', (err) => {
      this.failed = err;
    });
  }

  run(mode: 'PASSIVE' | 'TRUNCATE'): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const failed = (err: Error) => reject(err);
      this.worker.once('error', failed);
      this.worker.once('message', (error: string | null) => {
        this.worker.off('error', failed);
        if (error) reject(new Error(`checkpoint: ${error}`));
        else resolve();
      });
      this.worker.postMessage(mode);
    });
  }

  /** Also settles when the worker already ended on an error. */
  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.exited;
  }
}

/**
 * The personal-data inventory and the engine that enforces it: daily purge by each table's rule,
 * the end-of-emergency purge of a subtree, and one person's export and erasure. Every table is
 * declared by its module; core only runs what they declare.
 */
export class Retention implements PersonalDataRegistry {
  private readonly declarations: PersonalDataDeclaration[] = [];
  private readonly endedHooks: SubtreeEndedHook[] = [];
  /** During a purge on a SQLite file: where its checkpoints run. */
  private checkpointer: Checkpointer | null = null;

  constructor(
    private readonly dbh: DatabaseHandle,
    private readonly audit: AuditLog,
    private readonly filesDir: string,
    readonly settings: RetentionSettings,
  ) {}

  private get db(): AnyDb {
    return this.dbh.db as AnyDb;
  }

  declare(...declarations: PersonalDataDeclaration[]): void {
    for (const d of declarations) {
      if (this.declarations.some((e) => e.table === d.table)) throw new Error(`${d.table} declared twice`);
      this.declarations.push(d);
    }
  }

  onSubtreeEnded(hook: SubtreeEndedHook): void {
    this.endedHooks.push(hook);
  }

  rules(): ResolvedRule[] {
    return this.declarations.map((d) => ({
      ...d,
      key: d.key ?? 'id',
      nodeColumn: d.nodeColumn === undefined ? 'node_path' : d.nodeColumn,
      days: this.settings.days[d.table] ?? d.retention.days,
      setting: settingName(d.table),
    }));
  }

  /** Subtrees whose emergency ended more than the grace period ago. */
  private async endedPaths(now: number): Promise<string[]> {
    const rows = await this.dbh.db
      .selectFrom('emergency_ends')
      .select('node_path')
      .where('purge_after', '<=', now)
      .execute();
    return rows.map((r) => r.node_path);
  }

  /** Rows past their date: by the table's clock, or anywhere in a subtree whose emergency is over. */
  private expiredWhere(rule: ResolvedRule, now: number, ended: string[]): Expression<SqlBool> | null {
    const parts: Expression<SqlBool>[] = [];
    if (rule.days !== null && !rule.manual) {
      const cutoff = now - rule.days * DAY_MS;
      for (const column of rule.retention.after) parts.push(sql<SqlBool>`${sql.ref(column)} < ${cutoff}`);
    }
    if (rule.nodeColumn && ended.length > 0 && !rule.manual) parts.push(pathInScope(rule.nodeColumn, ended));
    if (parts.length === 0) return null;
    const expired = sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
    const pending = this.notYetAnonymised(rule);
    return pending ? sql<SqlBool>`${expired} and ${pending}` : expired;
  }

  /** An anonymised row still matches its clock; this keeps it from being processed again daily. */
  private notYetAnonymised(rule: ResolvedRule): Expression<SqlBool> | null {
    if (rule.onExpiry === 'delete') return null;
    const checks = Object.entries(rule.onExpiry.anonymise).map(([column, value]) => {
      const ref = sql.ref(column);
      if (value === null) return sql`${ref} is not null`;
      if (value === ERASED) return sql`${ref} <> ${this.erasedValue(rule)}`;
      return sql`${ref} <> ${value}`;
    });
    return sql<SqlBool>`(${sql.join(checks, sql` or `)})`;
  }

  private erasedValue(rule: ResolvedRule) {
    return sql`'-' || cast(${sql.ref(rule.key)} as text)`;
  }

  /**
   * The daily purge. Each table is walked by primary key in windows sized so one statement takes
   * about TARGET_BATCH_MS; the loop yields between statements, so requests (gate scans) run in
   * between. Each window is its own transaction with the redaction of its audit rows.
   */
  async purge(options: { now?: number; dryRun?: boolean } = {}): Promise<PurgeReport> {
    const now = options.now ?? Date.now();
    const ended = await this.endedPaths(now);
    const report: PurgeReport = {
      dryRun: Boolean(options.dryRun),
      lines: [],
      auditRedacted: 0,
      filesRemoved: 0,
      longestBatchMs: 0,
      statementsMs: 0,
    };
    const touched: string[] = [];
    const restore = options.dryRun ? async () => {} : this.prepareSqlite();
    try {
      await this.purgeRules(now, ended, report, touched);
      if (options.dryRun) return report;
      await this.recordAndReclaim(report, ended, touched, now);
    } finally {
      await restore();
    }
    return report;
  }

  /**
   * For the length of a purge, on SQLite: a page cache that holds the big tables' indexes, and
   * no automatic checkpoint inside a commit on the main thread — the purge has each window's
   * pages checkpointed by a worker thread before the next window (decision 1003).
   */
  private prepareSqlite(): () => Promise<void> {
    const { sqlite } = this.dbh;
    if (!sqlite) return async () => {};
    const cacheBefore = sqlite.pragma('cache_size', { simple: true });
    const autoBefore = sqlite.pragma('wal_autocheckpoint', { simple: true });
    const fileKib =
      (Number(sqlite.pragma('page_count', { simple: true })) *
        Number(sqlite.pragma('page_size', { simple: true }))) /
      1024;
    const cacheKib = Math.round(Math.min(PURGE_CACHE_KIB, Math.max(fileKib, 2048)));
    sqlite.pragma(`cache_size = -${cacheKib}`);
    sqlite.pragma('wal_autocheckpoint = 0');
    if (!sqlite.memory) this.checkpointer = new Checkpointer(sqlite.name);
    return async () => {
      sqlite.pragma(`cache_size = ${cacheBefore}`);
      sqlite.pragma(`wal_autocheckpoint = ${autoBefore}`);
      await this.checkpointer?.close();
      this.checkpointer = null;
    };
  }

  /**
   * Copies what the WAL holds into the database file, so the WAL stays small and restarts from
   * its start. PASSIVE waits for no reader and blocks no writer; TRUNCATE then empties the file.
   */
  private async checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): Promise<void> {
    if (this.checkpointer) await this.checkpointer.run(mode);
    else this.dbh.sqlite?.pragma(`wal_checkpoint(${mode})`);
  }

  private async purgeRules(now: number, ended: string[], report: PurgeReport, touched: string[]) {
    for (const rule of this.rules()) {
      const where = this.expiredWhere(rule, now, ended);
      if (!where) continue;
      const counts = report.dryRun
        ? await this.countByNode(rule, where)
        : await this.purgeTable(rule, where, now, report);
      const action = rule.onExpiry === 'delete' ? 'deleted' : 'anonymised';
      for (const [nodePath, rows] of counts) report.lines.push({ table: rule.table, nodePath, action, rows });
      if (counts.size > 0) touched.push(rule.table);
    }
  }

  private async recordAndReclaim(report: PurgeReport, ended: string[], touched: string[], now: number) {
    if (report.lines.length > 0) {
      await this.audit.recordMany(
        this.dbh.db,
        report.lines.map(
          (line): AuditEntryInput => ({
            actorId: null,
            action: `retention.${line.action}`,
            entityType: 'table',
            entityId: line.table,
            nodePath: line.nodePath,
            detail: { rows: line.rows },
          }),
        ),
      );
    }
    if (ended.length > 0) await this.retireEnded(now);
    await this.reclaim(touched);
  }

  private async countByNode(rule: ResolvedRule, where: Expression<SqlBool>): Promise<Map<string, number>> {
    if (!rule.nodeColumn) {
      // PostgreSQL refuses to group by a constant: a table outside the tree is one count under ''.
      const row = await this.db
        .selectFrom(rule.table)
        .select(sql<number>`count(*)`.as('n'))
        .where(where)
        .executeTakeFirst();
      return Number(row?.n ?? 0) > 0 ? new Map([['', Number(row!.n)]]) : new Map();
    }
    const node = sql.ref(rule.nodeColumn);
    const rows = await this.db
      .selectFrom(rule.table)
      .select([sql<string>`${node}`.as('node'), sql<number>`count(*)`.as('n')])
      .where(where)
      .groupBy(node)
      .execute();
    return new Map(rows.map((r) => [String(r.node), Number(r.n)]));
  }

  private async purgeTable(
    rule: ResolvedRule,
    where: Expression<SqlBool>,
    now: number,
    report: PurgeReport,
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const bounds = await this.db
      .selectFrom(rule.table)
      .select([
        sql<number>`min(${sql.ref(rule.key)})`.as('lo'),
        sql<number>`max(${sql.ref(rule.key)})`.as('hi'),
      ])
      .executeTakeFirst();
    if (bounds?.lo == null) return counts;
    let from = Number(bounds.lo) - 1;
    const last = Number(bounds.hi);
    let window = FIRST_WINDOW;
    let uncheckpointedMs = 0;
    while (from < last) {
      const to = Math.min(from + window, last);
      const started = performance.now();
      const inWindow = sql<SqlBool>`${sql.ref(rule.key)} > ${from} and ${sql.ref(rule.key)} <= ${to} and ${where}`;
      const removed = await inTransaction(this.dbh.db, (trx) =>
        this.removeRows(trx as AnyDb, rule, inWindow, now),
      );
      const elapsed = performance.now() - started;
      report.longestBatchMs = Math.max(report.longestBatchMs, elapsed);
      report.statementsMs += elapsed;
      for (const row of removed.rows) counts.set(row.node, (counts.get(row.node) ?? 0) + 1);
      report.auditRedacted += removed.redacted;
      report.filesRemoved += await this.removeBlobs(removed.blobs);
      from = to;
      window = nextSize(window, elapsed, MIN_WINDOW, MAX_WINDOW);
      await yieldToLoop();
      // Awaited before the next window, so the WAL is fully written back when that window's
      // transaction starts and restarts from its beginning instead of growing. Not after every
      // window: each checkpoint costs two fsyncs, and windows that delete in index order dirty
      // few pages each (decision 1004).
      if (removed.rows.length > 0) uncheckpointedMs += elapsed;
      if (uncheckpointedMs >= CHECKPOINT_EVERY_MS || (from >= last && uncheckpointedMs > 0)) {
        await this.checkpoint('PASSIVE');
        uncheckpointedMs = 0;
      }
    }
    return counts;
  }

  /** Deletes or anonymises the rows `where` selects, redacts their audit rows, drops their files' rows. */
  private async removeRows(trx: AnyDb, rule: ResolvedRule, where: Expression<SqlBool>, now: number) {
    const node = rule.nodeColumn ? sql.ref(rule.nodeColumn) : sql`''`;
    const fileId = rule.fileIdColumn ? sql.ref(rule.fileIdColumn) : sql`null`;
    const returning = [
      sql<number>`${sql.ref(rule.key)}`.as('k'),
      sql<string>`${node}`.as('node'),
      sql<string | null>`${fileId}`.as('f'),
    ];
    let rows: Array<{ k: number; node: string; f: string | null }>;
    if (rule.onExpiry === 'delete') {
      rows = await trx.deleteFrom(rule.table).where(where).returning(returning).execute();
    } else {
      const set: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(rule.onExpiry.anonymise)) {
        set[column] = value === ERASED ? this.erasedValue(rule) : value;
      }
      rows = await trx.updateTable(rule.table).set(set).where(where).returning(returning).execute();
    }
    let redacted = 0;
    const blobs: string[] = [];
    if (rows.length > 0 && rule.auditEntity) {
      redacted = await this.audit.redact(
        trx as Db,
        rule.auditEntity,
        rows.map((r) => r.k),
        now,
      );
    }
    for (let i = 0; i < rows.length && (rule.fileOwner || rule.fileIdColumn); i += 500) {
      const slice = rows.slice(i, i + 500);
      let query = trx.deleteFrom('files');
      if (rule.fileOwner) {
        query = query.where('owner_type', '=', rule.fileOwner).where(
          'owner_id',
          'in',
          slice.map((r) => String(r.k)),
        );
      } else {
        const ids = slice.map((r) => r.f).filter((f): f is string => f !== null);
        if (ids.length === 0) continue;
        query = query.where('id', 'in', ids);
      }
      const files = await query.returning(['sha256']).execute();
      blobs.push(...files.map((f: { sha256: string }) => f.sha256));
    }
    return { rows: rows.map((r) => ({ k: Number(r.k), node: String(r.node) })), redacted, blobs };
  }

  /** A blob goes with its last owner: identical bytes uploaded twice are stored once. */
  private async removeBlobs(hashes: string[]): Promise<number> {
    let removed = 0;
    for (const sha256 of new Set(hashes)) {
      const other = await this.dbh.db
        .selectFrom('files')
        .select('id')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (other) continue;
      await rm(join(this.filesDir, sha256.slice(0, 2), sha256), { force: true });
      removed += 1;
    }
    return removed;
  }

  private async retireEnded(now: number): Promise<void> {
    const due = await this.dbh.db
      .selectFrom('emergency_ends')
      .select(['node_path'])
      .where('purge_after', '<=', now)
      .where('purged_at', 'is', null)
      .execute();
    if (due.length === 0) return;
    const paths = due.map((r) => r.node_path);
    await inTransaction(this.dbh.db, async (trx) => {
      for (const hook of this.endedHooks) await hook(trx, paths);
      await trx
        .updateTable('emergency_ends')
        .set({ purged_at: now })
        .where('node_path', 'in', paths)
        .execute();
      await this.audit.recordMany(
        trx,
        paths.map((nodePath) => ({
          actorId: null,
          action: 'retention.emergency-purged',
          entityType: 'node',
          entityId: null,
          nodePath,
        })),
      );
    });
  }

  /**
   * Gives the freed pages back. SQLite already zeroes deleted content (secure_delete); the WAL
   * still holds old page images until a checkpoint truncates it, and an incremental-vacuum file
   * returns its free pages in small steps. PostgreSQL's VACUUM marks the dead tuples reusable.
   */
  private async reclaim(tables: string[]): Promise<void> {
    if (tables.length === 0) return;
    const { sqlite, pgPool } = this.dbh;
    if (sqlite) {
      if (Number(sqlite.pragma('auto_vacuum', { simple: true })) === 2) {
        let free = Number(sqlite.pragma('freelist_count', { simple: true }));
        let pages = FIRST_VACUUM_PAGES;
        let uncheckpointedMs = 0;
        while (free > 0) {
          const started = performance.now();
          sqlite.pragma(`incremental_vacuum(${pages})`);
          const elapsed = performance.now() - started;
          pages = nextSize(pages, elapsed, 100, 50_000);
          uncheckpointedMs += elapsed;
          await yieldToLoop();
          if (uncheckpointedMs >= CHECKPOINT_EVERY_MS) {
            await this.checkpoint('PASSIVE');
            uncheckpointedMs = 0;
          }
          const left = Number(sqlite.pragma('freelist_count', { simple: true }));
          if (left >= free) break;
          free = left;
        }
      }
      await this.checkpoint('TRUNCATE');
    } else if (pgPool) {
      for (const table of new Set(tables)) await pgPool.query(`vacuum ${quoteIdent(table)}`);
      await pgPool.query('vacuum audit_log');
    }
  }

  /** Every declared row about the person with this ID number inside `scope`, table by table. */
  async exportPerson(idNumber: string, scope: readonly string[]) {
    const tables: Array<{
      module: string;
      table: string;
      purpose: PersonalDataDeclaration['purpose'];
      rows: unknown[];
    }> = [];
    for (const rule of this.rules()) {
      const rows = await this.personQuery(rule, idNumber, scope)
        ?.select(exportColumns(rule).map((c) => sql.ref(c).as(c)))
        .execute();
      if (rows && rows.length > 0)
        tables.push({ module: rule.module, table: rule.table, purpose: rule.purpose, rows });
    }
    return tables;
  }

  private personQuery(
    rule: ResolvedRule,
    idNumber: string,
    scope: readonly string[],
    db: AnyDb = this.db,
    forErasure = false,
  ) {
    const find = (forErasure && rule.personErase) || rule.person;
    if (!find) return null;
    const filter: ScopeFilter = (column) => pathInScope(column, scope);
    let query = db.selectFrom(rule.table).where(sql.ref(rule.key), 'in', find(db, idNumber, filter));
    if (rule.nodeColumn) query = query.where(pathInScope(rule.nodeColumn, scope));
    return query;
  }

  /**
   * Erases the person's rows inside `scope` where no legal duty keeps them: every table's keys are
   * found first (later tables find their rows through earlier ones), then removed like a purge.
   */
  async erasePerson(trx: Db, idNumber: string, scope: readonly string[], now = Date.now()) {
    const targets: Array<{ rule: ResolvedRule; keys: number[] }> = [];
    const kept: Array<{ table: string; rows: number; reason: PersonalDataDeclaration['purpose'] }> = [];
    for (const rule of this.rules()) {
      const rows = await this.personQuery(rule, idNumber, scope, trx as AnyDb, true)
        ?.select(sql<number>`${sql.ref(rule.key)}`.as('k'))
        .execute();
      if (!rows || rows.length === 0) continue;
      if (rule.legalDuty || rule.manual) {
        kept.push({ table: rule.table, rows: rows.length, reason: (rule.legalDuty ?? rule.manual)! });
      } else {
        targets.push({ rule, keys: rows.map((r) => Number(r.k)) });
      }
    }
    const erased: PurgeLine[] = [];
    const blobs: string[] = [];
    for (const { rule, keys } of targets) {
      const where = sql<SqlBool>`${sql.ref(rule.key)} in (${sql.join(keys)})`;
      const removed = await this.removeRows(trx as AnyDb, rule, where, now);
      blobs.push(...removed.blobs);
      const byNode = new Map<string, number>();
      for (const row of removed.rows) byNode.set(row.node, (byNode.get(row.node) ?? 0) + 1);
      for (const [nodePath, rows] of byNode)
        erased.push({
          table: rule.table,
          nodePath,
          rows,
          action: rule.onExpiry === 'delete' ? 'deleted' : 'anonymised',
        });
    }
    return { erased, kept, blobs };
  }

  /**
   * After the erasing transaction committed: the files no other record holds, and on SQLite the
   * WAL's old page images. PostgreSQL is left to autovacuum: a VACUUM of a large table per request
   * would be too slow; the nightly purge vacuums.
   */
  async afterErase(blobs: string[], tables: string[]): Promise<void> {
    await this.removeBlobs(blobs);
    if (this.dbh.sqlite) await this.reclaim(tables);
  }
}

function exportColumns(rule: ResolvedRule): string[] {
  const columns = [
    rule.key,
    ...(rule.nodeColumn ? [rule.nodeColumn] : []),
    ...rule.personal,
    ...rule.sensitive,
  ];
  return [...new Set([...columns, ...rule.retention.after])];
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
