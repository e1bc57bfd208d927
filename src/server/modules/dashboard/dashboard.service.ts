import type { Dashboard } from '../../../contracts/dashboard.ts';
import { TREND_DAYS } from '../../../contracts/dashboard.ts';
import { type Actor, canAccessPath, keepInScope, loadInScope } from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import {
  type AttentionSource,
  addDays,
  beijingDay,
  dayWindow,
  type FigureDefinition,
} from '../../core/figures/index.ts';
import type { DashboardRepository } from './dashboard.repository.ts';
import { FigureCache } from './figure-cache.ts';
import { ViewCache } from './view-cache.ts';

/** Snapshots go down to communities and villages (depth 3): the levels officials drill to. */
export const SNAPSHOT_DEPTH = 3;
const ATTENTION_ITEMS = 5;

type DashboardNode = Dashboard['node'];
/** A page as every official with the same figures sees it; the breadcrumb is cut to each one's scope. */
type View = Omit<Dashboard, 'breadcrumb'> & {
  ancestors: Array<{ id: number; name: string; path: string }>;
};

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DashboardService {
  readonly cache: FigureCache;
  readonly views: ViewCache<View>;

  constructor(
    private readonly ctx: AppContext,
    private readonly repo: DashboardRepository,
  ) {
    this.cache = new FigureCache(ctx.db, ctx.figures, ctx.events);
    this.views = new ViewCache(ctx.events);
  }

  private visibleFigures(actor: Actor, path: string): FigureDefinition[] {
    return this.ctx.figures.list().filter((f) => !f.permission || canAccessPath(actor, f.permission, path));
  }

  async dashboard(actor: Actor, nodeId: number, now = Date.now()): Promise<Dashboard> {
    const node = await loadInScope(actor, 'dashboard.read', this.repo.node(nodeId));
    const figures = this.visibleFigures(actor, node.path);
    const sources = this.ctx.attention.list().filter((s) => canAccessPath(actor, s.permission, node.path));
    const day = beijingDay(now);
    const changedBy = [...new Set([...figures, ...sources].flatMap((x) => x.changedBy ?? []))];
    // Officials with the same figures and attention sources on a node see the same page.
    const id = `${day}|${node.path}|${figures.map((f) => f.key).join(',')}|${sources.map((s) => s.key).join(',')}`;
    const { ancestors, ...view } = await this.views.get(id, node.path, changedBy, now, () =>
      this.build(node, figures, sources, changedBy, now),
    );
    return {
      ...view,
      breadcrumb: keepInScope(actor, 'dashboard.read', ancestors).map((a) => ({ id: a.id, name: a.name })),
    };
  }

  private async build(
    node: DashboardNode,
    figures: FigureDefinition[],
    sources: AttentionSource[],
    liveEvents: string[],
    now: number,
  ): Promise<View> {
    const day = beijingDay(now);
    const window = dayWindow(day, now);
    const from = addDays(day, -(TREND_DAYS - 1));
    const yesterday = addDays(day, -1);

    const [children, ancestors, snapshots, values, lists] = await Promise.all([
      this.repo.children(node.id),
      this.repo.ancestors(node.path),
      this.repo.snapshots([node.path], from, yesterday),
      Promise.all(figures.map((f) => this.cache.value(f, node.path, window))),
      Promise.all(sources.map((s) => s.list(this.ctx.db, node.path, now, ATTENTION_ITEMS))),
    ]);
    const [childValues, names] = await Promise.all([
      Promise.all(children.map((c) => Promise.all(figures.map((f) => this.cache.value(f, c.path, window))))),
      this.repo.namesByPath([...new Set(lists.flatMap((l) => l.items.map((i) => i.nodePath)))]),
    ]);
    const places = new Map(names.map((n) => [n.path, n.name]));

    const days = Array.from({ length: TREND_DAYS }, (_, i) => addDays(from, i));
    const past = new Map(snapshots.map((s) => [`${s.key}|${s.day}`, s.value]));
    const series: Record<string, Array<number | null>> = {};
    figures.forEach((f, i) => {
      series[f.key] = days.map((d) =>
        d === day ? (values[i] ?? null) : (past.get(`${f.key}|${d}`) ?? null),
      );
    });

    return {
      day,
      node,
      ancestors,
      figures: figures.map((f, i) => ({
        key: f.key,
        label: f.label,
        unit: f.unit,
        kind: f.kind,
        format: f.format ?? 'integer',
        value: values[i] ?? null,
        yesterday: past.get(`${f.key}|${yesterday}`) ?? null,
      })),
      children: children.map((c, ci) => ({
        ...c,
        values: Object.fromEntries(figures.map((f, i) => [f.key, childValues[ci]![i] ?? null])),
      })),
      trend: { days, series },
      attention: sources.map((s, i) => ({
        key: s.key,
        label: s.label,
        total: lists[i]!.total,
        items: lists[i]!.items.map((item) => ({
          id: item.id,
          title: item.title,
          place: places.get(item.nodePath) ?? '',
          at: item.at,
          link: item.link,
        })),
      })),
      liveEvents,
    };
  }

  /**
   * Writes every figure of `day` for every node down to SNAPSHOT_DEPTH. Idempotent (an upsert per
   * value), so a retried or repeated run leaves the same rows; yields between nodes so a long run
   * never holds the event loop. Figures are sums over subtrees (the registry's contract), so below
   * a node where every figure is empty every descendant is empty too: those are written as empty
   * without a query — most villages on most days.
   */
  async snapshot(day: string, now = Date.now()): Promise<number> {
    const window = dayWindow(day, now);
    const figures = this.ctx.figures.list();
    const nodes = await this.repo.snapshotNodes(SNAPSHOT_DEPTH);
    const empty = new Set<string>();
    const emptyValue = (f: FigureDefinition) => (f.kind === 'ratio' || f.format === 'minutes' ? null : 0);
    let pending: Array<{
      node_path: string;
      day: string;
      key: string;
      value: number | null;
      computed_at: number;
    }> = [];
    let written = 0;
    const flush = async () => {
      await this.repo.writeSnapshots(pending);
      written += pending.length;
      pending = [];
      await yieldToLoop();
    };
    for (const { path } of nodes) {
      const parent = path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1);
      let values: Array<number | null>;
      if (empty.has(parent)) {
        values = figures.map(emptyValue);
      } else {
        values = await Promise.all(figures.map((f) => f.compute(this.ctx.db, path, window)));
      }
      if (values.every((v) => v === null || v === 0)) empty.add(path);
      const computedAt = Date.now();
      for (const [i, f] of figures.entries()) {
        pending.push({ node_path: path, day, key: f.key, value: values[i] ?? null, computed_at: computedAt });
      }
      if (pending.length >= 1000) await flush();
    }
    await flush();
    // Pages built before hold the old trend and "since yesterday"; they are rebuilt on the next read.
    this.views.clear();
    return written;
  }
}
