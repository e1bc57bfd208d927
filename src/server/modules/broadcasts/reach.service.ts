import { KIND_BIT, LEVELS, type Reach, type TeamType, teamTypeBit } from '../../../contracts/alliance.ts';
import type { Locale } from '../../../contracts/common.ts';
import { type Actor, canAccessPath, isWithin, loadInScope } from '../../core/access/index.ts';
import { notFound } from '../../core/errors.ts';
import type { GroupsRepository } from '../groups/index.ts';
import type { MemberCountRow, MemberCounts } from '../volunteers/index.ts';
import { levelOf, TEAM_KINDS } from './audience.ts';
import type { BroadcastRow, BroadcastsRepository } from './broadcasts.repository.ts';
import { reachWorkbook } from './reach-export.ts';

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

/** Figures per exact node path, rolled up on demand into levels and display nodes. */
class Tally {
  private readonly exact = new Map<string, Counts>();

  at(path: string): Counts {
    let c = this.exact.get(path);
    if (!c) {
      c = zero();
      this.exact.set(path, c);
    }
    return c;
  }

  sum(filter: (path: string) => boolean): Counts {
    const total = zero();
    for (const [path, c] of this.exact) {
      if (!filter(path)) continue;
      for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += c[key];
    }
    return total;
  }
}

function reachesMember(row: BroadcastRow, m: MemberCountRow): boolean {
  if ((row.audience & KIND_BIT[m.kind]) === 0) return false;
  if (row.team_mask === 0 || !TEAM_KINDS.has(m.kind)) return true;
  return !!m.team_type && (row.team_mask & teamTypeBit(m.team_type as TeamType)) !== 0;
}

/** Per-minute counts turned into running totals of read and acknowledged. */
function cumulative(
  reads: Array<{ minute: unknown; n: unknown }>,
  acks: Array<{ minute: unknown; n: unknown }>,
): Reach['timeline'] {
  const perMinute = new Map<number, { read: number; acked: number }>();
  for (const r of reads) perMinute.set(Number(r.minute), { read: Number(r.n), acked: 0 });
  for (const r of acks) {
    const e = perMinute.get(Number(r.minute)) ?? { read: 0, acked: 0 };
    e.acked = Number(r.n);
    perMinute.set(Number(r.minute), e);
  }
  let read = 0;
  let acked = 0;
  return [...perMinute.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([minute, e]) => {
      read += e.read;
      acked += e.acked;
      return { minute, read, acked };
    });
}

/** How far a broadcast went: targeted, delivered, read, acknowledged and relayed, by level and node. */
export class ReachService {
  constructor(
    private readonly repo: BroadcastsRepository,
    private readonly groups: GroupsRepository,
    private readonly counts: MemberCounts,
  ) {}

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

    const tally = new Tally();
    for (const m of memberRows) if (reachesMember(row, m)) tally.at(m.node_path).targeted += m.members;
    for (const r of receiptRows) {
      const c = tally.at(r.node_path);
      c.delivered += Number(r.delivered);
      c.read += Number(r.read);
      c.acked += Number(r.acked);
    }
    const relayLatencies: number[][] = [[], [], [], []];
    if ((row.audience & KIND_BIT.resident) !== 0) {
      const relayedAt = new Map(relayRows.map((r) => [r.group_id, r.relayed_at]));
      for (const g of groupRows) {
        const c = tally.at(g.node_path);
        c.groups += 1;
        const when = relayedAt.get(g.id);
        if (when === undefined) continue;
        c.relayed += 1;
        c.groupReach += Number(g.member_count);
        relayLatencies[levelOf(g.node_path)]!.push(when - publishedAt);
      }
    }

    const display = nodeId
      ? await this.childrenOnTheWay(actor, nodeId, paths)
      : targetRows.map((t) => ({ id: t.node_id, path: t.node_path, name: t.node_name }));
    return {
      broadcastId: id,
      publishedAt,
      asOf: Date.now(),
      totals: tally.sum(() => true),
      levels: await this.levels(id, publishedAt, tally, relayLatencies),
      nodes: display.map((n) => ({
        nodeId: n.id,
        nodeName: n.name,
        nodePath: n.path,
        ...tally.sum((p) => isWithin(p, n.path)),
      })),
      timeline: cumulative(readTimeline, ackTimeline),
    };
  }

  async workbook(actor: Actor, id: number, nodeId: number | undefined, locale: Locale) {
    return reachWorkbook(await this.reach(actor, id, nodeId), locale);
  }

  private levels(id: number, publishedAt: number, tally: Tally, relayLatencies: number[][]) {
    return Promise.all(
      LEVELS.map(async (level, index) => {
        const counts = tally.sum((p) => levelOf(p) === index);
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
  }

  /** A drill-down: the node's children that lie on the way to (or inside) a targeted subtree. */
  private async childrenOnTheWay(actor: Actor, nodeId: number, paths: string[]) {
    const node = await this.groups.nodeById(nodeId);
    if (!node || !canAccessPath(actor, 'broadcasts.read-reach', node.path)) throw notFound();
    return (await this.groups.childNodes(node.id)).filter((n) =>
      paths.some((p) => isWithin(n.path, p) || isWithin(p, n.path)),
    );
  }
}
