import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Page } from '../../../contracts/common.ts';
import { householdLabel, maskName } from '../../../contracts/compounds.ts';
import {
  DEFAULT_RULES,
  encodePayload,
  joinCode,
  type Pass,
  type PassBatch,
  type PassKind,
  type PassRules,
  type PublicKey,
  toBase64Url,
} from '../../../contracts/passes.ts';
import { type Actor, loadInScope, scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import type { CompoundsRepository } from '../compounds/index.ts';
import { newKeyPair, PassKeyring } from './passes.keys.ts';
import type { PassesRepository } from './passes.repository.ts';
import type { PassesTable } from './passes.tables.ts';
import { shortCodeOf } from './short-code.ts';

const DAY_MS = 86_400_000;
// Signing and inserting a chunk holds the loop (and, on SQLite, the connection): 200 passes keep
// it under the 50 ms stall budget (decision 1402).
const BULK_CHUNK = 200;

type PassRow = NonNullable<Awaited<ReturnType<PassesRepository['pass']>>>;

export function toPass(row: PassRow): Pass {
  return {
    id: row.id,
    kind: row.kind as PassKind,
    compoundId: row.compound_id,
    compoundName: row.compound_name,
    householdId: row.household_id,
    household: householdLabel(row),
    holder: row.kind === 'vehicle' ? (row.plate ?? '') : maskName(row.resident_name ?? ''),
    residentId: row.resident_id,
    vehicleId: row.vehicle_id,
    keyId: row.key_id,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: row.status as Pass['status'],
    revokeReason: row.revoke_reason,
    code: row.code,
    shortCode: shortCodeOf(row.id, row.code),
    issuedAt: row.issued_at,
  };
}

/** Fetched before a transaction opens: on SQLite a query outside the open transaction would wait for it. */
type Signer = Awaited<ReturnType<PassKeyring['active']>>;

export interface Holder {
  kind: PassKind;
  id: number;
  householdId: number;
  compoundId: number;
  nodePath: string;
}

export class PassesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly repo: PassesRepository,
    private readonly compounds: CompoundsRepository,
    readonly keyring: PassKeyring,
  ) {}

  private async compound(actor: Actor, id: number, permission: 'passes.issue' | 'compounds.read') {
    const node = await loadInScope(actor, permission, this.compounds.node(id));
    if (node.kind !== 'compound') throw new AppError('NOT_A_COMPOUND', 400);
    return node;
  }

  async rules(actor: Actor, compoundId: number): Promise<PassRules> {
    await this.compound(actor, compoundId, 'compounds.read');
    const row = await this.repo.rules(compoundId);
    return row
      ? { validityDays: row.validity_days, quotaCount: row.quota_count, quotaDays: row.quota_days }
      : DEFAULT_RULES;
  }

  async saveRules(actor: Actor, compoundId: number, rules: PassRules, requestId: string): Promise<PassRules> {
    const node = await this.compound(actor, compoundId, 'passes.issue');
    await inTransaction(this.db, async (trx) => {
      await this.repo.saveRules(
        {
          compound_id: compoundId,
          validity_days: rules.validityDays,
          quota_count: rules.quotaCount,
          quota_days: rules.quotaDays,
          updated_by: actor.id,
          updated_at: Date.now(),
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'pass.rules-saved',
        entityType: 'compound',
        entityId: compoundId,
        nodePath: node.path,
        detail: { ...rules },
        requestId,
      });
    });
    return rules;
  }

  /**
   * Signs and inserts passes for the holders, one per holder, inside `trx`. Ids are reserved first
   * because the id is part of the signed payload.
   */
  async issueFor(
    trx: Db,
    signer: Signer,
    holders: Holder[],
    validityDays: Map<number, number>,
    actorId: number | null,
  ): Promise<PassesTable[]> {
    if (holders.length === 0) return [];
    const ids = await this.repo.reserveIds(holders.length, trx);
    const now = Date.now();
    // Whole seconds: the payload carries seconds, and the stored window must equal the signed one.
    const validFrom = Math.floor(now / 1000) * 1000;
    const rows = holders.map((h, i): PassesTable => {
      const validUntil = validFrom + (validityDays.get(h.compoundId) ?? DEFAULT_RULES.validityDays) * DAY_MS;
      const payload = encodePayload({
        kind: h.kind,
        keyId: signer.id,
        passId: ids[i]!,
        compoundId: h.compoundId,
        validFrom,
        validUntil,
      });
      return {
        id: ids[i]!,
        kind: h.kind,
        compound_id: h.compoundId,
        node_path: h.nodePath,
        household_id: h.householdId,
        resident_id: h.kind === 'person' ? h.id : null,
        vehicle_id: h.kind === 'vehicle' ? h.id : null,
        key_id: signer.id,
        valid_from: validFrom,
        valid_until: validUntil,
        code: joinCode(payload, PassKeyring.sign(signer.key, payload)),
        status: 'active',
        revoke_reason: null,
        revoked_at: null,
        issued_by: actorId,
        issued_at: now,
      };
    });
    await this.repo.insertPasses(rows, trx);
    return rows;
  }

  private async holder(actor: Actor, body: { residentId: number } | { vehicleId: number }): Promise<Holder> {
    if ('residentId' in body) {
      const r = await loadInScope(actor, 'passes.issue', this.compounds.resident(body.residentId));
      if (r.status === 'moved_out') throw new AppError('PASS_HOLDER_INACTIVE', 409);
      return {
        kind: 'person',
        id: r.id,
        householdId: r.household_id,
        compoundId: r.compound_id,
        nodePath: r.node_path,
      };
    }
    const v = await loadInScope(actor, 'passes.issue', this.compounds.vehicle(body.vehicleId));
    return {
      kind: 'vehicle',
      id: v.id,
      householdId: v.household_id,
      compoundId: v.compound_id,
      nodePath: v.node_path,
    };
  }

  private async validity(compoundId: number): Promise<Map<number, number>> {
    const row = await this.repo.rules(compoundId);
    return new Map([[compoundId, row?.validity_days ?? DEFAULT_RULES.validityDays]]);
  }

  async issue(
    actor: Actor,
    body: { residentId: number } | { vehicleId: number },
    requestId: string,
  ): Promise<Pass> {
    const holder = await this.holder(actor, body);
    const validity = await this.validity(holder.compoundId);
    const signer = await this.keyring.active();
    try {
      const [row] = await inTransaction(this.db, async (trx) => {
        const rows = await this.issueFor(trx, signer, [holder], validity, actor.id);
        await this.audit.record(trx, {
          actorId: actor.id,
          action: 'pass.issued',
          entityType: 'pass',
          entityId: rows[0]!.id,
          nodePath: holder.nodePath,
          detail: { kind: holder.kind, holderId: holder.id, keyId: rows[0]!.key_id },
          requestId,
        });
        return rows;
      });
      return toPass((await this.repo.pass(row!.id))!);
    } catch (err) {
      if (/unique|duplicate key/i.test(String((err as Error).message)))
        throw new AppError('PASS_EXISTS', 409);
      throw err;
    }
  }

  async get(actor: Actor, id: number): Promise<Pass> {
    const row = await loadInScope(actor, 'passes.issue', this.repo.pass(id));
    return toPass(row);
  }

  async list(
    actor: Actor,
    compoundId: number,
    status: Pass['status'] | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<Pass>> {
    await this.compound(actor, compoundId, 'passes.issue');
    const { rows, total } = await this.repo.list(compoundId, status, page, pageSize);
    return { items: rows.map(toPass), total, page, pageSize };
  }

  async mine(actor: Actor): Promise<Pass[]> {
    const households = await this.compounds.householdIdsOfPhone(actor.phone);
    const rows = await this.repo.forPhone(actor.phone, households, scopePaths(actor, 'passes.mine'));
    return rows.map(toPass);
  }

  async revoke(actor: Actor, id: number, reason: string, requestId: string): Promise<Pass> {
    const row = await loadInScope(actor, 'passes.issue', this.repo.pass(id));
    await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.setStatus(id, 'revoked', reason, trx);
      if (Number(changed.numUpdatedRows) === 0) throw new AppError('PASS_NOT_ACTIVE', 409);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'pass.revoked',
        entityType: 'pass',
        entityId: id,
        nodePath: row.node_path,
        reason,
        requestId,
      });
      await this.events.append(trx, {
        type: 'pass.revoked',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'gate.scan',
        payload: { passId: id, compoundId: row.compound_id },
      });
    });
    return toPass((await this.repo.pass(id))!);
  }

  /** A fresh pass for the same holder under today's rules and key; the old one stops working. */
  async renew(actor: Actor, id: number, requestId: string): Promise<Pass> {
    const row = await loadInScope(actor, 'passes.issue', this.repo.pass(id));
    const validity = await this.validity(row.compound_id);
    const holder: Holder = {
      kind: row.kind as PassKind,
      id: (row.resident_id ?? row.vehicle_id)!,
      householdId: row.household_id,
      compoundId: row.compound_id,
      nodePath: row.node_path,
    };
    const signer = await this.keyring.active();
    const fresh = await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.setStatus(id, 'replaced', 'renewed', trx);
      if (Number(changed.numUpdatedRows) === 0) throw new AppError('PASS_NOT_ACTIVE', 409);
      const [created] = await this.issueFor(trx, signer, [holder], validity, actor.id);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'pass.renewed',
        entityType: 'pass',
        entityId: created!.id,
        nodePath: row.node_path,
        detail: { replaces: id, keyId: created!.key_id },
        requestId,
      });
      await this.events.append(trx, {
        type: 'pass.revoked',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'gate.scan',
        payload: { passId: id, compoundId: row.compound_id, replacedBy: created!.id },
      });
      return created!;
    });
    return toPass((await this.repo.pass(fresh.id))!);
  }

  /**
   * Issues every missing pass below a compound, community, street or district: runs in the
   * background in chunks of BULK_CHUNK (one transaction each); the caller polls the batch.
   */
  async startBulk(actor: Actor, nodeId: number, requestId: string): Promise<PassBatch> {
    const node = await loadInScope(actor, 'passes.issue', this.compounds.node(nodeId));
    const compounds = await this.repo.compoundsUnder(node.path, scopePaths(actor, 'passes.issue'));
    const batch = await this.repo.insertBatch({
      node_id: nodeId,
      node_path: node.path,
      status: 'running',
      total: 0,
      issued: 0,
      skipped: 0,
      failure: null,
      created_by: actor.id,
      created_at: Date.now(),
      finished_at: null,
    });
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'pass.bulk-started',
      entityType: 'pass_batch',
      entityId: batch.id,
      nodePath: node.path,
      detail: { compounds: compounds.length },
      requestId,
    });
    void this.runBulk(batch.id, actor.id, compounds);
    return toBatch(batch);
  }

  async runBulk(
    batchId: number,
    actorId: number | null,
    compounds: Array<{ id: number; path: string }>,
  ): Promise<void> {
    let issued = 0;
    try {
      const rules = await this.repo.rulesFor(compounds.map((c) => c.id));
      const validity = new Map(compounds.map((c) => [c.id, DEFAULT_RULES.validityDays]));
      for (const r of rules) validity.set(r.compound_id, r.validity_days);
      const work: Holder[] = [];
      for (const c of compounds) {
        const [holders, active] = await Promise.all([
          this.compounds.passHolders(c.id),
          this.repo.activeHolders(c.id),
        ]);
        const residents = holders.residents.filter((r) => !active.residents.has(r.id));
        const vehicles = holders.vehicles.filter((v) => !active.vehicles.has(v.id));
        for (const r of residents)
          work.push({
            kind: 'person',
            id: r.id,
            householdId: r.household_id,
            compoundId: c.id,
            nodePath: c.path,
          });
        for (const v of vehicles)
          work.push({
            kind: 'vehicle',
            id: v.id,
            householdId: v.household_id,
            compoundId: c.id,
            nodePath: c.path,
          });
      }
      await this.repo.updateBatch(batchId, { total: work.length });
      const signer = await this.keyring.active();
      for (let i = 0; i < work.length; i += BULK_CHUNK) {
        const chunk = work.slice(i, i + BULK_CHUNK);
        await inTransaction(this.db, async (trx) => {
          await this.issueFor(trx, signer, chunk, validity, actorId);
          issued += chunk.length;
          await this.repo.updateBatch(batchId, { issued }, trx);
        });
        await yieldToLoop();
      }
      await inTransaction(this.db, async (trx) => {
        await this.repo.updateBatch(batchId, { status: 'done', finished_at: Date.now() }, trx);
        await this.audit.record(trx, {
          actorId,
          action: 'pass.bulk-finished',
          entityType: 'pass_batch',
          entityId: batchId,
          nodePath: compounds[0]?.path ?? '/',
          detail: { issued },
        });
      });
    } catch (err) {
      await this.repo
        .updateBatch(batchId, {
          status: 'failed',
          failure: String((err as Error).message).slice(0, 500),
          finished_at: Date.now(),
        })
        .catch(() => undefined);
    }
  }

  async batch(actor: Actor, id: number): Promise<PassBatch> {
    const row = await loadInScope(actor, 'passes.issue', this.repo.batch(id));
    return toBatch(row);
  }

  async publicKeys(): Promise<PublicKey[]> {
    await this.keyring.active();
    const keys = await this.keyring.all();
    return [...keys.values()].map((k) => ({
      keyId: k.id,
      publicKey: toBase64Url(k.publicKey),
      status: k.status,
      createdAt: k.createdAt,
    }));
  }

  async rotateKey(actor: Actor, requestId: string): Promise<PublicKey[]> {
    const pair = newKeyPair(this.keyring.master);
    await inTransaction(this.db, async (trx) => {
      const id = await this.repo.rotate(pair, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'pass.key-rotated',
        entityType: 'pass_key',
        entityId: id,
        nodePath: keyScope(actor),
        requestId,
      });
    });
    this.keyring.invalidate();
    return this.publicKeys();
  }

  async retireKey(actor: Actor, keyId: number, requestId: string): Promise<PublicKey[]> {
    await inTransaction(this.db, async (trx) => {
      const key = await this.repo.key(keyId, trx);
      if (!key) throw notFound();
      if (key.status === 'active') throw new AppError('PASS_KEY_ACTIVE', 409);
      await this.repo.retireKey(keyId, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'pass.key-retired',
        entityType: 'pass_key',
        entityId: keyId,
        nodePath: keyScope(actor),
        requestId,
      });
    });
    this.keyring.invalidate();
    return this.publicKeys();
  }

  /** The gate's revocation list: ids of passes in the caller's scan scope that stopped working. */
  async revocations(actor: Actor, since: number): Promise<{ passIds: number[]; revision: number }> {
    const rows = await this.repo.revocations(scopePaths(actor, 'gate.scan'), since, Date.now());
    return {
      passIds: rows.map((r) => r.id),
      revision: rows.reduce((m, r) => Math.max(m, r.revoked_at ?? 0), since),
    };
  }

  async printable(actor: Actor, compoundId: number, kind: PassKind | undefined) {
    const node = await this.compound(actor, compoundId, 'passes.issue');
    const rows = await this.repo.forPrint(compoundId, kind);
    return { node, passes: rows.map(toPass) };
  }
}

function toBatch(row: NonNullable<Awaited<ReturnType<PassesRepository['batch']>>>): PassBatch {
  return {
    id: row.id,
    nodeId: row.node_id,
    status: row.status as PassBatch['status'],
    total: row.total,
    issued: row.issued,
    skipped: row.skipped,
    failure: row.failure,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Keys are city-wide; the audit row sits on the grant that allowed the change. */
function keyScope(actor: Actor): string {
  return scopePaths(actor, 'passes.keys')[0] ?? '/';
}
