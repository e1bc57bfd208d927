import type { Permission } from '../../../contracts/permissions.ts';
import type { Db } from '../db/index.ts';
import type { Localised } from './figures.ts';

export interface AttentionItem {
  /** Unique within its source. */
  id: string;
  title: string;
  /** The node the item belongs to, for its place name. */
  nodePath: string;
  at: number;
  /** The web page where it is handled, e.g. '/fevers'. */
  link: string;
}

/** One kind of thing that needs someone's attention: open fevers, unacknowledged orders, … */
export interface AttentionSource {
  key: string;
  label: Localised;
  /** The permission needed on the item's node to see it and to act on it. */
  permission: Permission;
  /** Live event types after which the list may have changed. */
  changedBy?: readonly string[];
  /** Up to `limit` items in the subtree, most urgent first, and how many there are in all. */
  list(
    db: Db,
    nodePath: string,
    now: number,
    limit: number,
  ): Promise<{ items: AttentionItem[]; total: number }>;
}

/** The "what needs attention" sources; modules register theirs from their index.ts. */
export class AttentionRegistry {
  private readonly sources = new Map<string, AttentionSource>();

  register(source: AttentionSource): void {
    if (this.sources.has(source.key)) throw new Error(`attention source ${source.key} registered twice`);
    this.sources.set(source.key, source);
  }

  list(): AttentionSource[] {
    return [...this.sources.values()];
  }
}
