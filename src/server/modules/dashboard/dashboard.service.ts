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
   * a node where a figure is empty it is empty for every descendant too: written without a query —
   * most figures of most villages on most days.
   */
  async snapshot(day: string, now = Date.now()): Promise<number> {
    const window = dayWindow(day, now);
    const figures = this.ctx.figures.list();
    const nodes = await this.repo.snapshotNodes(SNAPSHOT_DEPTH);
    // Figure by figure: a subtree count that is 0 at a node is 0 at every node below it, and a ratio
    // or median with nothing to measure (null) is null below it too, so those are written without
    // a query. (A ratio of 0 is not empty: a child may have nothing to measure, or also 0.)
    const emptyBelow = new Map<string, boolean[]>();
    const emptyValue = (f: FigureDefinition) => (f.kind === 'ratio' || f.format === 'minutes' ? null : 0);
    const isEmpty = (f: FigureDefinition, v: number | null | undefined) =>
      v === undefined || v === null || (v === 0 && emptyValue(f) === 0);
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
      const parent = emptyBelow.get(path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1));
      const values = await Promise.all(
        figures.map((f, i) => (parent?.[i] ? emptyValue(f) : f.compute(this.ctx.db, path, window))),
      );
      emptyBelow.set(
        path,
        values.map((v, i) => isEmpty(figures[i]!, v)),
      );
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
