import type { CreateGroupBody, Group, GroupChannel, Matrix } from '../../../contracts/alliance.ts';
import {
  type Actor,
  assertMayName,
  isWithin,
  loadInScope,
  requireInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import type { GroupRow, GroupsRepository } from './groups.repository.ts';

export function groupToApi(row: GroupRow): Group {
  return {
    id: row.id,
    nodeId: row.node_id,
    nodeName: row.node_name,
    nodePath: row.node_path,
    name: row.name,
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name,
    memberCount: Number(row.member_count),
    channel: row.channel as GroupChannel,
    webhookHost: row.webhook_url ? new URL(row.webhook_url).host : null,
    createdAt: row.created_at,
  };
}

export class GroupsService {
  constructor(
    private readonly db: Db,
    private readonly repo: GroupsRepository,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {}

  async create(actor: Actor, body: CreateGroupBody, requestId: string): Promise<Group> {
    const node = await loadInScope(actor, 'groups.manage', this.repo.nodeById(body.nodeId));
    // The owner's name is echoed back: only someone the caller may act on can be named (decision 0009).
    await assertMayName(this.db, actor, body.ownerUserId, 'ownerUserId');
    const id = await inTransaction(this.db, async (trx) => {
      const groupId = await this.repo.insert(
        {
          node_id: node.id,
          node_path: node.path,
          name: body.name,
          owner_user_id: body.ownerUserId,
          member_count: body.memberCount,
          channel: body.channel,
          webhook_url: body.channel === 'none' ? null : body.webhookUrl,
          secret: body.channel === 'dingtalk' ? body.secret : null,
          created_by: actor.id,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'group.created',
        entityType: 'group',
        entityId: groupId,
        nodePath: node.path,
        detail: {
          name: body.name,
          ownerUserId: body.ownerUserId,
          channel: body.channel,
          memberCount: body.memberCount,
        },
        requestId,
      });
      await this.events.append(trx, {
        type: 'group.created',
        nodePath: node.path,
        actorId: actor.id,
        permission: 'volunteers.read',
        payload: { id: groupId, name: body.name },
      });
      return groupId;
    });
    const [row] = await this.repo.byIds([id]);
    return groupToApi(row!);
  }

  async remove(actor: Actor, id: number, requestId: string): Promise<void> {
    const row = requireInScope(actor, 'groups.manage', (await this.repo.byIds([id]))[0]);
    await inTransaction(this.db, async (trx) => {
      await this.repo.deactivate(id, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'group.removed',
        entityType: 'group',
        entityId: id,
        nodePath: row.node_path,
        requestId,
      });
    });
  }

  async mine(actor: Actor): Promise<Group[]> {
    return (await this.repo.ownedBy(actor.id)).map(groupToApi);
  }

  /** A node's groups and, per child node, the totals of its whole subtree: the matrix view. */
  async matrix(actor: Actor, nodeId: number | undefined): Promise<Matrix> {
    const scopes = scopePaths(actor, 'volunteers.read');
    if (scopes.length === 0) throw new AppError('FORBIDDEN', 403);
    let node: Awaited<ReturnType<GroupsRepository['nodeById']>>;
    if (nodeId) {
      node = await loadInScope(actor, 'volunteers.read', this.repo.nodeById(nodeId));
    } else {
      const grant = actor.grants.find((g) => g.nodePath === scopes[0]);
      node = await this.repo.nodeById(grant!.nodeId);
    }
    const root = node!;
    const [children, totals, groups] = await Promise.all([
      this.repo.childNodes(root.id),
      this.repo.totalsByNode(root.path),
      this.repo.atNode(root.id),
    ]);
    const rowFor = (n: { id: number; path: string; name: string; kind: string }) => {
      let groupsCount = 0;
      let reach = 0;
      let robots = 0;
      for (const r of totals.rows) {
        if (!isWithin(r.node_path, n.path)) continue;
        groupsCount += r.groups;
        reach += r.reach;
        robots += r.robots;
      }
      const owners = new Set(
        totals.owners.filter((o) => isWithin(o.node_path, n.path)).map((o) => o.owner_user_id),
      );
      return {
        nodeId: n.id,
        nodeName: n.name,
        nodePath: n.path,
        nodeKind: n.kind,
        groups: groupsCount,
        owners: owners.size,
        reach,
        robots,
      };
    };
    return { node: rowFor(root), children: children.map(rowFor), groups: groups.map(groupToApi) };
  }
}
