import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Locale } from '../../../contracts/common.ts';
import { householdLabel, maskName } from '../../../contracts/compounds.ts';
import {
  type Entry,
  FEVER_AT,
  type Fever,
  type GateCompound,
  type ScanBody,
  type ScanResult,
  type SyncRejection,
  toHundredths,
  type VerifyResult,
  type VisitorBody,
} from '../../../contracts/gate.ts';
import { translate } from '../../../contracts/messages.ts';
import { checkClaims, decodePassCode, type Lane, type PassReason } from '../../../contracts/passes.ts';
import { type Actor, assertPathAccess, loadInScope, maskPhone, scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction, requestHash } from '../../core/db/index.ts';
import { AppError, badRequest, notFound } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import { matchShortCode, type PassKeyring } from '../passes/index.ts';
import { entriesWorkbook } from './gate.export.ts';
import type { GateRepository, NewEntry } from './gate.repository.ts';

const DAY_MS = 86_400_000;
/** An offline scan is judged at the device's scan time, but no further back than this. */
const MAX_OFFLINE_MS = 3 * DAY_MS;
const COMPOUND_CACHE_MS = 60_000;
const BEIJING_MS = 8 * 3600_000;

export function startOfBeijingDay(now: number): number {
  return Math.floor((now + BEIJING_MS) / DAY_MS) * DAY_MS - BEIJING_MS;
}

function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type EntryRow = NonNullable<Awaited<ReturnType<GateRepository['entryByClientId']>>>;
type ListedEntry = Awaited<ReturnType<GateRepository['listEntries']>>['rows'][number];

export interface Verdict extends VerifyResult {
  householdId: number | null;
}

export class GateService {
  private readonly compounds = new Map<
    number,
    { path: string; name: string; kind: string; gates: GateCompound['gates']; until: number }
  >();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly repo: GateRepository,
    private readonly keyring: PassKeyring,
  ) {}

  private async compound(actor: Actor, id: number, permission: 'gate.scan' | 'gate.read') {
    const now = Date.now();
    let node = this.compounds.get(id);
    if (!node || node.until < now) {
      const row = await this.repo.compound(id);
      if (!row) throw notFound();
      node = {
        path: row.path,
        name: row.name,
        kind: row.kind,
        gates: row.gates ? (JSON.parse(row.gates) as GateCompound['gates']) : [],
        until: now + COMPOUND_CACHE_MS,
      };
      this.compounds.set(id, node);
    }
    assertPathAccess(actor, permission, node.path);
    if (node.kind !== 'compound') throw new AppError('NOT_A_COMPOUND', 400);
    return node;
  }

  /** A named gate must be one of the compound's gates, and the lane one that gate has. */
  private checkGate(compound: { gates: GateCompound['gates'] }, gate: string | undefined, lane: Lane) {
    if (gate === undefined) return;
    const found = compound.gates.find((g) => g.name === gate);
    if (!found) throw badRequest('GATE_UNKNOWN', 'gate', { gate });
    if (!found.lanes.includes(lane)) throw badRequest('GATE_LANE_UNKNOWN', 'lane', { gate, lane });
  }

  async compoundsForGate(actor: Actor): Promise<GateCompound[]> {
    const rows = await this.repo.compoundsInScope(scopePaths(actor, 'gate.scan'));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      path: r.path,
      gates: r.gates ? (JSON.parse(r.gates) as GateCompound['gates']) : [],
    }));
  }

  async households(actor: Actor, compoundId: number): Promise<Array<{ id: number; label: string }>> {
    await this.compound(actor, compoundId, 'gate.scan');
    const rows = await this.repo.householdsOf(compoundId);
    return rows.map((h) => ({ id: h.id, label: householdLabel(h) }));
  }

  /**
   * The server's check. A code is authentic when it equals, byte for byte, the code this server
   * issued under that id — one lookup and a constant-time compare instead of a signature
   * verification. A code that differs but carries the issued signature is a real pass with a
   * field changed (tampered); anything else that fails is forged.
   */
  async judge(
    presented: string,
    compoundId: number,
    lane: Lane,
    direction: 'in' | 'out',
    at: number,
  ): Promise<Verdict> {
    // A typed short code stands for the stored code it names; a wrong tag is a forgery.
    const resolved = await matchShortCode(presented, async (id) => (await this.repo.passForScan(id))?.code);
    if (resolved === false) return { reason: 'forged', ok: false, pass: null, householdId: null };
    const code = resolved ?? presented;
    const decoded = decodePassCode(code);
    if (!decoded) return { reason: 'malformed', ok: false, pass: null, householdId: null };
    const key = (await this.keyring.all()).get(decoded.keyId);
    if (!key) return { reason: 'unknown_key', ok: false, pass: null, householdId: null };
    if (key.status === 'retired') return { reason: 'retired_key', ok: false, pass: null, householdId: null };
    const stored = await this.repo.passForScan(decoded.passId);
    if (!stored) return { reason: 'forged', ok: false, pass: null, householdId: null };
    if (!sameBytes(stored.code, code.trim())) {
      const issued = decodePassCode(stored.code);
      const reason: PassReason =
        issued && Buffer.from(issued.signature).equals(Buffer.from(decoded.signature))
          ? 'tampered'
          : 'forged';
      return { reason, ok: false, pass: null, householdId: null };
    }
    // A person's pass follows its holder: a resident marked moved out no longer gets in.
    const stopped = stored.status !== 'active' || stored.resident_status === 'moved_out';
    let reason = checkClaims(decoded, {
      revoked: stopped ? new Set([stored.id]) : new Set(),
      now: at,
      compoundId,
      lane,
    });
    if (reason === 'revoked' && stored.status === 'replaced') reason = 'replaced';
    if (reason === 'ok' && direction === 'out' && stored.kind === 'person') {
      const rules = await this.repo.rules(stored.compound_id);
      if (rules && rules.quota_count > 0) {
        const used = await this.repo.outingsSince(stored.household_id, at - rules.quota_days * DAY_MS);
        if (used >= rules.quota_count) reason = 'quota_used';
      }
    }
    // Another compound's pass: say only that it belongs elsewhere, not whose it is.
    if (reason === 'wrong_compound') return { reason, ok: false, pass: null, householdId: null };
    return {
      reason,
      ok: reason === 'ok',
      householdId: stored.household_id,
      pass: {
        id: stored.id,
        kind: stored.kind as 'person' | 'vehicle',
        household: householdLabel(stored),
        holder: stored.kind === 'vehicle' ? (stored.plate ?? '') : maskName(stored.resident_name ?? ''),
      },
    };
  }

  async verify(
    actor: Actor,
    body: { compoundId: number; lane: Lane; direction: 'in' | 'out'; code: string },
  ): Promise<VerifyResult> {
    await this.compound(actor, body.compoundId, 'gate.scan');
    const { householdId: _, ...verdict } = await this.judge(
      body.code,
      body.compoundId,
      body.lane,
      body.direction,
      Date.now(),
    );
    return verdict;
  }

  private replay(row: EntryRow, hash: string, verdict?: VerifyResult): ScanResult {
    if (row.request_hash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', 409);
    return {
      reason: row.result as PassReason,
      ok: row.result === 'ok',
      pass: verdict?.pass ?? null,
      entryId: row.id,
      clientId: row.client_id,
      fever: row.fever_id != null,
      replayed: true,
    };
  }

  private scanTime(at: number | undefined, now: number): { at: number; offline: boolean } {
    if (at === undefined || at > now || at < now - MAX_OFFLINE_MS) return { at: now, offline: false };
    return { at, offline: now - at > 60_000 };
  }

  /** Records one scan exactly once per client id: a retry gets the first answer back. */
  async scan(actor: Actor, body: ScanBody): Promise<ScanResult> {
    const compound = await this.compound(actor, body.compoundId, 'gate.scan');
    this.checkGate(compound, body.gate, body.lane);
    const hash = requestHash(body);
    const now = Date.now();
    const { at, offline } = this.scanTime(body.at, now);
    // A retried scan is judged again and then loses on the client-id key: one lookup saved per new scan.
    const verdict = await this.judge(body.code, body.compoundId, body.lane, body.direction, at);
    const entry: NewEntry = {
      client_id: body.id,
      request_hash: hash,
      compound_id: body.compoundId,
      node_path: compound.path,
      gate: body.gate ?? null,
      kind: 'pass',
      lane: body.lane,
      direction: body.direction,
      result: verdict.reason,
      pass_id: verdict.pass?.id ?? null,
      household_id: verdict.householdId,
      visitor_name: null,
      visitor_phone: null,
      visitor_reason: null,
      temp_x100: body.temperature === undefined ? null : toHundredths(body.temperature),
      at,
      recorded_at: now,
      recorded_by: actor.id,
      offline: offline ? 1 : 0,
    };
    const saved = await this.record(actor, entry, compound, verdict.pass?.household ?? null);
    if (!saved) {
      const raced = await this.repo.entryByClientId(body.id);
      return this.replay(raced!, hash, verdict);
    }
    const { householdId: _, ...result } = verdict;
    return { ...result, entryId: saved.entryId, clientId: body.id, fever: saved.fever, replayed: false };
  }

  /** Inserts the entry and, at 37.3 °C or more, the fever alert and its live event, in one transaction. */
  private async record(
    actor: Actor,
    entry: NewEntry,
    compound: { path: string; name: string },
    household: string | null,
  ): Promise<{ entryId: number; fever: boolean } | null> {
    const fever = entry.temp_x100 !== null && entry.temp_x100 >= toHundredths(FEVER_AT);
    if (!fever) {
      const direct = this.repo.insertEntryDirect(entry);
      if (direct !== undefined) return direct === null ? null : { entryId: direct, fever: false };
    }
    return inTransaction(this.db, async (trx) => {
      const entryId = await this.repo.insertEntry(entry, trx);
      if (entryId === null) return null;
      if (fever) {
        const row = await this.repo.insertFever(
          {
            entry_id: entryId,
            compound_id: entry.compound_id,
            node_path: entry.node_path,
            temp_x100: entry.temp_x100!,
            at: entry.at,
          },
          trx,
        );
        await this.events.append(trx, {
          type: 'gate.fever',
          nodePath: compound.path,
          actorId: actor.id,
          permission: 'gate.fever.handle',
          payload: {
            feverId: row.id,
            entryId,
            compoundId: entry.compound_id,
            compoundName: compound.name,
            household,
            temperature: entry.temp_x100! / 100,
            at: entry.at,
          },
        });
      }
      return { entryId, fever };
    });
  }

  /**
   * Records each scan of an offline batch on its own: a scan refused (out of scope, a reused id
   * with other content) is reported by its position and the rest still land. A server fault
   * still fails the batch, so the device keeps its queue and retries.
   */
  async sync(
    actor: Actor,
    scans: Array<{ index: number; scan: ScanBody }>,
    locale: Locale,
    requestId: string,
  ): Promise<{ results: ScanResult[]; rejected: SyncRejection[] }> {
    const results: ScanResult[] = [];
    const rejected: SyncRejection[] = [];
    for (const { index, scan } of scans) {
      try {
        results.push(await this.scan(actor, scan));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const message = translate(err.code, locale, err.params);
        rejected.push({
          index,
          clientId: scan.id,
          error: {
            code: err.code,
            message,
            requestId,
            ...(err.fields
              ? { fields: err.fields.map((f) => ({ ...f, field: `scans.${index}.${f.field}`, message })) }
              : {}),
          },
        });
      }
    }
    return { results, rejected };
  }

  async visitor(actor: Actor, body: VisitorBody): Promise<ScanResult> {
    const compound = await this.compound(actor, body.compoundId, 'gate.scan');
    this.checkGate(compound, body.gate, 'person');
    const hash = requestHash(body);
    const earlier = await this.repo.entryByClientId(body.id);
    if (earlier) return this.replay(earlier, hash);
    const host = await this.repo.household(body.hostHouseholdId);
    if (!host || host.compound_id !== body.compoundId) throw notFound();
    const now = Date.now();
    const { at, offline } = this.scanTime(body.at, now);
    const saved = await this.record(
      actor,
      {
        client_id: body.id,
        request_hash: hash,
        compound_id: body.compoundId,
        node_path: compound.path,
        gate: body.gate ?? null,
        kind: 'visitor',
        lane: 'person',
        direction: body.direction,
        result: 'ok',
        pass_id: null,
        household_id: host.id,
        visitor_name: body.name,
        visitor_phone: body.phone,
        visitor_reason: body.reason,
        temp_x100: body.temperature === undefined ? null : toHundredths(body.temperature),
        at,
        recorded_at: now,
        recorded_by: actor.id,
        offline: offline ? 1 : 0,
      },
      compound,
      householdLabel(host),
    );
    if (!saved) return this.replay((await this.repo.entryByClientId(body.id))!, hash);
    return {
      reason: 'ok',
      ok: true,
      pass: null,
      entryId: saved.entryId,
      clientId: body.id,
      fever: saved.fever,
      replayed: false,
    };
  }

  private async area(actor: Actor, nodeId: number) {
    const node = await loadInScope(actor, 'gate.read', this.repo.node(nodeId));
    return node;
  }

  static toEntry(row: ListedEntry): Entry {
    return {
      id: row.id,
      compoundId: row.compound_id,
      compoundName: row.compound_name,
      gate: row.gate,
      kind: row.kind as Entry['kind'],
      lane: row.lane as Entry['lane'],
      direction: row.direction as Entry['direction'],
      result: row.result as PassReason,
      passId: row.pass_id,
      household: row.room ? householdLabel({ building: row.building, unit: row.unit, room: row.room }) : null,
      visitor: row.visitor_name
        ? `${maskName(row.visitor_name)} ${maskPhone(row.visitor_phone ?? '')}`
        : null,
      temperature: row.temp_x100 === null ? null : row.temp_x100 / 100,
      at: row.at,
      offline: row.offline === 1,
    };
  }

  async entries(
    actor: Actor,
    q: { nodeId: number; from?: number; to?: number; result?: PassReason; page: number; pageSize: number },
  ) {
    const node = await this.area(actor, q.nodeId);
    const { rows, total } = await this.repo.listEntries(
      node.path,
      q.from ?? 0,
      q.to ?? Date.now() + DAY_MS,
      q.result,
      q.page,
      q.pageSize,
    );
    return { items: rows.map(GateService.toEntry), total, page: q.page, pageSize: q.pageSize };
  }

  exportWorkbook(
    actor: Actor,
    q: { nodeId: number; from: number; to: number },
    locale: Locale,
    requestId: string,
  ): Promise<Readable> {
    return entriesWorkbook(this.exportRows(actor, q, requestId), locale);
  }

  private async *exportRows(
    actor: Actor,
    q: { nodeId: number; from: number; to: number },
    requestId: string,
  ): AsyncGenerator<Entry[]> {
    const node = await this.area(actor, q.nodeId);
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'gate.entries-exported',
      entityType: 'node',
      entityId: node.id,
      nodePath: node.path,
      detail: { from: q.from, to: q.to },
      requestId,
    });
    let after = 0;
    for (;;) {
      const rows = await this.repo.exportPage(node.path, q.from, q.to, after, 2000);
      if (rows.length === 0) return;
      yield rows.map(GateService.toEntry);
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Today's counts for a node and each of its children, every figure summing its subtree. */
  async stats(actor: Actor, nodeId: number, now = Date.now()) {
    const node = await this.area(actor, nodeId);
    const since = startOfBeijingDay(now);
    const [{ entries, fevers }, children] = await Promise.all([
      this.repo.todayCounts(node.path, since),
      this.repo.children(node.id),
    ]);
    const blank = (n: { id: number; name: string; kind: string; path: string }) => ({
      nodeId: n.id,
      name: n.name,
      kind: n.kind,
      path: n.path,
      in: 0,
      out: 0,
      visitors: 0,
      fevers: 0,
    });
    const total = blank(node);
    const rows = children.map(blank);
    const bucket = (path: string) => rows.find((r) => path.startsWith(r.path));
    for (const e of entries) {
      const c = Number(e.c);
      for (const target of [total, bucket(e.node_path)]) {
        if (!target) continue;
        if (e.kind === 'visitor') target.visitors += c;
        if (e.direction === 'in') target.in += c;
        else target.out += c;
      }
    }
    for (const f of fevers) {
      total.fevers += Number(f.c);
      const b = bucket(f.node_path);
      if (b) b.fevers += Number(f.c);
    }
    return { since, total, children: rows };
  }

  async fevers(
    actor: Actor,
    nodeId: number | undefined,
    status: 'open' | 'closed' | undefined,
    id?: number,
  ): Promise<Fever[]> {
    let under: string | null = null;
    if (nodeId) {
      const node = await loadInScope(actor, 'gate.fever.handle', this.repo.node(nodeId));
      under = node.path;
    }
    const rows = await this.repo.fevers(scopePaths(actor, 'gate.fever.handle'), under, status, id);
    return rows.map((r) => ({
      id: r.id,
      entryId: r.entry_id,
      compoundId: r.compound_id,
      compoundName: r.compound_name,
      household: r.room ? householdLabel({ building: r.building, unit: r.unit, room: r.room }) : null,
      holder: r.resident_name ? maskName(r.resident_name) : r.visitor_name ? maskName(r.visitor_name) : null,
      temperature: r.temp_x100 / 100,
      at: r.at,
      status: r.status as Fever['status'],
      action: r.action,
      closedAt: r.closed_at,
    }));
  }

  async closeFever(actor: Actor, id: number, action: string, requestId: string): Promise<Fever> {
    const row = await loadInScope(actor, 'gate.fever.handle', this.repo.fever(id));
    await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.closeFever(id, action, actor.id, trx);
      if (Number(changed.numUpdatedRows) === 0) throw new AppError('FEVER_CLOSED', 409);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'gate.fever-closed',
        entityType: 'gate_fever',
        entityId: id,
        nodePath: row.node_path,
        detail: { action },
        requestId,
      });
      await this.events.append(trx, {
        type: 'gate.fever-closed',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'gate.fever.handle',
        payload: { feverId: id, compoundId: row.compound_id },
      });
    });
    const [fever] = await this.fevers(actor, undefined, undefined, id);
    return fever!;
  }
}
