import { isWithin } from '../../core/access/index.ts';
import type { EventBus } from '../../core/events/index.ts';

const TTL_MS = 15_000;
const MAX_ENTRIES = 2_000;

interface Entry<T> {
  value: Promise<T>;
  expires: number;
  path: string;
  changedBy: ReadonlySet<string>;
}

/**
 * Whole dashboard pages, assembled once for every official who opens the same node with the same
 * figures (decision 0505): on a warm page a request then costs its session check and the JSON, not
 * the ~20 attention and snapshot queries behind it. An event of a type the page lists in
 * `liveEvents`, anywhere in the node's subtree, drops the page at once, so the next read is fresh
 * (a fever shows up within a second); otherwise an expired page is served while one rebuild runs
 * behind it, so no reader waits for the queries except the first after an event.
 */
export class ViewCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(bus: EventBus) {
    bus.subscribe((events) => {
      for (const event of events) {
        for (const [id, entry] of this.entries) {
          if (entry.changedBy.has(event.type) && isWithin(event.nodePath, entry.path))
            this.entries.delete(id);
        }
      }
    });
  }

  get(
    id: string,
    path: string,
    changedBy: readonly string[],
    now: number,
    build: () => Promise<T>,
  ): Promise<T> {
    const hit = this.entries.get(id);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= MAX_ENTRIES && !hit) this.entries.clear();
    const entry: Entry<T> = { value: build(), expires: now + TTL_MS, path, changedBy: new Set(changedBy) };
    if (hit) {
      // Stale-while-revalidate; the rebuild replaces the page only if no event dropped it meanwhile.
      hit.expires = now + TTL_MS;
      entry.value.then(
        () => {
          if (this.entries.get(id) === hit) this.entries.set(id, entry);
        },
        () => {},
      );
      return hit.value;
    }
    this.entries.set(id, entry);
    entry.value.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}
