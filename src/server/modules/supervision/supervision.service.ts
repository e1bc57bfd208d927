import { createHash, randomBytes } from 'node:crypto';
import type { Locale } from '../../../contracts/common.ts';
import { type MessageCode, translate } from '../../../contracts/messages.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import {
  type BulkBody,
  CHECKLISTS,
  type Checklists,
  DEFAULT_ESCALATION,
  type Discipline,
  type DisciplineMeasure,
  type DrawInputs,
  type EscalationRules,
  type FindingBody,
  type Order,
  type OrderQuery,
  type PublicRound,
  type Round,
  type RoundBody,
  type Severity,
  SUPERVISION_RULES,
  type TargetKind,
  type Visit,
} from '../../../contracts/supervision.ts';
import {
  compareKeys,
  type DrawInspector,
  type DrawResult,
  type DrawTarget,
  drawRound,
  poolText,
  sha256Hex,
  targetListText,
} from '../../../contracts/supervision-draw.ts';
import {
  type Actor,
  assertPathAccess,
  canAccessPath,
  hasPermission,
  pathInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { type Db, inTransaction, requestHash } from '../../core/db/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../core/errors.ts';
import { CadresRepository } from '../cadres/index.ts';
import { enterprisesService } from '../enterprises/index.ts';
import { GroceryRepository } from '../grocery/index.ts';
import { RegionsRepository } from '../regions/index.ts';
import { UsersRepository } from '../users/index.ts';
import type { FindingRow, RoundRow, SupervisionRepository } from './supervision.repository.ts';

const DAY = 24 * 3600_000;

/** node:crypto's SHA-256: the same function as the shared one in supervision-draw.ts, at native speed. */
const nativeSha256 = (text: string) => createHash('sha256').update(text).digest();
/** The list and pool hashes cover megabytes of text: hashed natively (the same SHA-256 as sha256Hex). */
const nativeHex = (text: string) => createHash('sha256').update(text).digest('hex');

export function parentPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length <= 1 ? path : `${parts.slice(0, -1).join('/')}/`;
}

/** The node `levels` above `path`, stopping at the tree's root. */
export function ancestorPath(path: string, levels: number): string {
  const parts = path.split('/').filter(Boolean);
  return `${parts.slice(0, Math.max(1, parts.length - levels)).join('/')}/`;
}

/** The root of the tree a path lies in ('2108/'): grants anywhere in the city can recuse. */
const rootOf = (path: string) => `${path.split('/')[0]}/`;

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

/** A frozen pool row as the draw sees it: a pseudonym by position and the recused paths. */
const poolMember = (p: { position: number; recuse_paths: string | null }): DrawInspector => ({
  key: `P${p.position + 1}`,
  recuse: json<string[]>(p.recuse_paths, []),
});
/** A joint inspection's findings that need rectifying, from the module that made the visit. */
export interface JointInspection {
  /** Unique per inspection, e.g. `enterprise-filing-step:12`: the orders' idempotency keys derive from it. */
  source: string;
  nodeId: number;
  nodePath: string;
  targetId: number;
  label: string;
  actorId: number;
  findings: Array<{ item: string; rule: string; severity: Severity; note: string }>;
}

export class SupervisionService {
  private readonly nodes: RegionsRepository;
  private readonly users: UsersRepository;
  private readonly areas: CadresRepository;
  private readonly shops: GroceryRepository;

  constructor(
    private readonly ctx: AppContext,
    private readonly repo: SupervisionRepository,
  ) {
    this.nodes = new RegionsRepository(ctx.db);
    this.users = new UsersRepository(ctx.db);
    this.areas = new CadresRepository(ctx.db);
    this.shops = new GroceryRepository(ctx.db);
  }

  private async audited(
    trx: Db,
    actor: { id: number } | null,
    action: string,
    entity: { type: string; id: number | string; path: string },
    detail: Record<string, unknown>,
    event?: { permission?: Permission; userId?: number; payload?: Record<string, unknown>; path?: string },
  ) {
    await this.ctx.audit.record(trx, {
      actorId: actor?.id ?? null,
      action,
      entityType: entity.type,
      entityId: entity.id,
      nodePath: entity.path,
      detail,
    });
    if (event) {
      await this.ctx.events.append(trx, {
        type: action,
        nodePath: event.path ?? entity.path,
        actorId: actor?.id ?? null,
        permission: event.userId ? null : (event.permission ?? 'supervision.read'),
        userId: event.userId ?? null,
        payload: event.payload ?? detail,
      });
    }
  }

  // ---- rounds ----

  private toRound(r: RoundRow, nodeName: string): Round {
    return {
      id: Number(r.id),
      title: r.title,
      nodeId: Number(r.node_id),
      nodeName,
      targetKind: r.target_kind as TargetKind,
      sample: r.sample,
      perTarget: r.per_target,
      unannounced: r.unannounced === 1,
      visitsFrom: Number(r.visits_from),
      leadUserId: r.lead_user_id == null ? null : Number(r.lead_user_id),
      status: r.status as Round['status'],
      listCount: r.list_count,
      listHash: r.list_hash,
      poolCount: r.pool_count,
      poolHash: r.pool_hash,
      frozenAt: r.frozen_at == null ? null : Number(r.frozen_at),
      commitment: r.commitment,
      committedAt: r.committed_at == null ? null : Number(r.committed_at),
      drawAt: r.draw_at == null ? null : Number(r.draw_at),
      seed: r.seed,
      drawnAt: r.drawn_at == null ? null : Number(r.drawn_at),
      publishedAt: r.published_at == null ? null : Number(r.published_at),
    };
  }

  private async nodeNames(paths: string[]): Promise<Map<string, string>> {
    const rows = await this.nodes.byPaths([...new Set(paths)]);
    return new Map(rows.map((n) => [n.path, n.name]));
  }

  /** A round the caller runs (supervision.manage on its node); anyone else gets 404. */
  private async managedRound(actor: Actor, id: number): Promise<RoundRow> {
    const row = await this.repo.round(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'supervision.manage', row.node_path);
    return row;
  }

  async createRound(actor: Actor, body: RoundBody): Promise<Round> {
    const node = await this.nodes.findById(body.nodeId);
    if (!node) throw notFound();
    assertPathAccess(actor, 'supervision.manage', node.path);
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const rid = await this.repo.insertRound(
        {
          node_id: node.id,
          node_path: node.path,
          title: body.title,
          target_kind: body.targetKind,
          sample: body.sample,
          per_target: body.perTarget,
          unannounced: body.unannounced ? 1 : 0,
          visits_from: body.visitsFrom,
          lead_user_id: body.leadUserId,
          status: 'planning',
          list_count: 0,
          list_hash: null,
          pool_count: 0,
          pool_hash: null,
          frozen_at: null,
          commitment: null,
          seed_secret: null,
          committed_at: null,
          draw_at: null,
          seed: null,
          drawn_at: null,
          draw_result: null,
          published_at: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'supervision.round-created',
        { type: 'sup-round', id: rid, path: node.path },
        { title: body.title, targetKind: body.targetKind, sample: body.sample, perTarget: body.perTarget },
      );
      return rid;
    });
    return this.round(actor, id);
  }

  async round(actor: Actor, id: number): Promise<Round> {
    const row = await this.repo.round(id);
    if (!row) throw notFound();
    const mine = (await this.repo.roundsLedOrInspectedBy(actor.id)).some((r) => Number(r.id) === id);
    if (!mine) assertPathAccess(actor, 'supervision.manage', row.node_path);
    const names = await this.nodeNames([row.node_path]);
    return this.toRound(row, names.get(row.node_path) ?? '');
  }

  /** The rounds the caller runs, plus those they inspect in or lead. */
  async rounds(actor: Actor): Promise<Round[]> {
    const managed = await this.repo.rounds(scopePaths(actor, 'supervision.manage'));
    const own = await this.repo.roundsLedOrInspectedBy(actor.id);
    const byId = new Map([...own, ...managed].map((r) => [Number(r.id), r]));
    const rows = [...byId.values()].sort((a, b) => Number(b.id) - Number(a.id));
    const names = await this.nodeNames(rows.map((r) => r.node_path));
    return rows.map((r) => this.toRound(r, names.get(r.node_path) ?? ''));
  }

  /** Every grant of these users anywhere in the tree `root` (their recusals may sit above the round). */
  private async grantsByUser(userIds: number[], root: string) {
    const grants = await this.users.grantsOf(userIds, [root]);
    const byUser = new Map<number, Array<{ role: string; path: string }>>();
    for (const g of grants) {
      const list = byUser.get(Number(g.user_id)) ?? [];
      list.push({ role: g.role, path: g.node_path });
      byUser.set(Number(g.user_id), list);
    }
    return byUser;
  }

  async setPool(
    actor: Actor,
    id: number,
    members: Array<{ userId: number; recuseNodeIds: number[] }>,
  ): Promise<Round> {
    const row = await this.managedRound(actor, id);
    if (row.status !== 'planning') throw conflict('SUPERVISION_ROUND_FROZEN');
    const unique = [...new Map(members.map((m) => [m.userId, m])).values()];
    const grants = await this.grantsByUser(
      unique.map((m) => m.userId),
      rootOf(row.node_path),
    );
    for (const m of unique) {
      if (!(grants.get(m.userId) ?? []).some((g) => g.role === 'inspector'))
        throw badRequest('SUPERVISION_NOT_INSPECTOR', 'members', { userId: m.userId });
    }
    await inTransaction(this.ctx.db, async (trx) => {
      const still = await this.repo.updateRound(
        id,
        ['planning'],
        { pool_count: unique.length, updated_at: Date.now() },
        trx,
      );
      if (!still) throw conflict('SUPERVISION_ROUND_FROZEN');
      await this.repo.replacePool(id, unique, trx);
      await this.audited(
        trx,
        actor,
        'supervision.pool-set',
        { type: 'sup-round', id, path: row.node_path },
        {
          members: unique.map((m) => m.userId),
          recusals: unique.filter((m) => m.recuseNodeIds.length).length,
        },
      );
    });
    return this.round(actor, id);
  }

  /** The targets of a round's kind under its node, in the canonical (byte) order of their keys. */
  private async listTargets(row: RoundRow) {
    const kind = row.target_kind as TargetKind;
    let items: Array<{ key: string; type: string; id: number; path: string; label: string }>;
    if (kind === 'enterprise') {
      const rows = await enterprisesService(this.ctx).repo.listEnterprises(
        (c) => pathInScope(c, [row.node_path]),
        undefined,
        1_000_000,
      );
      items = rows.map((e) => ({
        key: `enterprise:${Number(e.id)}`,
        type: 'enterprise',
        id: Number(e.id),
        path: e.node_path,
        label: e.name,
      }));
    } else if (kind === 'shop') {
      const rows = await this.shops.shopsInScope([row.node_path]);
      items = rows.map((shop) => ({
        key: `shop:${Number(shop.id)}`,
        type: 'shop',
        id: Number(shop.id),
        path: shop.node_path,
        label: shop.name,
      }));
    } else {
      const rows = await this.nodes.ofKindUnder(kind, row.node_path);
      items = rows.map((n) => ({
        key: `node:${n.code}`,
        type: 'node',
        id: Number(n.id),
        path: n.path,
        label: n.name,
      }));
    }
    return items.sort((a, b) => compareKeys(a.path, b.path) || compareKeys(a.key, b.key));
  }

  /**
   * Freezes the target list and the pool at this moment: the list, each member's recusals (the
   * subtrees of every non-inspector grant they hold, the responsibility areas (包联) they hold
   * now, plus this round's explicit ones) and both hashes. Nothing of either changes afterwards.
   */
  async freeze(actor: Actor, id: number): Promise<Round> {
    const row = await this.managedRound(actor, id);
    if (row.status !== 'planning') throw conflict('SUPERVISION_ROUND_FROZEN');
    const targets = await this.listTargets(row);
    if (targets.length === 0) throw badRequest('SUPERVISION_EMPTY_LIST');
    const pool = await this.repo.pool(id);
    if (pool.length < row.per_target)
      throw badRequest('SUPERVISION_POOL_TOO_SMALL', undefined, { min: row.per_target });
    const grants = await this.grantsByUser(
      pool.map((p) => Number(p.user_id)),
      rootOf(row.node_path),
    );
    const areas = await this.areas.heldPaths(
      pool.map((p) => Number(p.user_id)),
      Date.now(),
    );
    const explicitIds = [...new Set(pool.flatMap((p) => json<number[]>(p.recuse_node_ids, [])))];
    const explicit = new Map(
      (await this.nodes.findByIds(explicitIds)).map((n) => [Number(n.id), n.path] as const),
    );
    const members = pool.map((p) => {
      const own = (grants.get(Number(p.user_id)) ?? [])
        .filter((g) => g.role !== 'inspector')
        .map((g) => g.path);
      const extra = json<number[]>(p.recuse_node_ids, []).flatMap((n) => explicit.get(n) ?? []);
      return {
        userId: Number(p.user_id),
        position: p.position,
        recuse: [...new Set([...own, ...(areas.get(Number(p.user_id)) ?? []), ...extra])].sort(),
      };
    });
    const listHash = nativeHex(targetListText(targets));
    const poolHash = sha256Hex(
      poolText(members.map((m) => ({ key: `P${m.position + 1}`, recuse: m.recuse }))),
    );
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.updateRound(
        id,
        ['planning'],
        {
          status: 'frozen',
          list_count: targets.length,
          list_hash: listHash,
          pool_count: members.length,
          pool_hash: poolHash,
          frozen_at: now,
          updated_at: now,
        },
        trx,
      );
      if (!moved) throw conflict('SUPERVISION_ROUND_FROZEN');
      await this.repo.insertTargets(
        targets.map((t, position) => ({
          round_id: id,
          position,
          target_key: t.key,
          target_type: t.type,
          target_id: t.id,
          node_path: t.path,
          label: t.label,
        })),
        trx,
      );
      for (const m of members) await this.repo.setRecusePaths(id, m.userId, m.recuse, trx);
      await this.audited(
        trx,
        actor,
        'supervision.round-frozen',
        { type: 'sup-round', id, path: row.node_path },
        { listCount: targets.length, listHash, poolCount: members.length, poolHash },
      );
    });
    return this.round(actor, id);
  }

  /** Publishes the commitment (SHA-256 of the seed) and the earliest draw time, before any draw. */
  async commit(actor: Actor, id: number, body: { commitment?: string; drawAt: number }): Promise<Round> {
    const row = await this.managedRound(actor, id);
    if (row.status === 'planning') throw conflict('SUPERVISION_NOT_FROZEN');
    if (row.status !== 'frozen') throw conflict('SUPERVISION_ALREADY_COMMITTED');
    const now = Date.now();
    if (body.drawAt < now - 60_000) throw badRequest('SUPERVISION_DRAW_AT_PAST', 'drawAt');
    const secret = body.commitment ? null : randomBytes(16).toString('hex');
    const commitment = body.commitment ?? sha256Hex(secret!);
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.updateRound(
        id,
        ['frozen'],
        {
          status: 'committed',
          commitment,
          seed_secret: secret,
          committed_at: now,
          draw_at: body.drawAt,
          updated_at: now,
        },
        trx,
      );
      if (!moved) throw conflict('SUPERVISION_ALREADY_COMMITTED');
      await this.audited(
        trx,
        actor,
        'supervision.round-committed',
        { type: 'sup-round', id, path: row.node_path },
        { commitment, drawAt: body.drawAt, listHash: row.list_hash, poolHash: row.pool_hash },
        { permission: 'supervision.manage', payload: { roundId: id, title: row.title } },
      );
    });
    return this.round(actor, id);
  }

  /** The frozen inputs as stored now, with their hashes recomputed (a changed row shows). */
  private async frozenInputs(row: RoundRow) {
    const [targetRows, poolRows] = await Promise.all([
      this.repo.targetKeys(Number(row.id)),
      this.repo.pool(Number(row.id)),
    ]);
    const targets: DrawTarget[] = targetRows.map((t) => ({ key: t.target_key, path: t.node_path }));
    const pool = poolRows.map(poolMember);
    return {
      targetRows,
      poolRows,
      targets,
      pool,
      listOk: nativeHex(targetListText(targets)) === row.list_hash,
      poolOk: nativeHex(poolText(pool)) === row.pool_hash,
    };
  }

  async draw(actor: Actor, id: number, body: { seed?: string }): Promise<Round> {
    const row = await this.managedRound(actor, id);
    if (row.status === 'planning' || row.status === 'frozen') throw conflict('SUPERVISION_NOT_COMMITTED');
    if (row.status !== 'committed') throw conflict('SUPERVISION_ALREADY_DRAWN');
    const now = Date.now();
    if (now < Number(row.draw_at)) throw conflict('SUPERVISION_DRAW_TOO_EARLY', { at: row.draw_at });
    const seed = body.seed ?? row.seed_secret;
    if (!seed) throw badRequest('SUPERVISION_SEED_REQUIRED', 'seed');
    if (sha256Hex(seed) !== row.commitment) throw badRequest('SUPERVISION_SEED_MISMATCH', 'seed');
    const inputs = await this.frozenInputs(row);
    if (!inputs.listOk || !inputs.poolOk) throw conflict('SUPERVISION_LIST_CHANGED');
    const result = drawRound(
      { targets: inputs.targets, pool: inputs.pool, seed, sample: row.sample, perTarget: row.per_target },
      nativeSha256,
    );
    const picked = await this.repo.targetsAt(
      id,
      result.picks.map((p) => p.target),
    );
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.updateRound(
        id,
        ['committed'],
        {
          status: 'drawn',
          seed,
          seed_secret: null,
          drawn_at: now,
          draw_result: JSON.stringify(result.picks),
          updated_at: now,
        },
        trx,
      );
      if (!moved) throw conflict('SUPERVISION_ALREADY_DRAWN');
      const rows = result.picks.map((pick) => {
        const t = picked.get(pick.target)!;
        return {
          visit: {
            round_id: id,
            target_position: pick.target,
            target_type: t.target_type,
            target_id: t.target_id,
            node_path: t.node_path,
            label: t.label,
            unannounced: row.unannounced,
            planned_for: Number(row.visits_from),
            started_at: null,
            finished_at: null,
            created_at: now,
          },
          inspectors: pick.inspectors.map((i) => Number(inputs.poolRows[i]!.user_id)),
        };
      });
      const visitIds = await this.repo.insertVisits(rows, trx);
      const assigned = new Map<number, number[]>();
      rows.forEach((r, i) => {
        for (const u of r.inspectors) assigned.set(u, [...(assigned.get(u) ?? []), visitIds[i]!]);
      });
      // One audit row at the round's node and no target in it: officials reading the audit of
      // their subtree must not learn of a planned unannounced visit.
      await this.audited(
        trx,
        actor,
        'supervision.round-drawn',
        { type: 'sup-round', id, path: row.node_path },
        { seed, visits: result.picks.length, skipped: result.skipped.length },
        {
          permission: 'supervision.manage',
          payload: { roundId: id, title: row.title, visits: result.picks.length },
        },
      );
      // Personal events: never delivered to webhooks, only to the one inspector.
      await this.ctx.events.appendAll(
        trx,
        [...assigned].map(([userId, visits]) => ({
          type: 'supervision.visits-assigned',
          nodePath: row.node_path,
          actorId: actor.id,
          userId,
          payload: { roundId: id, title: row.title, visits: visits.length },
        })),
      );
    });
    return this.round(actor, id);
  }

  /** Publishes the round's results (and, for an unannounced round, only now its seed). */
  async publish(actor: Actor, id: number): Promise<Round> {
    const row = await this.managedRound(actor, id);
    if (row.status !== 'drawn') throw conflict('SUPERVISION_NOT_DRAWN');
    const results = await this.repo.targetResults(id);
    const findings = results.reduce((s, r) => s + Number(r.findings ?? 0), 0);
    const rectified = results.reduce((s, r) => s + Number(r.rectified ?? 0), 0);
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.updateRound(
        id,
        ['drawn'],
        { status: 'published', published_at: now, updated_at: now },
        trx,
      );
      if (!moved) throw conflict('SUPERVISION_NOT_DRAWN');
      await this.audited(
        trx,
        actor,
        'supervision.results-published',
        { type: 'sup-round', id, path: row.node_path },
        { title: row.title, targets: results.length, findings, rectified },
        { permission: 'events.read' },
      );
    });
    return this.round(actor, id);
  }

  // ---- visits ----

  private async canSeeVisit(
    actor: Actor,
    v: {
      id: number;
      node_path: string;
      unannounced: number;
      started_at: number | null;
      lead_user_id?: number | null;
    },
  ) {
    if (canAccessPath(actor, 'supervision.manage', v.node_path)) return true;
    if (await this.isVisitInspector(actor, v)) return true;
    if (!canAccessPath(actor, 'supervision.read', v.node_path)) return false;
    return v.unannounced === 0 || v.started_at != null;
  }

  private async isVisitInspector(actor: Actor, v: { id: number; lead_user_id?: number | null }) {
    if (v.lead_user_id != null && Number(v.lead_user_id) === actor.id) return true;
    const inspectors = await this.repo.inspectorsOf([Number(v.id)]);
    return inspectors.some((i) => Number(i.user_id) === actor.id);
  }

  private async toVisits(
    actor: Actor,
    rows: Awaited<ReturnType<SupervisionRepository['visits']>>,
  ): Promise<Visit[]> {
    const inspectors = await this.repo.inspectorsOf(rows.map((r) => Number(r.id)));
    const names = new Map(
      (await this.users.namesOf([...new Set(inspectors.map((i) => Number(i.user_id)))])).map((u) => [
        Number(u.id),
        u.name,
      ]),
    );
    return rows.map((r) => {
      const mine = inspectors.filter((i) => Number(i.visit_id) === Number(r.id));
      return {
        id: Number(r.id),
        roundId: Number(r.round_id),
        roundTitle: r.round_title,
        targetKind: r.target_kind as TargetKind,
        targetLabel: r.label,
        nodePath: r.node_path,
        unannounced: r.unannounced === 1,
        plannedFor: Number(r.planned_for),
        startedAt: r.started_at == null ? null : Number(r.started_at),
        finishedAt: r.finished_at == null ? null : Number(r.finished_at),
        inspectors: mine.map((i) => ({ id: Number(i.user_id), name: names.get(Number(i.user_id)) ?? '' })),
        findings: Number(r.finding_count ?? 0),
        mine: mine.some((i) => Number(i.user_id) === actor.id),
      };
    });
  }

  async visits(actor: Actor, q: { roundId?: number; mine?: 'true' | 'false' }): Promise<Visit[]> {
    const rows = await this.repo.visits({
      scopes: scopePaths(actor, 'supervision.read'),
      planned: scopePaths(actor, 'supervision.manage'),
      inspector: actor.id,
      mine: q.mine === 'true',
      ...(q.roundId ? { roundId: q.roundId } : {}),
    });
    return this.toVisits(actor, rows);
  }

  async visit(actor: Actor, id: number): Promise<Visit> {
    const v = await this.repo.visit(id);
    if (!v || !(await this.canSeeVisit(actor, v))) throw notFound();
    const rows = await this.repo.visits({
      scopes: [v.node_path],
      planned: [v.node_path],
      inspector: actor.id,
      mine: false,
      roundId: Number(v.round_id),
    });
    const row = rows.find((r) => Number(r.id) === id);
    if (!row) throw notFound();
    return (await this.toVisits(actor, [row]))[0]!;
  }

  /** The visit's inspectors (or the group lead) only: anyone else who may see it gets 403, others 404. */
  private async inspectedVisit(actor: Actor, id: number) {
    const v = await this.repo.visit(id);
    if (!v || !(await this.canSeeVisit(actor, v))) throw notFound();
    if (!hasPermission(actor, 'supervision.inspect') || !(await this.isVisitInspector(actor, v)))
      throw new AppError('SUPERVISION_NOT_VISIT_INSPECTOR', 403);
    return v;
  }

  private async markStarted(
    trx: Db,
    actor: Actor,
    v: { id: number; node_path: string; label: string; round_id: number },
    at: number,
  ) {
    if (!(await this.repo.startVisit(Number(v.id), at, trx))) return;
    await this.audited(
      trx,
      actor,
      'supervision.visit-started',
      { type: 'sup-visit', id: Number(v.id), path: v.node_path },
      { visitId: Number(v.id), roundId: Number(v.round_id), target: v.label },
      { permission: 'supervision.read' },
    );
  }

  async startVisit(actor: Actor, id: number): Promise<Visit> {
    const v = await this.inspectedVisit(actor, id);
    await inTransaction(this.ctx.db, (trx) => this.markStarted(trx, actor, v, Date.now()));
    return this.visit(actor, id);
  }

  async finishVisit(actor: Actor, id: number): Promise<Visit> {
    const v = await this.inspectedVisit(actor, id);
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.finishVisit(id, Date.now(), trx))) throw conflict('SUPERVISION_VISIT_STATE');
      await this.audited(
        trx,
        actor,
        'supervision.visit-finished',
        { type: 'sup-visit', id, path: v.node_path },
        { visitId: id },
        { permission: 'supervision.read' },
      );
    });
    return this.visit(actor, id);
  }

  // ---- findings and rectification orders ----

  private async closableBy(actor: Actor, f: FindingRow): Promise<boolean> {
    if (!hasPermission(actor, 'supervision.inspect')) return false;
    if (f.reinspector_id != null && Number(f.reinspector_id) === actor.id) return true;
    return this.isVisitInspector(actor, { id: Number(f.visit_id), lead_user_id: f.lead_user_id });
  }

  private async toOrders(actor: Actor, rows: FindingRow[], now = Date.now()): Promise<Order[]> {
    const visits = [...new Set(rows.map((r) => Number(r.visit_id)))];
    const inspectors = await this.repo.inspectorsOf(visits);
    const inspectsVisit = new Set(
      inspectors.filter((i) => Number(i.user_id) === actor.id).map((i) => Number(i.visit_id)),
    );
    const inspector = hasPermission(actor, 'supervision.inspect');
    return rows.map((r) => ({
      id: Number(r.id),
      clientId: r.client_id,
      visitId: Number(r.visit_id),
      roundId: Number(r.round_id),
      roundTitle: r.round_title ?? '',
      targetLabel: r.target_label,
      nodePath: r.node_path,
      item: r.item,
      rule: r.rule,
      severity: r.severity as Severity,
      note: r.note,
      photoIds: json<string[]>(r.photo_ids, []),
      observedAt: Number(r.observed_at),
      status: r.status as Order['status'],
      deadline: Number(r.deadline),
      overdue: r.status === 'open' && Number(r.deadline) < now,
      escalatedAt: r.escalated_at == null ? null : Number(r.escalated_at),
      escalationLevel: Number(r.escalation_level ?? 0),
      answer: r.answer,
      evidenceIds: json<string[]>(r.evidence_ids, []),
      answeredAt: r.answered_at == null ? null : Number(r.answered_at),
      closedAt: r.closed_at == null ? null : Number(r.closed_at),
      closeNote: r.close_note,
      sentBack: r.sent_back,
      reinspectorId: r.reinspector_id == null ? null : Number(r.reinspector_id),
      canClose:
        inspector &&
        r.status === 'answered' &&
        (inspectsVisit.has(Number(r.visit_id)) ||
          Number(r.lead_user_id) === actor.id ||
          Number(r.reinspector_id) === actor.id),
      canAnswer: r.status === 'open' && canAccessPath(actor, 'supervision.rectify', r.node_path),
    }));
  }

  /**
   * Records one finding, once: the device's clientId is the key, a retry with the same content
   * answers with the order already made, other content under the same key is refused.
   */
  async recordFinding(actor: Actor, body: FindingBody): Promise<{ order: Order; replayed: boolean }> {
    const hash = requestHash(body);
    const earlier = await this.repo.findingByClientId(body.clientId);
    if (earlier) return this.replay(actor, earlier, hash);
    const v = await this.inspectedVisit(actor, body.visitId);
    if (!(await this.checklists())[v.target_kind as TargetKind].some((i) => i.key === body.item))
      throw badRequest('SUPERVISION_UNKNOWN_ITEM', 'item');
    const now = Date.now();
    const observedAt = Math.min(body.observedAt ?? now, now);
    const deadline = now + SUPERVISION_RULES.deadlineDays[body.severity] * DAY;
    const id = await inTransaction(this.ctx.db, async (trx) => {
      await this.markStarted(trx, actor, v, observedAt);
      const fid = await this.repo.insertFinding(
        {
          client_id: body.clientId,
          request_hash: hash,
          visit_id: Number(v.id),
          round_id: Number(v.round_id),
          node_path: v.node_path,
          parent_path: parentPath(v.node_path),
          target_label: v.label,
          item: body.item,
          rule: body.rule,
          severity: body.severity,
          note: body.note,
          photo_ids: JSON.stringify(body.photoIds),
          observed_at: observedAt,
          recorded_by: actor.id,
          recorded_at: now,
          status: 'open',
          deadline,
          reminded_at: null,
          escalated_at: null,
          answer: null,
          evidence_ids: '[]',
          answered_at: null,
          answered_by: null,
          closed_at: null,
          closed_by: null,
          close_note: null,
          sent_back: 0,
          reinspector_id: null,
          updated_at: now,
        },
        trx,
      );
      if (fid === null) return null;
      await this.audited(
        trx,
        actor,
        'supervision.finding-recorded',
        { type: 'sup-finding', id: fid, path: v.node_path },
        { visitId: Number(v.id), item: body.item, severity: body.severity, deadline },
        {
          permission: 'supervision.rectify',
          payload: { findingId: fid, target: v.label, severity: body.severity, deadline },
        },
      );
      return fid;
    });
    if (id === null) {
      const raced = await this.repo.findingByClientId(body.clientId);
      if (!raced) throw conflict('IDEMPOTENCY_CONFLICT');
      return this.replay(actor, raced, hash);
    }
    return { order: await this.order(actor, id), replayed: false };
  }

  /**
   * Another module's joint inspection (enterprises' site visit) opens rectification orders here:
   * a visit already made, so it is written as a drawn round of one visit with the reviewer as its
   * inspector, and the orders then run the ordinary answer / close / sweep path. Runs inside the
   * caller's transaction so the visit step and its orders commit together.
   */
  async openJointInspection(trx: Db, input: JointInspection): Promise<number[]> {
    const custom = (await this.repo.settingsLike('checklist:', trx)).find(
      (r) => r.key === 'checklist:enterprise',
    );
    const items: Checklists['enterprise'] = custom ? json(custom.value, []) : CHECKLISTS.enterprise;
    for (const f of input.findings)
      if (!items.some((i) => i.key === f.item)) throw badRequest('SUPERVISION_UNKNOWN_ITEM', 'item');
    const now = Date.now();
    const roundId = await this.repo.insertRound(
      {
        node_id: input.nodeId,
        node_path: input.nodePath,
        title: `联合检查：${input.label}`,
        target_kind: 'enterprise',
        sample: 1,
        per_target: 1,
        unannounced: 0,
        visits_from: now,
        lead_user_id: input.actorId,
        status: 'drawn',
        list_count: 1,
        list_hash: null,
        pool_count: 1,
        pool_hash: null,
        frozen_at: null,
        commitment: null,
        seed_secret: null,
        committed_at: null,
        draw_at: null,
        seed: null,
        drawn_at: now,
        draw_result: null,
        published_at: null,
        created_by: input.actorId,
        created_at: now,
        updated_at: now,
      },
      trx,
    );
    const [visitId] = await this.repo.insertVisits(
      [
        {
          visit: {
            round_id: roundId,
            target_position: 0,
            target_type: 'enterprise',
            target_id: input.targetId,
            node_path: input.nodePath,
            label: input.label,
            unannounced: 0,
            planned_for: now,
            started_at: now,
            finished_at: now,
            created_at: now,
          },
          inspectors: [input.actorId],
        },
      ],
      trx,
    );
    const ids: number[] = [];
    for (const [i, f] of input.findings.entries()) {
      const deadline = now + SUPERVISION_RULES.deadlineDays[f.severity] * DAY;
      const id = await this.repo.insertFinding(
        {
          client_id: `${input.source}:${i}`,
          request_hash: requestHash(f),
          visit_id: visitId!,
          round_id: roundId,
          node_path: input.nodePath,
          parent_path: parentPath(input.nodePath),
          target_label: input.label,
          item: f.item,
          rule: f.rule,
          severity: f.severity,
          note: f.note,
          photo_ids: '[]',
          observed_at: now,
          recorded_by: input.actorId,
          recorded_at: now,
          status: 'open',
          deadline,
          reminded_at: null,
          escalated_at: null,
          answer: null,
          evidence_ids: '[]',
          answered_at: null,
          answered_by: null,
          closed_at: null,
          closed_by: null,
          close_note: null,
          sent_back: 0,
          reinspector_id: null,
          updated_at: now,
        },
        trx,
      );
      if (id === null) throw conflict('IDEMPOTENCY_CONFLICT');
      await this.audited(
        trx,
        { id: input.actorId },
        'supervision.finding-recorded',
        { type: 'sup-finding', id, path: input.nodePath },
        { visitId, item: f.item, severity: f.severity, deadline, source: input.source },
        {
          permission: 'supervision.rectify',
          payload: { findingId: id, target: input.label, severity: f.severity, deadline },
        },
      );
      ids.push(id);
    }
    return ids;
  }

  private async replay(
    actor: Actor,
    earlier: { id: number; request_hash: string; recorded_by: number },
    hash: string,
  ) {
    if (earlier.request_hash !== hash || Number(earlier.recorded_by) !== actor.id)
      throw conflict('IDEMPOTENCY_CONFLICT');
    return { order: await this.order(actor, Number(earlier.id)), replayed: true };
  }

  /** An offline queue's batch: each finding on its own, so one refusal does not hold back the rest. */
  async syncFindings(actor: Actor, findings: FindingBody[], locale: Locale) {
    const orders: Order[] = [];
    const replayed: string[] = [];
    const rejected: Array<{ clientId: string; code: string; message: string }> = [];
    for (const body of findings) {
      try {
        const r = await this.recordFinding(actor, body);
        orders.push(r.order);
        if (r.replayed) replayed.push(body.clientId);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        rejected.push({
          clientId: body.clientId,
          code: err.code,
          message: translate(err.code as MessageCode, locale, err.params),
        });
      }
    }
    return { orders, replayed, rejected };
  }

  private async visibleFinding(actor: Actor, id: number): Promise<FindingRow> {
    const f = await this.repo.finding(id);
    if (!f) throw notFound();
    if (canAccessPath(actor, 'supervision.read', f.node_path)) return f;
    if (await this.closableBy(actor, f)) return f;
    throw notFound();
  }

  async order(actor: Actor, id: number): Promise<Order> {
    const f = await this.visibleFinding(actor, id);
    return (await this.toOrders(actor, [f]))[0]!;
  }

  private async orderScope(actor: Actor, q: { nodeId?: number; mine?: 'true' | 'false' }) {
    let under: string | undefined;
    if (q.nodeId) {
      const node = await this.nodes.findById(q.nodeId);
      if (!node) throw notFound();
      under = node.path;
    }
    const inspector = hasPermission(actor, 'supervision.inspect');
    return {
      ...(q.mine === 'true' ? {} : { scopes: scopePaths(actor, 'supervision.read') }),
      ...(inspector ? { closableBy: actor.id } : {}),
      ...(under ? { under } : {}),
    };
  }

  async orders(actor: Actor, q: OrderQuery): Promise<Order[]> {
    const now = Date.now();
    const rows = await this.repo.orders(
      {
        ...(await this.orderScope(actor, q)),
        ...(q.status ? { status: q.status } : {}),
        ...(q.roundId ? { roundId: q.roundId } : {}),
        now,
      },
      q.limit,
    );
    return this.toOrders(actor, rows, now);
  }

  private async notifyInspectors(
    trx: Db,
    actor: Actor,
    f: FindingRow,
    type: string,
    payload: Record<string, unknown>,
  ) {
    const inspectors = await this.repo.inspectorsOf([Number(f.visit_id)], trx);
    const to = new Set(inspectors.map((i) => Number(i.user_id)));
    if (f.lead_user_id != null) to.add(Number(f.lead_user_id));
    if (f.reinspector_id != null) to.add(Number(f.reinspector_id));
    for (const userId of to) {
      await this.ctx.events.append(trx, { type, nodePath: f.node_path, actorId: actor.id, userId, payload });
    }
  }

  /** The responsible side answers with evidence; only an open order can be answered. */
  async answer(actor: Actor, id: number, body: { answer: string; evidenceIds: string[] }): Promise<Order> {
    const f = await this.visibleFinding(actor, id);
    assertPathAccess(actor, 'supervision.rectify', f.node_path);
    if (f.status === 'closed') throw conflict('SUPERVISION_ORDER_CLOSED');
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.transition(
        id,
        ['open'],
        {
          status: 'answered',
          answer: body.answer,
          evidence_ids: JSON.stringify(body.evidenceIds),
          answered_at: now,
          answered_by: actor.id,
          updated_at: now,
        },
        trx,
      );
      if (!moved) throw conflict('SUPERVISION_ORDER_STATE');
      await this.audited(
        trx,
        actor,
        'supervision.order-answered',
        { type: 'sup-finding', id, path: f.node_path },
        { evidence: body.evidenceIds.length },
      );
      await this.notifyInspectors(trx, actor, f, 'supervision.order-answered', {
        findingId: id,
        target: f.target_label,
      });
    });
    return this.order(actor, id);
  }

  /** Only an inspector of the visit, the group lead or the assigned re-inspector closes, after re-inspection. */
  private async closableFinding(actor: Actor, id: number): Promise<FindingRow> {
    const f = await this.visibleFinding(actor, id);
    if (!(await this.closableBy(actor, f))) throw new AppError('SUPERVISION_ONLY_INSPECTOR', 403);
    if (f.status === 'closed') throw conflict('SUPERVISION_ORDER_CLOSED');
    return f;
  }

  async close(actor: Actor, id: number, note: string): Promise<Order> {
    const f = await this.closableFinding(actor, id);
    await inTransaction(this.ctx.db, (trx) => this.closeIn(trx, actor, f, note, Date.now()));
    return this.order(actor, id);
  }

  private async closeIn(trx: Db, actor: Actor, f: FindingRow, note: string, now: number): Promise<boolean> {
    const id = Number(f.id);
    const moved = await this.repo.transition(
      id,
      ['answered'],
      { status: 'closed', closed_at: now, closed_by: actor.id, close_note: note, updated_at: now },
      trx,
    );
    if (!moved) throw conflict('SUPERVISION_ORDER_STATE');
    await this.audited(
      trx,
      actor,
      'supervision.order-closed',
      { type: 'sup-finding', id, path: f.node_path },
      { note },
      { permission: 'supervision.read', payload: { findingId: id, target: f.target_label } },
    );
    return true;
  }

  async sendBack(actor: Actor, id: number, body: { reason: string; extendDays: number }): Promise<Order> {
    const f = await this.closableFinding(actor, id);
    const now = Date.now();
    const deadline = Math.max(Number(f.deadline), now) + body.extendDays * DAY;
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.transition(
        id,
        ['answered'],
        {
          status: 'open',
          deadline,
          sent_back: f.sent_back + 1,
          reminded_at: null,
          escalation_level: 0,
          updated_at: now,
        },
        trx,
      );
      if (!moved) throw conflict('SUPERVISION_ORDER_STATE');
      await this.audited(
        trx,
        actor,
        'supervision.order-sent-back',
        { type: 'sup-finding', id, path: f.node_path },
        { reason: body.reason, deadline },
        { permission: 'supervision.rectify', payload: { findingId: id, target: f.target_label, deadline } },
      );
    });
    return this.order(actor, id);
  }

  /**
   * One action over every order the filter matches (within what the caller may act on), in one
   * transaction with an audit row per order changed. Orders the action does not apply to are skipped.
   */
  async bulk(actor: Actor, body: BulkBody) {
    const manage = scopePaths(actor, 'supervision.manage');
    const f = body.filter;
    let under: string | undefined;
    if (f.nodeId) {
      const node = await this.nodes.findById(f.nodeId);
      if (!node) throw notFound();
      under = node.path;
    }
    const filter = {
      ...(body.action.kind === 'close' ? { closableBy: actor.id } : { scopes: manage }),
      ...(f.status ? { status: f.status } : {}),
      ...(f.roundId ? { roundId: f.roundId } : {}),
      ...(under ? { under } : {}),
      now: Date.now(),
    };
    if (body.action.kind === 'close' && !hasPermission(actor, 'supervision.inspect'))
      throw new AppError('SUPERVISION_ONLY_INSPECTOR', 403);
    if (body.action.kind !== 'close' && manage.length === 0) throw new AppError('FORBIDDEN', 403);
    if (body.action.kind === 'assign') {
      const g = await this.grantsByUser([body.action.reinspectorId], rootOf(manage[0]!));
      if (!(g.get(body.action.reinspectorId) ?? []).some((x) => x.role === 'inspector'))
        throw badRequest('SUPERVISION_NOT_INSPECTOR', 'action.reinspectorId', {
          userId: body.action.reinspectorId,
        });
    }
    const ids = (await this.repo.orderIds(filter)).map((r) => Number(r.id));
    const rows = await this.repo.findingsByIds(ids);
    const action = body.action;
    const now = Date.now();
    let changed = 0;
    await inTransaction(this.ctx.db, async (trx) => {
      for (const row of rows) {
        if (action.kind === 'close') {
          if (row.status !== 'answered') continue;
          await this.closeIn(trx, actor, row, action.note, now);
          changed += 1;
        } else if (action.kind === 'extend') {
          const deadline = Number(row.deadline) + action.days * DAY;
          if (
            !(await this.repo.transition(
              Number(row.id),
              ['open', 'answered'],
              { deadline, reminded_at: null, escalation_level: 0, updated_at: now },
              trx,
            ))
          )
            continue;
          await this.audited(
            trx,
            actor,
            'supervision.order-extended',
            { type: 'sup-finding', id: Number(row.id), path: row.node_path },
            { days: action.days, reason: action.reason, deadline },
          );
          changed += 1;
        } else {
          if (
            !(await this.repo.transition(
              Number(row.id),
              ['open', 'answered'],
              { reinspector_id: action.reinspectorId, updated_at: now },
              trx,
            ))
          )
            continue;
          await this.audited(
            trx,
            actor,
            'supervision.order-assigned',
            { type: 'sup-finding', id: Number(row.id), path: row.node_path },
            { reinspectorId: action.reinspectorId },
          );
          changed += 1;
        }
      }
      if (action.kind === 'assign' && changed > 0) {
        await this.ctx.events.append(trx, {
          type: 'supervision.reinspections-assigned',
          nodePath: rows[0]!.node_path,
          actorId: actor.id,
          userId: action.reinspectorId,
          payload: { orders: changed },
        });
      }
    });
    return { matched: rows.length, changed, skipped: rows.length - changed };
  }

  // ---- the clock: reminders before the deadline, escalation when overdue ----

  /**
   * One sweep: a reminder to the responsible node for each order due within the reminder window,
   * and escalation up the configured ladder for each overdue one (step i: i levels above the
   * responsible node). Each step is one guarded UPDATE, so a second sweep (another instance, a
   * retry) finds nothing left to do. One event per step lists the nodes it reached.
   */
  async sweep(now = Date.now()) {
    const ladder = await this.escalation();
    return inTransaction(this.ctx.db, async (trx) => {
      const reminded = await this.repo.remindDue(now, SUPERVISION_RULES.remindBeforeMs, trx);
      const raised: Array<{ level: number; paths: string[] }> = [];
      // From the top step down: an order long overdue goes straight to its level, not through each.
      for (let level = ladder.steps.length; level >= 1; level -= 1) {
        const rows = await this.repo.escalateTo(
          level,
          now,
          ladder.steps[level - 1]!.afterHours * 3600_000,
          trx,
        );
        if (rows.length > 0) raised.push({ level, paths: rows.map((r) => ancestorPath(r.node_path, level)) });
      }
      const escalated = raised.reduce((n, r) => n + r.paths.length, 0);
      // The audience rule registered in index.ts delivers each event to whoever holds
      // supervision.rectify on any of the nodes it lists: the level the orders were raised to.
      const touched = reminded[0]?.node_path ?? raised[0]?.paths[0];
      if (!touched) return { reminded: 0, escalated: 0 };
      const root = rootOf(touched);
      const tally = (paths: string[]) => {
        const by: Record<string, number> = {};
        for (const p of paths) by[p] = (by[p] ?? 0) + 1;
        return by;
      };
      if (reminded.length > 0)
        await this.ctx.events.append(trx, {
          type: 'supervision.orders-due',
          nodePath: root,
          permission: 'supervision.manage',
          payload: { orders: reminded.length, nodes: tally(reminded.map((r) => r.node_path)) },
        });
      for (const step of raised)
        await this.ctx.events.append(trx, {
          type: 'supervision.orders-escalated',
          nodePath: root,
          permission: 'supervision.manage',
          payload: { level: step.level, orders: step.paths.length, nodes: tally(step.paths) },
        });
      await this.ctx.audit.record(trx, {
        actorId: null,
        action: 'supervision.sweep',
        entityType: 'sup-sweep',
        entityId: String(now),
        nodePath: root,
        detail: {
          reminded: reminded.length,
          escalated,
          levels: Object.fromEntries(raised.map((r) => [r.level, r.paths.length])),
        },
      });
      return { reminded: reminded.length, escalated };
    });
  }

  // ---- configuration: the escalation ladder and the checklist templates ----

  async escalation(): Promise<EscalationRules> {
    return json<EscalationRules>((await this.repo.setting('escalation'))?.value ?? null, DEFAULT_ESCALATION);
  }

  async setEscalation(actor: Actor, rules: EscalationRules): Promise<EscalationRules> {
    const root = this.configRoot(actor);
    const before = await this.escalation();
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.putSetting('escalation', JSON.stringify(rules), actor.id, Date.now(), trx);
      await this.audited(
        trx,
        actor,
        'supervision.escalation-set',
        { type: 'sup-settings', id: 'escalation', path: root },
        { before, after: rules },
      );
    });
    return rules;
  }

  /** The templates as configured, each kind falling back to the built-in list until edited. */
  async checklists(): Promise<Checklists> {
    const out = { ...CHECKLISTS } as Checklists;
    for (const row of await this.repo.settingsLike('checklist:')) {
      out[row.key.slice('checklist:'.length) as TargetKind] = json(row.value, []);
    }
    return out;
  }

  async setChecklist(actor: Actor, kind: TargetKind, items: Checklists[TargetKind]): Promise<Checklists> {
    const root = this.configRoot(actor);
    const before = (await this.checklists())[kind];
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.putSetting(`checklist:${kind}`, JSON.stringify(items), actor.id, Date.now(), trx);
      await this.audited(
        trx,
        actor,
        'supervision.checklist-set',
        { type: 'sup-settings', id: `checklist:${kind}`, path: root },
        { kind, before: before.map((i) => i.key), after: items.map((i) => i.key) },
      );
    });
    return this.checklists();
  }

  /** The configuration is one for the whole platform: only a manager at a tree's root may change it. */
  private configRoot(actor: Actor): string {
    const root = scopePaths(actor, 'supervision.manage').find((p) => p === rootOf(p));
    if (!root) throw new AppError('FORBIDDEN', 403);
    return root;
  }

  // ---- discipline ----

  async recordDiscipline(
    actor: Actor,
    body: { findingId: number; userId: number; measure: DisciplineMeasure; reason: string },
  ): Promise<Discipline> {
    const f = await this.repo.finding(body.findingId);
    if (!f) throw notFound();
    assertPathAccess(actor, 'supervision.discipline', f.node_path);
    const [user] = await this.users.namesOf([body.userId]);
    if (!user) throw notFound();
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const did = await this.repo.insertDiscipline(
        {
          finding_id: body.findingId,
          node_path: f.node_path,
          user_id: body.userId,
          measure: body.measure,
          reason: body.reason,
          decided_by: actor.id,
          decided_at: now,
        },
        trx,
      );
      // The audit row sits at the tree's root and names no one: officials read the audit of their
      // own subtree, and a discipline record is for the command centre and discipline roles only.
      await this.audited(
        trx,
        actor,
        'supervision.discipline-recorded',
        { type: 'sup-discipline', id: did, path: rootOf(f.node_path) },
        { disciplineId: did, measure: body.measure },
        { permission: 'supervision.discipline', path: f.node_path, payload: { measure: body.measure } },
      );
      return did;
    });
    return (await this.discipline(actor)).find((d) => d.id === id)!;
  }

  /**
   * The officials a discipline decision on this finding can name: those with a grant in the
   * responsible node's subtree. Names only; the discipline role reads no accounts.
   */
  async responsibleOfficials(actor: Actor, findingId: number) {
    const f = await this.repo.finding(findingId);
    if (!f) throw notFound();
    assertPathAccess(actor, 'supervision.discipline', f.node_path);
    const { rows } = await this.users.list({ scopes: [f.node_path], role: 'official' }, 1, 50);
    return rows.map((u) => ({ id: Number(u.id), name: u.name }));
  }

  async discipline(actor: Actor): Promise<Discipline[]> {
    if (!hasPermission(actor, 'supervision.discipline')) throw new AppError('FORBIDDEN', 403);
    const rows = await this.repo.discipline(scopePaths(actor, 'supervision.discipline'));
    const names = new Map(
      (await this.users.namesOf(rows.map((r) => Number(r.user_id)))).map((u) => [Number(u.id), u.name]),
    );
    return rows.map((r) => ({
      id: Number(r.id),
      findingId: Number(r.finding_id),
      nodePath: r.node_path,
      userId: Number(r.user_id),
      userName: names.get(Number(r.user_id)) ?? '',
      measure: r.measure as DisciplineMeasure,
      reason: r.reason,
      decidedAt: Number(r.decided_at),
    }));
  }

  // ---- public: results and the re-run ----

  /** The seed is public once drawn — for an unannounced round only once its results are published. */
  private seedPublic(r: RoundRow): boolean {
    if (r.seed == null) return false;
    return r.unannounced === 0 || r.status === 'published';
  }

  private async publicRound(r: RoundRow): Promise<PublicRound> {
    const names = await this.nodeNames([r.node_path]);
    const showTargets = this.seedPublic(r);
    const results = showTargets ? await this.repo.targetResults(Number(r.id)) : [];
    const places = await this.nodeNames(results.map((t) => parentPath(t.node_path)));
    const findings = results.reduce((s, t) => s + Number(t.findings ?? 0), 0);
    const rectified = results.reduce((s, t) => s + Number(t.rectified ?? 0), 0);
    return {
      id: Number(r.id),
      title: r.title,
      place: names.get(r.node_path) ?? '',
      targetKind: r.target_kind as TargetKind,
      status: r.status as PublicRound['status'],
      listCount: r.list_count,
      listHash: r.list_hash,
      poolHash: r.pool_hash,
      commitment: r.commitment,
      committedAt: r.committed_at == null ? null : Number(r.committed_at),
      drawAt: r.draw_at == null ? null : Number(r.draw_at),
      seed: showTargets ? r.seed : null,
      drawnAt: r.drawn_at == null ? null : Number(r.drawn_at),
      publishedAt: r.published_at == null ? null : Number(r.published_at),
      totals: { targets: results.length, findings, rectified, open: findings - rectified },
      targets: results.map((t) => ({
        label: t.label,
        place: places.get(parentPath(t.node_path)) ?? '',
        visited: t.started_at != null,
        findings: Number(t.findings ?? 0),
        rectified: Number(t.rectified ?? 0),
      })),
    };
  }

  async publicRounds(): Promise<PublicRound[]> {
    const rows = await this.repo.publicRounds();
    const out: PublicRound[] = [];
    for (const r of rows) out.push({ ...(await this.publicRound(r)), targets: [] });
    return out;
  }

  private async committedRound(id: number): Promise<RoundRow> {
    const r = await this.repo.round(id);
    if (!r || r.committed_at == null) throw notFound();
    return r;
  }

  async publicRoundById(id: number): Promise<PublicRound> {
    return this.publicRound(await this.committedRound(id));
  }

  /** What anyone needs to re-run the draw: the frozen list, the pool by pseudonym, the seed once public. */
  async drawInputs(id: number): Promise<DrawInputs> {
    const r = await this.committedRound(id);
    const [targets, poolRows] = await Promise.all([this.repo.targetLabels(id), this.repo.pool(id)]);
    const open = this.seedPublic(r);
    return {
      seed: open ? r.seed : null,
      commitment: r.commitment,
      sample: r.sample,
      perTarget: r.per_target,
      listHash: r.list_hash,
      poolHash: r.pool_hash,
      targets: targets.map((t) => ({ key: t.target_key, path: t.node_path, label: t.label })),
      pool: poolRows.map(poolMember),
      recorded: open ? json<DrawResult['picks']>(r.draw_result, []) : [],
    };
  }

  /** Re-runs the draw from the stored inputs and compares with the commitment, the hashes and the record. */
  async verify(id: number) {
    const r = await this.committedRound(id);
    if (!this.seedPublic(r)) throw conflict('SUPERVISION_SEED_NOT_PUBLIC');
    const inputs = await this.frozenInputs(r);
    const result = drawRound(
      {
        targets: inputs.targets,
        pool: inputs.pool,
        seed: r.seed!,
        sample: r.sample,
        perTarget: r.per_target,
      },
      nativeSha256,
    );
    return {
      commitmentOk: sha256Hex(r.seed!) === r.commitment,
      listHashOk: inputs.listOk,
      poolHashOk: inputs.poolOk,
      drawOk: JSON.stringify(result.picks) === (r.draw_result ?? ''),
      picks: result.picks,
    };
  }

  // ---- files ----

  /** Photos of a visit: its inspectors write; whoever may see the visit reads. */
  async visitFilePath(actor: Actor, ownerId: string, write: boolean): Promise<string | null> {
    if (!/^[1-9]\d{0,15}$/.test(ownerId)) return null;
    const v = await this.repo.visit(Number(ownerId));
    if (!v) return null;
    if (write)
      return hasPermission(actor, 'supervision.inspect') && (await this.isVisitInspector(actor, v))
        ? v.node_path
        : null;
    return (await this.canSeeVisit(actor, v)) ? v.node_path : null;
  }

  /** Evidence of an order: the responsible side writes while it is open; whoever sees the order reads. */
  async orderFilePath(actor: Actor, ownerId: string, write: boolean): Promise<string | null> {
    if (!/^[1-9]\d{0,15}$/.test(ownerId)) return null;
    const f = await this.repo.finding(Number(ownerId));
    if (!f) return null;
    if (write)
      return f.status === 'open' && canAccessPath(actor, 'supervision.rectify', f.node_path)
        ? f.node_path
        : null;
    if (canAccessPath(actor, 'supervision.read', f.node_path) || (await this.closableBy(actor, f)))
      return f.node_path;
    return null;
  }
}
