import { createHash } from 'node:crypto';
import type { LedgerVerify } from '../../../contracts/cadres.ts';
import type { Db } from '../../core/db/index.ts';
import type { CadresRepository, LedgerRow, NewLedgerRow } from './cadres.repository.ts';

export const GENESIS = '0'.repeat(64);

const n = (v: number | null) => (v == null ? null : Number(v));

/**
 * The hash of one ledger entry: the previous entry's hash plus every field that says what
 * happened, in a fixed order. seq is inside, so swapping two rows' places breaks both.
 */
export function entryHash(prevHash: string, row: Omit<NewLedgerRow, 'prev_hash' | 'hash'>): string {
  const canonical = JSON.stringify([
    1,
    n(row.cadre_id),
    n(row.seq),
    row.kind,
    n(row.occurred_at),
    row.node_path,
    row.place,
    row.content,
    row.evidence,
    n(row.recorded_by),
    n(row.group_id),
    n(row.corrects_id),
    n(row.source_event_id),
    n(row.created_at),
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export type EntryDraft = Omit<NewLedgerRow, 'cadre_id' | 'seq' | 'prev_hash' | 'hash' | 'created_at'>;

/** Appends to a cadre's chain inside `trx`, which holds the chain head's lock until commit. */
export async function appendToLedger(
  repo: CadresRepository,
  trx: Db,
  cadreId: number,
  draft: EntryDraft,
  now = Date.now(),
): Promise<{ id: number; seq: number }> {
  const head = await repo.lockHead(cadreId, trx);
  const seq = Number(head.last_seq) + 1;
  const base = { ...draft, cadre_id: cadreId, seq, created_at: now };
  const hash = entryHash(head.last_hash, base);
  const id = await repo.appendEntry({ ...base, prev_hash: head.last_hash, hash }, trx);
  return { id, seq };
}

/**
 * Walks every chain (or one cadre's): seq must run 1, 2, … with no gap, each row's prev_hash must
 * be the previous row's hash and its own hash must match its fields, and the head must point at
 * the last row. An edit, a deletion or a reordering each break one of these.
 */
export async function verifyLedger(
  repo: CadresRepository,
  cadreId?: number,
  batch = 5000,
): Promise<LedgerVerify> {
  const problems: LedgerVerify['problems'] = [];
  const heads = new Map((await repo.heads(cadreId)).map((h) => [Number(h.cadre_id), h]));
  let checked = 0;
  let current = -1;
  let expectedSeq = 1;
  let prevHash = GENESIS;
  const seen = new Set<number>();
  const closeChain = () => {
    if (current < 0) return;
    const head = heads.get(current);
    if (!head) problems.push({ cadreId: current, seq: expectedSeq - 1, problem: 'no chain head' });
    else if (Number(head.last_seq) !== expectedSeq - 1)
      problems.push({
        cadreId: current,
        seq: Number(head.last_seq),
        problem: `chain ends at ${expectedSeq - 1} but head says ${head.last_seq}`,
      });
    else if (head.last_hash !== prevHash)
      problems.push({
        cadreId: current,
        seq: expectedSeq - 1,
        problem: 'head hash does not match the last entry',
      });
  };
  let afterCadre = 0;
  let afterSeq = 0;
  for (;;) {
    const rows: LedgerRow[] = await repo.ledgerBatch(afterCadre, afterSeq, batch, cadreId);
    for (const row of rows) {
      const cid = Number(row.cadre_id);
      const seq = Number(row.seq);
      if (cid !== current) {
        closeChain();
        current = cid;
        seen.add(cid);
        expectedSeq = 1;
        prevHash = GENESIS;
      }
      if (seq !== expectedSeq)
        problems.push({ cadreId: cid, seq, problem: `missing entries ${expectedSeq}..${seq - 1}` });
      if (row.prev_hash !== prevHash)
        problems.push({ cadreId: cid, seq, problem: 'previous hash does not match' });
      if (entryHash(row.prev_hash, row) !== row.hash)
        problems.push({ cadreId: cid, seq, problem: 'content altered' });
      prevHash = row.hash;
      expectedSeq = seq + 1;
      checked += 1;
      afterCadre = cid;
      afterSeq = seq;
    }
    if (rows.length < batch) break;
  }
  closeChain();
  for (const [cid, head] of heads) {
    if (!seen.has(cid) && Number(head.last_seq) > 0)
      problems.push({
        cadreId: cid,
        seq: Number(head.last_seq),
        problem: 'every entry of the chain is missing',
      });
  }
  return { ok: problems.length === 0, cadres: new Set([...seen, ...heads.keys()]).size, checked, problems };
}
