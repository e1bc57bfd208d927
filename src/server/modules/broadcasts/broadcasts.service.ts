import {
  AUDIENCE_MASK,
  audienceFromMask,
  audienceMask,
  type Broadcast,
  type BroadcastKind,
  type CreateBroadcastBody,
  type InboxItem,
  KIND_BIT,
  LEVELS,
  type MemberKind,
  memberKindOf,
  PUBLIC_KINDS,
  type PublicBroadcast,
  type Reach,
  type TeamType,
  teamMaskOf,
  teamTypeBit,
  teamTypesFromMask,
} from '../../../contracts/alliance.ts';
import type { Page } from '../../../contracts/common.ts';
import {
  type Actor,
  canAccessPath,
  isWithin,
  loadInScope,
  pathInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, GroupCommit, inTransaction, withIdempotency } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { ancestorPaths, type EventBus, type StoredEvent } from '../../core/events/index.ts';
import type { GroupsRepository } from '../groups/index.ts';
import { sendToRobot } from '../groups/index.ts';
import { commonPath, type MemberCounts } from '../volunteers/index.ts';
import type {
  BroadcastRow,
  BroadcastsRepository,
  InboxClause,
  ReceiptInput,
} from './broadcasts.repository.ts';
import { renderMarkdown, toPlainText } from './markdown.ts';

export interface Target {
  path: string;
  audience: number;
  teamMask: number;
}

/** 0 city, 1 county, 2 street, 3 village (and anything hanging below a village). */
export function levelOf(path: string): number {
  return Math.min(path.split('/').length - 2, 3);
}

const TEAM_KINDS: ReadonlySet<MemberKind> = new Set(['volunteer', 'team_leader']);

/**
 * The membership through which a target reaches the actor, if any: a grant whose role is a member
 * kind in the audience, on a node inside a targeted subtree, and — for volunteers and team
 * leaders when team types are set — a team of one of those types.
 */
export function membershipFor(actor: Actor, teamBits: number | undefined, targets: readonly Target[]) {
  for (const grant of actor.grants) {
    const kind = memberKindOf(grant.role);
    if (!kind) continue;
    for (const t of targets) {
      if ((t.audience & KIND_BIT[kind]) === 0 || !isWithin(grant.nodePath, t.path)) continue;
      if (t.teamMask !== 0 && TEAM_KINDS.has(kind) && (t.teamMask & (teamBits ?? 0)) === 0) continue;
      return { path: grant.nodePath, kind };
    }
  }
  return null;
}

const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];
const LEASE_MS = 60_000;
const TARGET_CACHE = 2_000;
const TEAM_BITS_TTL_MS = 60_000;

function toPublicBroadcast(r: {
  id: number;
  kind: string;
  title: string;
  body_html: string;
  rumour: string | null;
  priority: string;
  ack_required: number;
  sender_name: string;
  published_at: number | null;
}): PublicBroadcast {
  return {
    id: r.id,
    kind: r.kind as BroadcastKind,
    title: r.title,
    bodyHtml: r.body_html,
    rumour: r.rumour,
    priority: r.priority as PublicBroadcast['priority'],
    ackRequired: r.ack_required === 1,
    senderName: r.sender_name,
    publishedAt: r.published_at,
  };
}

export class BroadcastsService {
  /** Published broadcasts never change their targets: cached so receipts need no lookup. */
  private readonly targetCache = new Map<number, { targets: Target[]; publishedAt: number }>();
  /** Members' team-type bits, known from their last inbox read; the live audience rule is synchronous. */
  private readonly teamBitsCache = new Map<number, { bits: number; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly repo: BroadcastsRepository,
    private readonly groups: GroupsRepository,
    private readonly counts: MemberCounts,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {}

  /** Receipts arrive in bursts from thousands of members: written in shared transactions. */
  private readonly receipts = new GroupCommit((rows: ReceiptInput[]) =>
    this.repo.upsertReceipts(rows, Date.now()),
  );

  /* ── composing and publishing ── */

  anyPublished(): Promise<boolean> {
    return this.repo.anyPublished();
  }

  async create(
    actor: Actor,
    body: CreateBroadcastBody,
    idempotencyKey: string | undefined,
    requestId: string,
  ): Promise<Broadcast> {
    const nodes = await this.repo.nodesByIds([...new Set(body.targetNodeIds)]);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    if (!scopePaths(actor, 'broadcasts.send').length) throw new AppError('FORBIDDEN', 403);
    const targets = body.targetNodeIds.map((id, index) => {
      const node = byId.get(id);
      if (!node || !canAccessPath(actor, 'broadcasts.send', node.path)) {
        throw new AppError('OUT_OF_SCOPE', 403, {}, [
          { field: `targetNodeIds.${index}`, in: 'body', code: 'OUT_OF_SCOPE' },
        ]);
      }
      return node;
    });
    const unique = [...new Map(targets.map((t) => [t.path, t])).values()];
    const audience = audienceMask(body.audience);
    const teamMask = teamMaskOf(body.teamTypes);
    const { result } = await withIdempotency(this.db, actor.id, idempotencyKey, body, async (trx) => {
      const now = Date.now();
      const id = await this.repo.insert(
        {
          kind: body.kind,
          title: body.title,
          body_md: body.body,
          body_html: renderMarkdown(body.body),
          rumour: body.kind === 'refutation' ? body.rumour : null,
          priority: body.priority,
          ack_required: body.ackRequired ? 1 : 0,
          audience,
          team_mask: teamMask,
          node_path: unique.map((t) => t.path).reduce((a, b) => commonPath(a, b)),
          sender_id: actor.id,
          sender_name: actor.name,
          status: 'draft',
          is_public: PUBLIC_KINDS.includes(body.kind) ? 1 : 0,
          published_at: null,
          created_at: now,
        },
        trx,
      );
      await this.repo.insertTargets(
        unique.map((t) => ({
          broadcast_id: id,
          node_id: t.id,
          node_path: t.path,
          audience,
          team_mask: teamMask,
          published: 0,
        })),
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'broadcast.created',
        entityType: 'broadcast',
        entityId: id,
        nodePath: unique.map((t) => t.path).reduce((a, b) => commonPath(a, b)),
        detail: {
          kind: body.kind,
          title: body.title,
          targets: unique.map((t) => t.path),
          audience: body.audience,
        },
        requestId,
      });
      if (body.publish) await this.publishIn(trx, actor, id, requestId);
      return { id };
    });
    return this.get(actor, result.id);
  }

  async publish(actor: Actor, id: number, requestId: string): Promise<Broadcast> {
    await loadInScope(actor, 'broadcasts.send', this.repo.byId(id));
    await inTransaction(this.db, (trx) => this.publishIn(trx, actor, id, requestId));
    return this.get(actor, id);
  }

  /**
   * Publishing writes a handful of rows whatever the audience size: the status, one outbox row per
   * robot group, the audit row and one event. Inboxes are computed by query (decision 0300).
   */
  private async publishIn(trx: Db, actor: Actor, id: number, requestId: string): Promise<void> {
    const now = Date.now();
    if (!(await this.repo.markPublished(id, now, trx))) throw new AppError('BROADCAST_NOT_DRAFT', 409);
    const row = (await this.repo.byId(id, trx))!;
    const targets = await this.repo.targetsOf([id], trx);
    const paths = targets.map((t) => t.node_path);
    if ((row.audience & KIND_BIT.resident) !== 0) {
      const robots = (await this.groups.under(paths, trx)).filter((g) => g.channel !== 'none');
      await this.repo.insertDeliveries(
        id,
        robots.map((g) => g.id),
        now,
        trx,
      );
    }
    await this.audit.record(trx, {
      actorId: actor.id,
      action: 'broadcast.published',
      entityType: 'broadcast',
      entityId: id,
      nodePath: row.node_path,
      requestId,
    });
    await this.events.append(trx, {
      type: 'broadcast.published',
      nodePath: row.node_path,
      actorId: actor.id,
      payload: {
        id,
        kind: row.kind,
        title: row.title,
        priority: row.priority,
        ackRequired: row.ack_required === 1,
        targets: targets.map((t) => ({ path: t.node_path, audience: t.audience, teamMask: t.team_mask })),
      },
    });
  }

  /** The live stream's rule for broadcast.published: exactly the members the inbox query would show it to. */
  liveAudience = (event: StoredEvent, actor: Actor): boolean => {
    const targets = event.payload.targets as Target[] | undefined;
    if (!targets) return false;
    const cached = this.teamBitsCache.get(actor.id);
    return membershipFor(actor, cached?.bits, targets) !== null;
  };

  private toApi(
    row: BroadcastRow,
    targets: Awaited<ReturnType<BroadcastsRepository['targetsOf']>>,
  ): Broadcast {
    return {
      id: row.id,
      kind: row.kind as BroadcastKind,
      title: row.title,
      body: row.body_md,
      bodyHtml: row.body_html,
      rumour: row.rumour,
      priority: row.priority as Broadcast['priority'],
      ackRequired: row.ack_required === 1,
      senderName: row.sender_name,
      publishedAt: row.published_at,
      status: row.status as Broadcast['status'],
      audience: audienceFromMask(row.audience),
      teamTypes: teamTypesFromMask(row.team_mask),
      targets: targets.map((t) => ({ nodeId: t.node_id, nodeName: t.node_name, nodePath: t.node_path })),
      createdAt: row.created_at,
    };
  }

  /** A broadcast for its sender's side (the sending scope) or for a member it reached. */
  async get(actor: Actor, id: number): Promise<Broadcast> {
    const row = await this.repo.byId(id);
    if (!row) throw notFound();
    const targets = await this.repo.targetsOf([id]);
    const senderSide =
      canAccessPath(actor, 'broadcasts.send', row.node_path) ||
      canAccessPath(actor, 'broadcasts.read-reach', row.node_path);
    if (!senderSide) {
      if (row.status !== 'published') throw notFound();
      const bits = await this.teamBits(actor.id);
      const asTargets = targets.map((t) => ({
        path: t.node_path,
        audience: t.audience,
        teamMask: t.team_mask,
      }));
      if (!membershipFor(actor, bits, asTargets)) throw notFound();
    }
    return this.toApi(row, targets);
  }

  async sent(actor: Actor, page: number, pageSize: number): Promise<Page<Broadcast>> {
    const scopes = scopePaths(actor, 'broadcasts.send');
    const { rows, total } = await this.repo.sent((column) => pathInScope(column, scopes), page, pageSize);
    const targets = await this.repo.targetsOf(rows.map((r) => r.id));
    return {
      items: rows.map((r) =>
        this.toApi(
          r,
          targets.filter((t) => t.broadcast_id === r.id),
        ),
      ),
      total,
      page,
      pageSize,
    };
  }

  /* ── inbox and receipts ── */

  private async teamBits(userId: number): Promise<number> {
    const now = Date.now();
    const cached = this.teamBitsCache.get(userId);
    if (cached && cached.until > now) return cached.bits;
    const types = await this.repo.teamBitsSources(userId);
    const bits = types.filter(Boolean).reduce((mask, t) => mask | teamTypeBit(t as TeamType), 0);
    this.teamBitsCache.set(userId, { bits, until: now + TEAM_BITS_TTL_MS });
    if (this.teamBitsCache.size > 100_000) this.teamBitsCache.delete(this.teamBitsCache.keys().next().value!);
    return bits;
  }

  private clauses(actor: Actor, teamBits: number): InboxClause[] {
    const byKind = new Map<MemberKind, Set<string>>();
    for (const grant of actor.grants) {
      const kind = memberKindOf(grant.role);
      if (!kind) continue;
      const set = byKind.get(kind) ?? new Set<string>();
      for (const path of ancestorPaths(grant.nodePath)) set.add(path);
      byKind.set(kind, set);
    }
    return [...byKind].map(([kind, paths]) => ({
      paths: [...paths],
      kindBit: KIND_BIT[kind],
      teamBits: TEAM_KINDS.has(kind) ? teamBits : null,
    }));
  }

  private async targetsFor(ids: number[]): Promise<Map<number, { targets: Target[]; publishedAt: number }>> {
    const out = new Map<number, { targets: Target[]; publishedAt: number }>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = this.targetCache.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length) {
      const [rows, published] = await Promise.all([
        this.repo.targetsOf(missing),
        Promise.all(missing.map((id) => this.repo.byId(id))),
      ]);
      for (const b of published) {
        if (b?.status !== 'published') continue;
        const entry = {
          targets: rows
            .filter((t) => t.broadcast_id === b.id)
            .map((t) => ({ path: t.node_path, audience: t.audience, teamMask: t.team_mask })),
          publishedAt: b.published_at!,
        };
        out.set(b.id, entry);
        if (this.targetCache.size >= TARGET_CACHE)
          this.targetCache.delete(this.targetCache.keys().next().value!);
        this.targetCache.set(b.id, entry);
      }
    }
    return out;
  }

  async inbox(
    actor: Actor,
    before: number | undefined,
    limit: number,
  ): Promise<{ items: InboxItem[]; unread: number }> {
    const bits = await this.teamBits(actor.id);
    const clauses = this.clauses(actor, bits);
    const [rows, unread] = await Promise.all([
      this.repo.inbox(actor.id, clauses, before, limit),
      this.repo.unreadCount(actor.id, clauses),
    ]);
    const unseen = rows.filter((r) => r.delivered_at === null).map((r) => r.id);
    if (unseen.length) {
      const targets = await this.targetsFor(unseen);
      const delivered = unseen.flatMap((id) => {
        const entry = targets.get(id);
        const via = entry && membershipFor(actor, bits, entry.targets);
        return via ? [{ broadcast_id: id, node_path: via.path, level: levelOf(via.path) }] : [];
      });
      await this.repo.markDelivered(delivered, actor.id, Date.now());
    }
    return {
      unread,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind as BroadcastKind,
        title: r.title,
        bodyHtml: r.body_html,
        rumour: r.rumour,
        priority: r.priority as InboxItem['priority'],
        ackRequired: r.ack_required === 1,
        senderName: r.sender_name,
        publishedAt: r.published_at,
        readAt: r.read_at,
        ackedAt: r.acked_at,
      })),
    };
  }

  /** Marks read (and acknowledged): one statement, the audience checked in memory against cached targets. */
  async receipt(actor: Actor, id: number, ack: boolean) {
    const entry = (await this.targetsFor([id])).get(id);
    if (!entry) throw notFound();
    const needsTeam = entry.targets.some((t) => t.teamMask !== 0);
    const via = membershipFor(actor, needsTeam ? await this.teamBits(actor.id) : 0, entry.targets);
    if (!via) throw notFound();
    const row = await this.receipts.submit({
      broadcast_id: id,
      user_id: actor.id,
      node_path: via.path,
      level: levelOf(via.path),
      ack,
    });
    return { broadcastId: id, readAt: row.read_at, ackedAt: row.acked_at };
  }

  /* ── reach ── */

  async reach(actor: Actor, id: number, nodeId: number | undefined): Promise<Reach> {
    const row = await loadInScope(actor, 'broadcasts.read-reach', this.repo.byId(id));
    if (row.status !== 'published' || row.published_at === null) throw notFound();
    const publishedAt = row.published_at;
    const targetRows = await this.repo.targetsOf([id]);
    const paths = targetRows.map((t) => t.node_path);
    const [memberRows, receiptRows, groupRows, relayRows, readTimeline, ackTimeline] = await Promise.all([
      this.counts.inSubtrees(paths),
      this.repo.receiptsByNode(id),
      this.groups.under(paths),
      this.repo.relaysOf(id),
      this.repo.timeline(id, publishedAt, 'read_at'),
      this.repo.timeline(id, publishedAt, 'acked_at'),
    ]);
    const countsGroups = (row.audience & KIND_BIT.resident) !== 0;

    type Counts = Reach['totals'];
    const zero = (): Counts => ({
      targeted: 0,
      delivered: 0,
      read: 0,
      acked: 0,
      groups: 0,
      relayed: 0,
      groupReach: 0,
    });
    /** Figures per exact node path, rolled up below into levels and display nodes. */
    const exact = new Map<string, Counts>();
    const at = (path: string) => {
      let c = exact.get(path);
      if (!c) {
        c = zero();
        exact.set(path, c);
      }
      return c;
    };
    for (const m of memberRows) {
      if ((row.audience & KIND_BIT[m.kind]) === 0) continue;
      if (
        row.team_mask !== 0 &&
        TEAM_KINDS.has(m.kind) &&
        (!m.team_type || (row.team_mask & teamTypeBit(m.team_type as TeamType)) === 0)
      )
        continue;
      at(m.node_path).targeted += m.members;
    }
    for (const r of receiptRows) {
      const c = at(r.node_path);
      c.delivered += Number(r.delivered);
      c.read += Number(r.read);
      c.acked += Number(r.acked);
    }
    const relayedAt = new Map(relayRows.map((r) => [r.group_id, r.relayed_at]));
    const relayLatencies: number[][] = [[], [], [], []];
    if (countsGroups) {
      for (const g of groupRows) {
        const c = at(g.node_path);
        c.groups += 1;
        const when = relayedAt.get(g.id);
        if (when !== undefined) {
          c.relayed += 1;
          c.groupReach += Number(g.member_count);
          relayLatencies[levelOf(g.node_path)]!.push(when - publishedAt);
        }
      }
    }
    const sum = (filter: (path: string) => boolean): Counts => {
      const total = zero();
      for (const [path, c] of exact) {
        if (!filter(path)) continue;
        for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += c[key];
      }
      return total;
    };

    const levels = await Promise.all(
      LEVELS.map(async (level, index) => {
        const counts = sum((p) => levelOf(p) === index);
        const kth = (share: number) =>
          counts.targeted > 0 && counts.read >= Math.ceil(counts.targeted * share)
            ? this.repo.kthReadAt(id, index, Math.ceil(counts.targeted * share))
            : Promise.resolve(null);
        const [t50, t90] = await Promise.all([kth(0.5), kth(0.9)]);
        const latencies = relayLatencies[index]!.sort((a, b) => a - b);
        return {
          level,
          ...counts,
          msTo50: t50 === null ? null : t50 - publishedAt,
          msTo90: t90 === null ? null : t90 - publishedAt,
          relayLatencyMs: latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)]! : null,
        };
      }),
    );

    let display: Array<{ id: number; path: string; name: string }>;
    if (nodeId) {
      const node = await this.groups.nodeById(nodeId);
      if (!node || !canAccessPath(actor, 'broadcasts.read-reach', node.path)) throw notFound();
      display = (await this.groups.childNodes(node.id)).filter((n) =>
        paths.some((p) => isWithin(n.path, p) || isWithin(p, n.path)),
      );
    } else {
      display = targetRows.map((t) => ({ id: t.node_id, path: t.node_path, name: t.node_name }));
    }

    const cumulative = new Map<number, { read: number; acked: number }>();
    for (const r of readTimeline) cumulative.set(Number(r.minute), { read: Number(r.n), acked: 0 });
    for (const r of ackTimeline) {
      const e = cumulative.get(Number(r.minute)) ?? { read: 0, acked: 0 };
      e.acked = Number(r.n);
      cumulative.set(Number(r.minute), e);
    }
    let runRead = 0;
    let runAcked = 0;
    const timeline = [...cumulative.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([minute, e]) => {
        runRead += e.read;
        runAcked += e.acked;
        return { minute, read: runRead, acked: runAcked };
      });

    return {
      broadcastId: id,
      publishedAt,
      asOf: Date.now(),
      totals: sum(() => true),
      levels,
      nodes: display.map((n) => ({
        nodeId: n.id,
        nodeName: n.name,
        nodePath: n.path,
        ...sum((p) => isWithin(p, n.path)),
      })),
      timeline,
    };
  }

  /* ── public pages ── */

  async publicList(input: {
    kind?: 'release' | 'refutation';
    q?: string;
    page: number;
    pageSize: number;
  }): Promise<Page<PublicBroadcast>> {
    const { rows, total } = await this.repo.publicList(
      input.kind ? [input.kind] : [...PUBLIC_KINDS],
      input.q,
      input.page,
      input.pageSize,
    );
    return {
      items: rows.map(toPublicBroadcast),
      total,
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  /** One public release by id, for a link that can be shared; anything not public answers 404. */
  async publicOne(id: number): Promise<PublicBroadcast> {
    const row = await this.repo.publicOne(id, [...PUBLIC_KINDS]);
    if (!row) throw notFound();
    return toPublicBroadcast(row);
  }

  /* ── group relays ── */

  /** Copy-ready text for a chat group: kind, title, the rumour refuted, the body without markup. */
  static copyText(row: { kind: string; title: string; body_md: string; rumour: string | null }): string {
    const label: Record<string, string> = {
      release: '【权威发布】',
      knowledge: '【防控知识】',
      refutation: '【辟谣】',
      order: '【政府令】',
      dispatch: '【调度】',
    };
    const rumour = row.rumour ? `\n谣言：${row.rumour}\n` : '';
    return `${label[row.kind] ?? ''}${row.title}\n${rumour}\n${toPlainText(row.body_md)}`;
  }

  async relayTasks(actor: Actor) {
    const hand = (await this.groups.ownedBy(actor.id)).filter((g) => g.channel === 'none');
    const paths = [...new Set(hand.flatMap((g) => ancestorPaths(g.node_path)))];
    const candidates = await this.repo.relayCandidates(paths, AUDIENCE_MASK.residents, 200);
    const done = await this.repo.relayedGroups(
      hand.map((g) => g.id),
      [...new Set(candidates.map((c) => c.id))],
    );
    const doneKeys = new Set(done.map((d) => `${d.broadcast_id}:${d.group_id}`));
    const toTask = (c: (typeof candidates)[number], g: (typeof hand)[number]) => ({
      broadcastId: c.id,
      groupId: g.id,
      groupName: g.name,
      title: c.title,
      kind: c.kind as BroadcastKind,
      priority: c.priority as InboxItem['priority'],
      copyText: BroadcastsService.copyText(c),
      publishedAt: c.published_at!,
    });
    const tasks = new Map<string, ReturnType<typeof toTask>>();
    for (const c of candidates) {
      for (const g of hand) {
        const key = `${c.id}:${g.id}`;
        if (!isWithin(g.node_path, c.node_path) || doneKeys.has(key) || tasks.has(key)) continue;
        tasks.set(key, toTask(c, g));
      }
    }
    return [...tasks.values()];
  }

  async markRelayed(actor: Actor, broadcastId: number, groupId: number, requestId: string) {
    const [group] = await this.groups.byIds([groupId]);
    if (!group) throw notFound();
    const owner = group.owner_user_id === actor.id;
    if (!owner && !canAccessPath(actor, 'groups.manage', group.node_path))
      throw new AppError('NOT_GROUP_OWNER', 403);
    const entry = (await this.targetsFor([broadcastId])).get(broadcastId);
    if (
      !entry?.targets.some((t) => isWithin(group.node_path, t.path) && (t.audience & KIND_BIT.resident) !== 0)
    ) {
      throw notFound();
    }
    await inTransaction(this.db, async (trx) => {
      const inserted = await this.repo.insertRelay(
        {
          broadcast_id: broadcastId,
          group_id: groupId,
          node_path: group.node_path,
          via: 'hand',
          relayed_by: actor.id,
          relayed_at: Date.now(),
        },
        trx,
      );
      if (inserted) {
        await this.audit.record(trx, {
          actorId: actor.id,
          action: 'broadcast.relayed',
          entityType: 'broadcast',
          entityId: broadcastId,
          nodePath: group.node_path,
          detail: { groupId },
          requestId,
        });
      }
    });
    return { ok: true as const };
  }

  async deliveries(actor: Actor, id: number) {
    await loadInScope(actor, 'broadcasts.read-reach', this.repo.byId(id));
    const rows = await this.repo.deliveriesOf(id);
    return rows.map((d) => ({
      id: d.id,
      groupId: d.group_id,
      groupName: d.group_name,
      channel: d.channel as 'wecom' | 'dingtalk',
      status: d.status as 'pending' | 'delivered' | 'dead',
      attempts: d.attempts,
      lastStatus: d.last_status,
      lastError: d.last_error,
      updatedAt: d.updated_at,
    }));
  }

  /**
   * One pass of the robot outbox: each due delivery is leased (so a second instance skips it),
   * posted, and then marked delivered (with a relay row) or rescheduled with back-off; after the
   * last delay it is dead and shows so in the delivery log.
   */
  async deliverDue(now = Date.now(), limit = 50): Promise<number> {
    const due = await this.repo.dueDeliveries(now, limit);
    let delivered = 0;
    const work = due.map(async (d) => {
      if (!(await this.repo.leaseDelivery(d.id, d.next_attempt_at, now + LEASE_MS))) return;
      const text = BroadcastsService.copyText(d).split('\n').slice(1).join('\n');
      const result = await sendToRobot(
        { channel: d.channel as 'wecom' | 'dingtalk', webhook_url: d.webhook_url, secret: d.secret },
        d.title,
        text,
        now,
      );
      const attempts = d.attempts + 1;
      if (result.ok) {
        delivered += 1;
        await inTransaction(this.db, async (trx) => {
          await this.repo.finishDelivery(
            d.id,
            {
              status: 'delivered',
              attempts,
              next_attempt_at: null,
              last_status: result.status,
              last_error: null,
            },
            trx,
          );
          await this.repo.insertRelay(
            {
              broadcast_id: d.broadcast_id,
              group_id: d.group_id,
              node_path: d.node_path,
              via: d.channel,
              relayed_by: null,
              relayed_at: Date.now(),
            },
            trx,
          );
        });
        return;
      }
      const delay = RETRY_DELAYS_MS[attempts - 1];
      await this.repo.finishDelivery(d.id, {
        status: delay === undefined ? 'dead' : 'pending',
        attempts,
        next_attempt_at: delay === undefined ? null : now + delay,
        last_status: result.status,
        last_error: result.error,
      });
    });
    await Promise.all(work);
    return delivered;
  }
}
