import {
  audienceFromMask,
  audienceMask,
  type Broadcast,
  type BroadcastKind,
  type CreateBroadcastBody,
  KIND_BIT,
  PUBLIC_KINDS,
  type PublicBroadcast,
  teamMaskOf,
  teamTypesFromMask,
} from '../../../contracts/alliance.ts';
import type { Page } from '../../../contracts/common.ts';
import { type Actor, canAccessPath, loadInScope, pathInScope, scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction, withIdempotency } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { EventBus, StoredEvent } from '../../core/events/index.ts';
import type { GroupsRepository } from '../groups/index.ts';
import { commonPath } from '../volunteers/index.ts';
import { type Audiences, membershipFor, type Target } from './audience.ts';
import type { BroadcastRow, BroadcastsRepository } from './broadcasts.repository.ts';
import { renderMarkdown } from './markdown.ts';

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

/** Composing, publishing and reading broadcasts: the sender's side and a member's view of one. */
export class BroadcastsService {
  constructor(
    private readonly db: Db,
    private readonly repo: BroadcastsRepository,
    private readonly groups: GroupsRepository,
    private readonly audiences: Audiences,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {}

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
    return membershipFor(actor, this.audiences.knownTeamBits(actor.id), targets) !== null;
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
      const bits = await this.audiences.teamBits(actor.id);
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
}
