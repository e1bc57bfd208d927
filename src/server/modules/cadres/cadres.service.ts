import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Area,
  type AreaBody,
  type CadreSummary,
  type Coverage,
  DEFAULT_DUTIES,
  type Entry,
  type EntryBody,
  type Group,
  type Ledger,
  type LedgerVerify,
  type Nomination,
  type PublicList,
} from '../../../contracts/cadres.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import {
  type Actor,
  assertPathAccess,
  canAccessPath,
  isWithin,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/index.ts';
import { appendToLedger, type EntryDraft, verifyLedger } from './cadres.ledger.ts';
import type { CadresRepository, LedgerRow } from './cadres.repository.ts';

/** Facts the platform already holds, as a sentence in the cadre's ledger. */
export const PLATFORM_FACTS: Record<
  string,
  (place: string, payload: Record<string, unknown>) => string | null
> = {
  'fieldwork.checked-in': (place) => `在${place}值守签到`,
  'returnees.visit-recorded': (place) => `在${place}完成返乡人员随访`,
  // Answered late is a fact too, but not one of conduct worth a ledger line; only on-time answers count.
  'supervision.rectification-answered': (place, p) =>
    p.onTime === false ? null : `按期答复${place}的整改通知`,
};

type AreaRow = Awaited<ReturnType<CadresRepository['listAreas']>>[number];
type LedgerPageRow = Awaited<ReturnType<CadresRepository['ledgerPage']>>[number];

const toArea = (r: AreaRow): Area => ({
  id: Number(r.id),
  leader: { id: Number(r.leader_id), name: r.leader_name },
  node: { id: Number(r.node_id), name: r.node_name, path: r.node_path, kind: r.node_kind },
  tier: r.tier as Area['tier'],
  duties: JSON.parse(r.duties) as string[],
  startsAt: Number(r.starts_at),
  endsAt: r.ends_at == null ? null : Number(r.ends_at),
});

const toEntry = (r: LedgerRow | LedgerPageRow): Entry => {
  const page = r as Partial<LedgerPageRow>;
  return {
    id: Number(r.id),
    cadreId: Number(r.cadre_id),
    seq: Number(r.seq),
    kind: r.kind as Entry['kind'],
    occurredAt: Number(r.occurred_at),
    path: r.node_path,
    place: r.place,
    content: r.content,
    evidence: JSON.parse(r.evidence) as string[],
    recordedBy: r.recorded_by == null ? null : { id: Number(r.recorded_by), name: page.recorder_name ?? '' },
    groupId: r.group_id == null ? null : Number(r.group_id),
    correctsId: r.corrects_id == null ? null : Number(r.corrects_id),
    correctedBy: page.corrected_by == null ? null : Number(page.corrected_by),
    createdAt: Number(r.created_at),
    hash: r.hash,
  };
};

export class CadresService {
  private map: string | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly repo: CadresRepository,
  ) {}

  private async audited(
    trx: Db,
    actor: Actor,
    action: string,
    entity: { type: string; id: number; path: string },
    detail: Record<string, unknown>,
    permission: Permission = 'cadres.read',
  ) {
    await this.ctx.audit.record(trx, {
      actorId: actor.id,
      action,
      entityType: entity.type,
      entityId: entity.id,
      nodePath: entity.path,
      detail,
    });
    await this.ctx.events.append(trx, {
      type: action,
      nodePath: entity.path,
      actorId: actor.id,
      permission,
      payload: { id: entity.id, ...detail },
    });
  }

  // ---- responsibility areas ----

  async assignArea(actor: Actor, body: AreaBody): Promise<Area> {
    const node = await this.repo.node(body.nodeId);
    if (!node) throw notFound();
    assertPathAccess(actor, 'cadres.manage', node.path);
    if (node.kind !== 'community') throw badRequest('CADRE_AREA_KIND', 'nodeId');
    const leader = await this.repo.user(body.leaderId);
    if (!leader) throw badRequest('CADRE_LEADER_UNKNOWN', 'leaderId');
    const now = Date.now();
    const startsAt = body.startsAt ?? now;
    const endsAt = body.endsAt ?? null;
    if (endsAt != null && endsAt <= startsAt) throw badRequest('CADRE_AREA_PERIOD', 'endsAt');
    const id = await inTransaction(this.ctx.db, async (trx) => {
      if (await this.repo.heldNow(leader.id, node.id, startsAt, trx)) throw conflict('CADRE_AREA_HELD');
      const row = await this.repo.insertArea(
        {
          leader_id: leader.id,
          node_id: node.id,
          node_path: node.path,
          tier: body.tier,
          duties: JSON.stringify(body.duties ?? DEFAULT_DUTIES),
          starts_at: startsAt,
          ends_at: endsAt,
          created_by: actor.id,
          created_at: now,
        },
        trx,
      );
      const areaId = Number(row.id);
      await this.audited(
        trx,
        actor,
        'cadres.area-assigned',
        { type: 'cadre_area', id: areaId, path: node.path },
        { leaderId: leader.id, tier: body.tier },
      );
      return areaId;
    });
    return this.area(actor, id);
  }

  async area(actor: Actor, id: number): Promise<Area> {
    const row = await this.repo.area(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'cadres.read', row.node_path);
    const [full] = (await this.repo.listAreas([row.node_path], {})).filter((a) => Number(a.id) === id);
    if (!full) throw notFound();
    return toArea(full);
  }

  async endArea(actor: Actor, id: number, endsAt = Date.now()): Promise<Area> {
    const row = await this.repo.area(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'cadres.manage', row.node_path);
    if (endsAt <= Number(row.starts_at)) throw badRequest('CADRE_AREA_PERIOD', 'endsAt');
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.endArea(id, endsAt, trx);
      await this.audited(
        trx,
        actor,
        'cadres.area-ended',
        { type: 'cadre_area', id, path: row.node_path },
        { leaderId: Number(row.leader_id), endsAt },
      );
    });
    return this.area(actor, id);
  }

  async areas(
    actor: Actor,
    q: { nodeId?: number | undefined; leaderId?: number | undefined },
  ): Promise<Area[]> {
    let under: string | undefined;
    if (q.nodeId) {
      const node = await this.repo.node(q.nodeId);
      if (!node) throw notFound();
      assertPathAccess(actor, 'cadres.read', node.path);
      under = node.path;
    }
    const rows = await this.repo.listAreas(scopePaths(actor, 'cadres.read'), {
      ...(under ? { under } : {}),
      ...(q.leaderId ? { leaderId: q.leaderId } : {}),
    });
    return rows.map(toArea);
  }

  /** Who holds which village / community under a node, and which have nobody (the map and tree). */
  async coverage(actor: Actor, nodeId?: number): Promise<Coverage> {
    const scopes = scopePaths(actor, 'cadres.read');
    const node = nodeId ? await this.repo.node(nodeId) : await this.rootOf(scopes);
    if (!node) throw notFound();
    assertPathAccess(actor, 'cadres.read', node.path);
    const now = Date.now();
    const [places, areas] = await Promise.all([
      this.repo.places(node.path),
      this.repo.listAreas([node.path], { activeAt: now }),
    ]);
    const byNode = new Map<number, Coverage['towns'][number]['places'][number]['leaders']>();
    for (const a of areas) {
      const list = byNode.get(Number(a.node_id)) ?? [];
      list.push({
        areaId: Number(a.id),
        id: Number(a.leader_id),
        name: a.leader_name,
        tier: a.tier as Area['tier'],
      });
      byNode.set(Number(a.node_id), list);
    }
    const depth = node.path.split('/').filter(Boolean).length;
    const children = await this.repo.childrenOf(node.path, depth);
    const parts = children.map((c) => ({
      id: Number(c.id),
      code: c.code,
      name: c.name,
      path: c.path,
      covered: 0,
      uncovered: 0,
    }));
    const towns = new Map<number, Coverage['towns'][number]>();
    let covered = 0;
    for (const p of places) {
      const leaders = byNode.get(Number(p.id)) ?? [];
      if (leaders.length > 0) covered += 1;
      const part = parts.find((c) => p.path.startsWith(c.path));
      if (part) {
        if (leaders.length > 0) part.covered += 1;
        else part.uncovered += 1;
      }
      const townId = Number(p.town_id);
      const town = towns.get(townId) ?? { id: townId, name: p.town_name, places: [] };
      town.places.push({ id: Number(p.id), name: p.name, kind: p.kind, leaders });
      towns.set(townId, town);
    }
    return {
      node: { id: Number(node.id), name: node.name, path: node.path },
      covered,
      uncovered: places.length - covered,
      parts: parts.map(({ path: _path, ...rest }) => rest),
      towns: [...towns.values()],
    };
  }

  async mapJson(): Promise<string> {
    this.map ??= await readFile(join(process.cwd(), 'data/regions/yingkou.geo.json'), 'utf8');
    return this.map;
  }

  private async rootOf(scopes: string[]) {
    const top = [...scopes].sort((a, b) => a.length - b.length)[0];
    if (!top) throw notFound();
    const row = await this.repo.nodeByPath(top);
    return row ? this.repo.node(Number(row.id)) : undefined;
  }

  // ---- assessment groups ----

  async createGroup(actor: Actor, body: { name: string; nodeId: number }): Promise<Group> {
    const node = await this.repo.node(body.nodeId);
    if (!node) throw notFound();
    assertPathAccess(actor, 'cadres.manage', node.path);
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const row = await this.repo.insertGroup(
        {
          name: body.name,
          node_id: node.id,
          node_path: node.path,
          created_by: actor.id,
          created_at: Date.now(),
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'cadres.group-created',
        { type: 'cadre_group', id: Number(row.id), path: node.path },
        {
          name: body.name,
        },
      );
      return Number(row.id);
    });
    return this.group(actor, id);
  }

  async addMember(
    actor: Actor,
    groupId: number,
    body: { userId: number; role: 'lead' | 'member' },
  ): Promise<Group> {
    const group = await this.repo.group(groupId);
    if (!group) throw notFound();
    assertPathAccess(actor, 'cadres.manage', group.node_path);
    if (!(await this.repo.user(body.userId))) throw badRequest('CADRE_LEADER_UNKNOWN', 'userId');
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.addMember(groupId, body.userId, body.role, Date.now(), trx)))
        throw conflict('CADRE_GROUP_MEMBER_EXISTS');
      await this.audited(
        trx,
        actor,
        'cadres.group-member-added',
        { type: 'cadre_group', id: groupId, path: group.node_path },
        { userId: body.userId, role: body.role },
      );
    });
    return this.group(actor, groupId);
  }

  async group(actor: Actor, id: number): Promise<Group> {
    const group = await this.repo.group(id);
    if (!group) throw notFound();
    const mine = (await this.repo.groupsOf(actor.id)).some((g) => Number(g.id) === id);
    if (!mine) assertPathAccess(actor, 'cadres.read', group.node_path);
    const [full] = await this.groupsOut([group.node_path], (g) => Number(g.id) === id);
    if (!full) throw notFound();
    return full;
  }

  /** Groups in the caller's scope, and the ones they sit on. */
  async groups(actor: Actor): Promise<Group[]> {
    const mine = await this.repo.groupsOf(actor.id);
    const ids = new Set(mine.map((g) => Number(g.id)));
    const scopes = [...scopePaths(actor, 'cadres.read'), ...mine.map((g) => g.node_path)];
    return this.groupsOut(
      scopes,
      (g) => ids.has(Number(g.id)) || canAccessPath(actor, 'cadres.read', g.node_path),
    );
  }

  private async groupsOut(
    scopes: string[],
    keep: (g: { id: number; node_path: string }) => boolean,
  ): Promise<Group[]> {
    const rows = (await this.repo.groups(scopes)).filter(keep);
    const members = await this.repo.members(rows.map((g) => Number(g.id)));
    return rows.map((g) => ({
      id: Number(g.id),
      name: g.name,
      node: { id: Number(g.node_id), name: g.node_name, path: g.node_path },
      members: members
        .filter((m) => Number(m.group_id) === Number(g.id))
        .map((m) => ({ id: Number(m.user_id), name: m.name, role: m.role as 'lead' | 'member' })),
    }));
  }

  // ---- who may read and write a cadre's ledger ----

  /**
   * The cadre themself, a member of an assessment group covering one of their areas, or a holder
   * of cadres.ledger on one of their areas (the command centre). Anyone else gets 404.
   */
  private async readAccess(
    actor: Actor,
    cadreId: number,
    known?: string[],
  ): Promise<'self' | 'group' | 'command'> {
    if (actor.id === cadreId) return 'self';
    const paths = known ?? (await this.repo.areaPaths(cadreId));
    if (paths.some((p) => canAccessPath(actor, 'cadres.ledger', p))) return 'command';
    if (await this.groupCovering(actor.id, paths)) return 'group';
    throw notFound();
  }

  private async groupCovering(userId: number, paths: string[], nodePath?: string) {
    const groups = await this.repo.groupsOf(userId);
    return groups.find(
      (g) =>
        paths.some((p) => isWithin(p, g.node_path)) &&
        (nodePath === undefined || isWithin(nodePath, g.node_path)),
    );
  }

  /** The node path files of a cadre's ledger belong to, if `actor` may add evidence to it. */
  async evidencePath(actor: Actor, cadreId: number, write: boolean): Promise<string | null> {
    const paths = await this.repo.areaPaths(cadreId);
    if (write) {
      const group = await this.groupCovering(actor.id, paths);
      const command = paths.find((p) => canAccessPath(actor, 'cadres.ledger', p));
      if (group) return paths.find((p) => isWithin(p, group.node_path)) ?? null;
      return command ?? null;
    }
    try {
      await this.readAccess(actor, cadreId);
      return paths[0] ?? null;
    } catch {
      return null;
    }
  }

  /** Cadres the caller keeps or reads the ledger of: through their groups and cadres.ledger scope. */
  async cadres(actor: Actor, q: string | undefined): Promise<CadreSummary[]> {
    const groups = await this.repo.groupsOf(actor.id);
    const scopes = [...scopePaths(actor, 'cadres.ledger'), ...groups.map((g) => g.node_path)];
    if (scopes.length === 0) return [];
    const rows = await this.repo.cadresIn(scopes, q);
    const byId = new Map<number, CadreSummary>();
    for (const r of rows) {
      const id = Number(r.id);
      const c = byId.get(id) ?? { id, name: r.name, areas: 0, entries: 0, places: [] };
      if (!c.places.some((p) => p.id === Number(r.node_id))) {
        c.places.push({ id: Number(r.node_id), name: r.node_name });
        c.areas += 1;
      }
      byId.set(id, c);
    }
    const list = [...byId.values()].slice(0, 500);
    const counts = await this.repo.entryCounts(list.map((c) => c.id));
    for (const c of list) c.entries = counts.get(c.id) ?? 0;
    return list;
  }

  async ledger(
    actor: Actor,
    cadreId: number,
    q: { before?: number | undefined; limit: number },
    requestId?: string,
  ): Promise<Ledger> {
    // The page is read often and under load (decision 1313): the cadre and their areas in one
    // round trip, the access check on those areas, then the page, its total and the audit row together.
    const [cadre, areas] = await Promise.all([
      this.repo.user(cadreId),
      this.repo.listAreas(null, { leaderId: cadreId }),
    ]);
    if (!cadre) throw notFound();
    const access = await this.readAccess(actor, cadreId, [...new Set(areas.map((a) => a.node_path))]);
    const [rows, total] = await Promise.all([
      this.repo.ledgerPage(cadreId, q.before, q.limit),
      this.repo.ledgerTotal(cadreId),
      // A ledger is about a person's conduct: every read by someone else leaves a trace.
      access === 'self'
        ? null
        : this.ctx.audit.record(this.ctx.db, {
            actorId: actor.id,
            action: 'cadres.ledger-read',
            entityType: 'cadre',
            entityId: cadreId,
            nodePath: areas[0]?.node_path ?? '/',
            detail: { as: access },
            requestId: requestId ?? null,
          }),
    ]);
    return {
      cadre: { id: Number(cadre.id), name: cadre.name },
      areas: areas.map(toArea),
      entries: rows.map(toEntry),
      total,
    };
  }

  private async checkEvidence(actor: Actor, cadreId: number, ids: string[]) {
    if (ids.length === 0) return;
    const files = new Set(
      (await this.ctx.files.list(actor, 'cadre-ledger', String(cadreId))).map((f) => f.id),
    );
    const missing = ids.findIndex((id) => !files.has(id));
    if (missing >= 0)
      throw new AppError('NOT_FOUND', 404, {}, [
        { field: `evidence.${missing}`, in: 'body', code: 'NOT_FOUND' },
      ]);
  }

  /** An assessment-group member (or the command centre) records what a cadre did. */
  async record(actor: Actor, cadreId: number, body: EntryBody): Promise<Entry> {
    const cadre = await this.repo.user(cadreId);
    if (!cadre) throw notFound();
    const node = await this.repo.node(body.nodeId);
    if (!node) throw notFound();
    const paths = await this.repo.areaPaths(cadreId);
    const group = await this.groupCovering(actor.id, paths, node.path);
    if (!group) {
      await this.readAccess(actor, cadreId);
      if (
        !paths.some((p) => canAccessPath(actor, 'cadres.ledger', p)) ||
        !canAccessPath(actor, 'cadres.ledger', node.path)
      )
        throw new AppError('CADRE_NOT_ASSESSOR', 403);
    }
    await this.checkEvidence(actor, cadreId, body.evidence);
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const draft: EntryDraft = {
        kind: 'record',
        occurred_at: body.occurredAt,
        node_path: node.path,
        place: body.place,
        content: body.content,
        evidence: JSON.stringify(body.evidence),
        recorded_by: actor.id,
        group_id: group ? Number(group.id) : null,
        corrects_id: null,
        source_event_id: null,
      };
      const entry = await appendToLedger(this.repo, trx, cadreId, draft);
      await this.audited(
        trx,
        actor,
        'cadres.ledger-entry',
        { type: 'cadre_ledger', id: entry.id, path: node.path },
        { cadreId, seq: entry.seq, kind: 'record' },
        'cadres.ledger',
      );
      return entry.id;
    });
    return this.entryOut(id);
  }

  /** A correction is a new entry pointing at the old one; the old one stays as it was. */
  async correct(
    actor: Actor,
    entryId: number,
    body: { content: string; evidence: string[] },
  ): Promise<Entry> {
    const old = await this.repo.entry(entryId);
    if (!old) throw notFound();
    const cadreId = Number(old.cadre_id);
    await this.readAccess(actor, cadreId).catch(() => {
      throw notFound();
    });
    const paths = await this.repo.areaPaths(cadreId);
    const group = await this.groupCovering(actor.id, paths, old.node_path);
    if (!group && !canAccessPath(actor, 'cadres.ledger', old.node_path))
      throw new AppError('CADRE_NOT_ASSESSOR', 403);
    await this.checkEvidence(actor, cadreId, body.evidence);
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const draft: EntryDraft = {
        kind: 'correction',
        occurred_at: Number(old.occurred_at),
        node_path: old.node_path,
        place: old.place,
        content: body.content,
        evidence: JSON.stringify(body.evidence),
        recorded_by: actor.id,
        group_id: group ? Number(group.id) : null,
        corrects_id: entryId,
        source_event_id: null,
      };
      // Checked under the chain lock: two correctors of one entry, one correction.
      await this.repo.lockHead(cadreId, trx);
      if (await this.repo.correctionOf(entryId, trx)) throw conflict('CADRE_ENTRY_CORRECTED');
      const entry = await appendToLedger(this.repo, trx, cadreId, draft);
      await this.audited(
        trx,
        actor,
        'cadres.ledger-entry',
        { type: 'cadre_ledger', id: entry.id, path: old.node_path },
        { cadreId, seq: entry.seq, kind: 'correction', corrects: entryId },
        'cadres.ledger',
      );
      return entry.id;
    });
    return this.entryOut(id);
  }

  private async entryOut(id: number): Promise<Entry> {
    const row = await this.repo.entry(id);
    if (!row) throw notFound();
    return toEntry(row);
  }

  /** The consumer of other modules' events: a fact about a sitting leader becomes a ledger line. */
  async fromEvent(trx: Db, event: StoredEvent): Promise<void> {
    const phrase = PLATFORM_FACTS[event.type];
    if (!phrase || event.actorId == null) return;
    if (!(await this.repo.isLeaderAt(event.actorId, event.createdAt, trx))) return;
    const place = (await this.repo.nodeByPath(event.nodePath, trx))?.name ?? '';
    const content = phrase(place, event.payload);
    if (!content) return;
    await this.repo.lockHead(event.actorId, trx);
    if (await this.repo.entryBySource(event.id, trx)) return;
    await appendToLedger(this.repo, trx, event.actorId, {
      kind: 'platform',
      occurred_at: event.createdAt,
      node_path: event.nodePath,
      place,
      content,
      evidence: '[]',
      recorded_by: null,
      group_id: null,
      corrects_id: null,
      source_event_id: event.id,
    });
  }

  async verify(actor: Actor | null, cadreId?: number): Promise<LedgerVerify> {
    if (actor && cadreId != null) await this.readAccess(actor, cadreId);
    return verifyLedger(this.repo, cadreId);
  }

  // ---- outstanding cadres ----

  async nominate(
    actor: Actor,
    body: { cadreId: number; reason: string; evidence: number[] },
  ): Promise<Nomination> {
    const paths = await this.repo.areaPaths(body.cadreId);
    const path = paths.find((p) => canAccessPath(actor, 'cadres.ledger', p));
    if (!path) throw notFound();
    const entries = await this.repo.entriesByIds(body.evidence);
    if (
      entries.length !== new Set(body.evidence).size ||
      entries.some((e) => Number(e.cadre_id) !== body.cadreId)
    )
      throw badRequest('CADRE_EVIDENCE_UNKNOWN', 'evidence');
    const id = await inTransaction(this.ctx.db, async (trx) => {
      if (await this.repo.openNomination(body.cadreId, trx)) throw conflict('CADRE_NOMINATION_OPEN');
      const row = await this.repo.insertNomination(
        {
          cadre_id: body.cadreId,
          node_path: path,
          reason: body.reason,
          evidence: JSON.stringify(body.evidence),
          status: 'nominated',
          nominated_by: actor.id,
          nominated_at: Date.now(),
          decided_by: null,
          decided_at: null,
          list_id: null,
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'cadres.nominated',
        { type: 'cadre_nomination', id: Number(row.id), path },
        { cadreId: body.cadreId },
        'cadres.ledger',
      );
      return Number(row.id);
    });
    return this.nomination(actor, id);
  }

  async decide(actor: Actor, id: number, approve: boolean): Promise<Nomination> {
    const row = await this.repo.nomination(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'cadres.approve', row.node_path);
    const status = approve ? 'approved' : 'rejected';
    await inTransaction(this.ctx.db, async (trx) => {
      const moved = await this.repo.setNominationStatus(
        id,
        'nominated',
        { status, decided_by: actor.id, decided_at: Date.now() },
        trx,
      );
      if (!moved) throw conflict('CADRE_NOMINATION_STATE');
      await this.audited(
        trx,
        actor,
        `cadres.nomination-${status}`,
        { type: 'cadre_nomination', id, path: row.node_path },
        { cadreId: Number(row.cadre_id) },
        'cadres.ledger',
      );
    });
    return this.nomination(actor, id);
  }

  async addPress(actor: Actor, id: number, body: { title: string; url: string }): Promise<Nomination> {
    const row = await this.repo.nomination(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'cadres.approve', row.node_path);
    await inTransaction(this.ctx.db, async (trx) => {
      const press = await this.repo.insertPress(
        { nomination_id: id, title: body.title, url: body.url, created_by: actor.id, created_at: Date.now() },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'cadres.press-linked',
        { type: 'cadre_nomination', id, path: row.node_path },
        { pressId: Number(press.id), url: body.url },
        'cadres.ledger',
      );
    });
    return this.nomination(actor, id);
  }

  async nomination(actor: Actor, id: number): Promise<Nomination> {
    const row = await this.repo.nomination(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'cadres.ledger', row.node_path);
    const [out] = (await this.nominationsOut([row.node_path], undefined)).filter((n) => n.id === id);
    if (!out) throw notFound();
    return out;
  }

  nominations(actor: Actor, status?: string): Promise<Nomination[]> {
    return this.nominationsOut(scopePaths(actor, 'cadres.ledger'), status);
  }

  private async nominationsOut(scopes: string[], status: string | undefined): Promise<Nomination[]> {
    const rows = await this.repo.nominations(scopes, status);
    const press = await this.repo.press(rows.map((r) => Number(r.id)));
    return rows.map((r) => ({
      id: Number(r.id),
      cadre: { id: Number(r.cadre_id), name: r.cadre_name },
      path: r.node_path,
      reason: r.reason,
      evidence: JSON.parse(r.evidence) as number[],
      status: r.status as Nomination['status'],
      nominatedAt: Number(r.nominated_at),
      decidedAt: r.decided_at == null ? null : Number(r.decided_at),
      listId: r.list_id == null ? null : Number(r.list_id),
      press: press
        .filter((p) => Number(p.nomination_id) === Number(r.id))
        .map((p) => ({ id: Number(p.id), title: p.title, url: p.url })),
    }));
  }

  /** Publishes every approved nomination under the caller's node as one named list. */
  async publish(actor: Actor, body: { title: string; nodeId?: number | undefined }): Promise<PublicList> {
    const scopes = scopePaths(actor, 'cadres.approve');
    const node = body.nodeId ? await this.repo.node(body.nodeId) : await this.rootOf(scopes);
    if (!node) throw notFound();
    assertPathAccess(actor, 'cadres.approve', node.path);
    const listId = await inTransaction(this.ctx.db, async (trx) => {
      const approved = await this.repo.approvedIn(node.path, trx);
      if (approved.length === 0) throw conflict('CADRE_NOTHING_TO_PUBLISH');
      const now = Date.now();
      const list = await this.repo.insertList(
        { title: body.title, node_path: node.path, published_by: actor.id, published_at: now },
        trx,
      );
      let published = 0;
      for (const a of approved) {
        if (
          await this.repo.setNominationStatus(
            Number(a.id),
            'approved',
            { status: 'published', list_id: Number(list.id) },
            trx,
          )
        )
          published += 1;
      }
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'cadres.list-published',
        entityType: 'cadre_list',
        entityId: Number(list.id),
        nodePath: node.path,
        detail: { title: body.title, count: published },
      });
      // A published list is public: its event carries the title and the count, never names.
      await this.ctx.events.append(trx, {
        type: 'cadres.list-published',
        nodePath: node.path,
        actorId: actor.id,
        permission: 'cadres.read',
        payload: { id: Number(list.id), title: body.title, count: published },
      });
      return Number(list.id);
    });
    const lists = await this.publicLists();
    const out = lists.find((l) => l.id === listId);
    if (!out) throw notFound();
    return out;
  }

  /** The public page: published lists with names, places and press; nothing from the ledger itself. */
  async publicLists(): Promise<PublicList[]> {
    const lists = await this.repo.lists();
    const members = await this.repo.listMembers(lists.map((l) => Number(l.id)));
    const press = await this.repo.press(members.map((m) => Number(m.id)));
    const places = await this.repo.placesOf([...new Set(members.map((m) => Number(m.cadre_id)))]);
    return lists.map((l) => ({
      id: Number(l.id),
      title: l.title,
      publishedAt: Number(l.published_at),
      cadres: members
        .filter((m) => Number(m.list_id) === Number(l.id))
        .map((m) => ({
          name: m.name,
          places: [
            ...new Set(places.filter((p) => Number(p.leader_id) === Number(m.cadre_id)).map((p) => p.name)),
          ],
          reason: m.reason,
          press: press
            .filter((p) => Number(p.nomination_id) === Number(m.id))
            .map((p) => ({ title: p.title, url: p.url })),
        })),
    }));
  }
}
