import type {
  EmergencyEnd,
  PersonErasure,
  PersonExport,
  PurgeReportBody,
  RetentionRule,
} from '../../../contracts/retention.ts';
import { type Actor, isWithin, loadInScope, maskIdNumber, scopePaths } from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { DAY_MS } from '../../core/retention/index.ts';
import type { RetentionRepository } from './retention.repository.ts';

export class RetentionService {
  constructor(
    private readonly ctx: AppContext,
    private readonly repo: RetentionRepository,
  ) {}

  rules(): { rules: RetentionRule[]; graceDays: number } {
    return {
      graceDays: this.ctx.retention.settings.graceDays,
      rules: this.ctx.retention.rules().map((r) => ({
        module: r.module,
        table: r.table,
        purpose: r.purpose,
        personal: r.personal,
        sensitive: r.sensitive,
        days: r.days,
        defaultDays: r.retention.days,
        setting: r.setting,
        rule: r.retention.rule,
        action: r.onExpiry === 'delete' ? 'delete' : 'anonymise',
        manual: r.manual ?? null,
        legalDuty: r.legalDuty ?? null,
      })),
    };
  }

  async emergencyEnds(actor: Actor): Promise<EmergencyEnd[]> {
    const rows = await this.repo.emergencyEnds(scopePaths(actor, 'retention.read'));
    return rows.map((r) => ({
      nodeId: r.node_id,
      nodePath: r.node_path,
      nodeName: r.node_name,
      endedAt: r.ended_at,
      purgeAfter: r.purge_after,
      setAt: r.set_at,
      purgedAt: r.purged_at,
    }));
  }

  /**
   * The command centre declares the emergency over for a node. Nothing goes at once: after the
   * grace period the daily purge removes the subtree's personal data; until then the date can move
   * or be withdrawn.
   */
  async setEmergencyEnd(
    actor: Actor,
    nodeId: number,
    endedAt: number,
    requestId: string,
  ): Promise<EmergencyEnd> {
    const node = await loadInScope(actor, 'retention.emergency', this.repo.node(nodeId));
    const purgeAfter = endedAt + this.ctx.retention.settings.graceDays * DAY_MS;
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      const existing = await this.repo.emergencyEnd(nodeId, trx);
      if (existing?.purged_at) throw new AppError('EMERGENCY_ALREADY_PURGED', 409);
      await this.repo.upsertEmergencyEnd(
        {
          node_id: nodeId,
          node_path: node.path,
          ended_at: endedAt,
          purge_after: purgeAfter,
          set_by: actor.id,
          set_at: now,
        },
        trx,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'retention.emergency-ended',
        entityType: 'node',
        entityId: nodeId,
        nodePath: node.path,
        detail: { endedAt, purgeAfter, previous: existing?.ended_at ?? null },
        requestId,
      });
    });
    return {
      nodeId,
      nodePath: node.path,
      nodeName: node.name,
      endedAt,
      purgeAfter,
      setAt: now,
      purgedAt: null,
    };
  }

  async withdrawEmergencyEnd(actor: Actor, nodeId: number, requestId: string): Promise<void> {
    const node = await loadInScope(actor, 'retention.emergency', this.repo.node(nodeId));
    await inTransaction(this.ctx.db, async (trx) => {
      const existing = await this.repo.emergencyEnd(nodeId, trx);
      if (!existing) throw notFound();
      if (existing.purged_at) throw new AppError('EMERGENCY_ALREADY_PURGED', 409);
      await this.repo.deleteEmergencyEnd(nodeId, trx);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'retention.emergency-withdrawn',
        entityType: 'node',
        entityId: nodeId,
        nodePath: node.path,
        detail: { endedAt: existing.ended_at },
        requestId,
      });
    });
  }

  /** What tonight's purge would remove, in the caller's subtrees. */
  async dryRun(actor: Actor): Promise<PurgeReportBody> {
    const scope = scopePaths(actor, 'retention.read');
    const report = await this.ctx.retention.purge({ dryRun: true });
    return { ...report, lines: report.lines.filter((l) => scope.some((root) => isWithin(l.nodePath, root))) };
  }

  /** Everything held about one person in the caller's subtrees; the export itself is audited. */
  async exportPerson(actor: Actor, idNumber: string, requestId: string): Promise<PersonExport> {
    const scope = scopePaths(actor, 'personal.request');
    const tables = await this.ctx.retention.exportPerson(idNumber, scope);
    await this.ctx.audit.recordMany(
      this.ctx.db,
      scope.map((nodePath) => ({
        actorId: actor.id,
        action: 'person.exported',
        entityType: 'person',
        entityId: maskIdNumber(idNumber),
        nodePath,
        detail: { tables: tables.map((t) => ({ table: t.table, rows: t.rows.length })) },
        requestId,
      })),
    );
    return {
      idNumber,
      exportedAt: Date.now(),
      tables: tables.map((t) => ({ ...t, rows: t.rows as Array<Record<string, unknown>> })),
    };
  }

  /**
   * Erases the person's records in the caller's subtrees, except where a legal duty keeps them
   * (the answer names those and why). One transaction with its audit rows; files after commit.
   */
  async erasePerson(actor: Actor, idNumber: string, requestId: string): Promise<PersonErasure> {
    const scope = scopePaths(actor, 'personal.request');
    const result = await inTransaction(this.ctx.db, async (trx) => {
      const outcome = await this.ctx.retention.erasePerson(trx, idNumber, scope);
      await this.ctx.audit.recordMany(
        trx,
        scope.map((nodePath) => ({
          actorId: actor.id,
          action: 'person.erased',
          entityType: 'person',
          entityId: maskIdNumber(idNumber),
          nodePath,
          detail: {
            erased: outcome.erased.filter((l) => isWithin(l.nodePath, nodePath)),
            kept: outcome.kept.map((k) => ({ table: k.table, rows: k.rows })),
          },
          requestId,
        })),
      );
      return outcome;
    });
    await this.ctx.retention.afterErase(
      result.blobs,
      result.erased.map((l) => l.table),
    );
    return { erased: result.erased, kept: result.kept };
  }
}
