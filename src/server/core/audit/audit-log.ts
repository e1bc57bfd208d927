import { createHash } from 'node:crypto';
import type { AuditVerifyResult } from '../../../contracts/audit.ts';
import type { Db } from '../db/index.ts';
import { dialectOf, inTransaction } from '../db/index.ts';

export interface AuditEntryInput {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  nodePath: string;
  detail?: Record<string, unknown> | null;
  reason?: string | null;
  requestId?: string | null;
}

const GENESIS = '0'.repeat(64);

interface HashedFields {
  id: number;
  at: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  node_path: string;
  detail: string | null;
  reason: string | null;
  request_id: string | null;
  personal_digest?: string | null;
}

/** The digest standing in the chain for a row's personal fields (detail and reason). */
export function personalDigest(detail: string | null, reason: string | null): string {
  return createHash('sha256')
    .update(JSON.stringify([detail, reason]))
    .digest('hex');
}

/**
 * Rows written before the retention migration (no personal_digest) hash their fields directly;
 * later rows hash a digest of detail and reason instead, so those two can be redacted after a
 * purge without breaking the chain (decision 1000).
 */
function rowHash(prevHash: string, row: HashedFields): string {
  if (row.personal_digest) {
    const canonical = JSON.stringify([
      2,
      row.id,
      row.at,
      row.actor_id,
      row.action,
      row.entity_type,
      row.entity_id,
      row.node_path,
      row.personal_digest,
      row.request_id,
    ]);
    return createHash('sha256').update(prevHash).update(canonical).digest('hex');
  }
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actor_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.node_path,
    row.detail,
    row.reason,
    row.request_id,
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * Append-only, hash-chained audit log. Each row's hash covers the previous row's hash, and ids
 * are consecutive, so an edited, deleted or reordered row breaks the chain at that point. The
 * single head row is locked by the writing transaction, which serialises appends on PostgreSQL
 * and is what the caller's transaction commits (or rolls back) together with its change.
 */
export class AuditLog {
  constructor(private readonly db: Db) {}

  /** Writes one entry inside `trx` — the same transaction as the change it records. */
  async record(trx: Db, entry: AuditEntryInput): Promise<void> {
    await this.recordMany(trx, [entry]);
  }

  async recordMany(trx: Db, entries: AuditEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    if (!trx.isTransaction) {
      await inTransaction(trx, (inner) => this.recordMany(inner, entries));
      return;
    }
    const head = await this.lockHead(trx);
    let prevHash = head.last_hash;
    let id = head.last_id;
    const at = Date.now();
    const rows = entries.map((entry) => {
      id += 1;
      const detail = entry.detail ? JSON.stringify(entry.detail) : null;
      const reason = entry.reason ?? null;
      const fields: HashedFields = {
        id,
        at,
        actor_id: entry.actorId,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId == null ? null : String(entry.entityId),
        node_path: entry.nodePath,
        detail,
        reason,
        request_id: entry.requestId ?? null,
        personal_digest: personalDigest(detail, reason),
      };
      const hash = rowHash(prevHash, fields);
      const row = { ...fields, redacted_at: null, prev_hash: prevHash, hash };
      prevHash = hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    await trx
      .updateTable('audit_head')
      .set({ last_id: id, last_hash: prevHash })
      .where('id', '=', 1)
      .execute();
  }

  /**
   * Blanks the personal fields (detail, reason) of the audit rows about these records. The chain
   * covers their digest, not their text, so it still verifies; the row keeps who, what, when and
   * where. Rows from before digests existed cannot be redacted and are left as they are.
   */
  async redact(trx: Db, entityType: string, entityIds: readonly (string | number)[], now = Date.now()) {
    let redacted = 0;
    for (let i = 0; i < entityIds.length; i += 500) {
      const result = await trx
        .updateTable('audit_log')
        .set({ detail: null, reason: null, redacted_at: now })
        .where('entity_type', '=', entityType)
        .where(
          'entity_id',
          'in',
          entityIds.slice(i, i + 500).map((id) => String(id)),
        )
        .where('personal_digest', 'is not', null)
        .where('redacted_at', 'is', null)
        .executeTakeFirst();
      redacted += Number(result.numUpdatedRows);
    }
    return redacted;
  }

  private async lockHead(trx: Db): Promise<{ last_id: number; last_hash: string }> {
    const query = trx.selectFrom('audit_head').select(['last_id', 'last_hash']).where('id', '=', 1);
    // SQLite has one writer at a time already; PostgreSQL needs the row lock.
    const existing = await (dialectOf(trx) === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!existing) throw new Error('audit_head is missing: the database was not migrated');
    return existing;
  }

  /** Walks the whole chain; reports every break it finds, not just the first. */
  async verify(batchSize = 5000): Promise<AuditVerifyResult> {
    const problems: AuditVerifyResult['problems'] = [];
    let prevHash = GENESIS;
    let expectedId = 1;
    let checked = 0;
    let redacted = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>=', expectedId)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      for (const row of rows) {
        if (row.id !== expectedId) {
          problems.push({ id: expectedId, problem: `missing rows ${expectedId}..${row.id - 1}` });
        }
        if (row.prev_hash !== prevHash)
          problems.push({ id: row.id, problem: 'previous hash does not match' });
        // A redacted row has no personal fields left to check against its digest; an intact
        // one must still match it, or its detail or reason was edited.
        const digestOk =
          row.personal_digest === null ||
          row.redacted_at !== null ||
          personalDigest(row.detail, row.reason) === row.personal_digest;
        if (!digestOk || rowHash(row.prev_hash, row) !== row.hash)
          problems.push({ id: row.id, problem: 'content altered' });
        if (row.redacted_at !== null) redacted += 1;
        prevHash = row.hash;
        expectedId = row.id + 1;
        checked += 1;
      }
      if (rows.length < batchSize) break;
    }
    const head = await this.db.selectFrom('audit_head').selectAll().executeTakeFirst();
    const lastId = head?.last_id ?? 0;
    if (lastId !== expectedId - 1) {
      problems.push({ id: lastId, problem: `chain ends at ${expectedId - 1} but head says ${lastId}` });
    } else if (head && head.last_hash !== prevHash) {
      problems.push({ id: lastId, problem: 'head hash does not match the last row' });
    }
    return { ok: problems.length === 0, checked, redacted, problems };
  }
}
