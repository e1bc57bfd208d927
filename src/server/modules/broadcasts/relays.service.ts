import { AUDIENCE_MASK, type BroadcastKind, type InboxItem, KIND_BIT } from '../../../contracts/alliance.ts';
import { type Actor, canAccessPath, isWithin, loadInScope } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { ancestorPaths } from '../../core/events/index.ts';
import { type GroupsRepository, sendToRobot } from '../groups/index.ts';
import type { Audiences } from './audience.ts';
import type { BroadcastsRepository } from './broadcasts.repository.ts';
import { toPlainText } from './markdown.ts';

const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];
const LEASE_MS = 60_000;

const KIND_LABEL: Record<string, string> = {
  release: '【权威发布】',
  knowledge: '【防控知识】',
  refutation: '【辟谣】',
  order: '【政府令】',
  dispatch: '【调度】',
};

/** Copy-ready text for a chat group: kind, title, the rumour refuted, the body without markup. */
export function copyText(row: {
  kind: string;
  title: string;
  body_md: string;
  rumour: string | null;
}): string {
  const rumour = row.rumour ? `\n谣言：${row.rumour}\n` : '';
  return `${KIND_LABEL[row.kind] ?? ''}${row.title}\n${rumour}\n${toPlainText(row.body_md)}`;
}

/** Relays into chat groups: by hand (a group owner's tasks) and by robot (the delivery outbox). */
export class RelaysService {
  constructor(
    private readonly db: Db,
    private readonly repo: BroadcastsRepository,
    private readonly groups: GroupsRepository,
    private readonly audiences: Audiences,
    private readonly audit: AuditLog,
  ) {}

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
      copyText: copyText(c),
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
    const entry = (await this.audiences.published([broadcastId])).get(broadcastId);
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
    const groups = new Map(
      (await this.groups.robotsByIds([...new Set(rows.map((d) => d.group_id))])).map((g) => [g.id, g]),
    );
    return rows.map((d) => ({
      id: d.id,
      groupId: d.group_id,
      groupName: groups.get(d.group_id)?.name ?? '',
      channel: groups.get(d.group_id)?.channel as 'wecom' | 'dingtalk',
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
    const groups = new Map(
      (await this.groups.robotsByIds([...new Set(due.map((d) => d.group_id))])).map((g) => [g.id, g]),
    );
    let delivered = 0;
    const work = due.map(async (d) => {
      const group = groups.get(d.group_id)!;
      if (!(await this.repo.leaseDelivery(d.id, d.next_attempt_at, now + LEASE_MS))) return;
      const channel = group.channel as 'wecom' | 'dingtalk';
      const text = copyText(d).split('\n').slice(1).join('\n');
      const result = await sendToRobot(
        { channel, webhook_url: group.webhook_url, secret: group.secret },
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
              node_path: group.node_path,
              via: channel,
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
