import { isWithin } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { EventBus } from '../../core/events/index.ts';
import type { DayWindow, FigureDefinition, FigureRegistry } from '../../core/figures/index.ts';

const TTL_MS = 15_000;
const MAX_ENTRIES = 5_000;

/**
 * Today's live figures, kept briefly: every official's page polls the same subtrees, and a count
 * over 200,000 residents is the same for everyone for a few seconds. An event a figure declares in
 * `changedBy` drops that figure for the event's node and every ancestor at once, so a fever shows
 * up on the next read rather than after the TTL; the TTL bounds staleness for changes without events
 * (an expired value is still served while one refresh runs behind it).
 */
export class FigureCache {
  private readonly entries = new Map<
    string,
    Map<string, { value: Promise<number | null>; expires: number }>
  >();

  constructor(
    private readonly db: Db,
    registry: FigureRegistry,
    bus: EventBus,
  ) {
    bus.subscribe((events) => {
      for (const event of events) {
        for (const figure of registry.list()) {
          if (!figure.changedBy?.includes(event.type)) continue;
          const entries = this.entries.get(figure.key);
          if (!entries) continue;
          for (const id of entries.keys()) {
            if (isWithin(event.nodePath, id.slice(id.indexOf('|') + 1))) entries.delete(id);
          }
        }
      }
    });
  }

  /**
   * The figure's value now. A fresh entry is returned as it is; an expired one is returned too
   * while one recomputation runs behind it (stale-while-revalidate), so only the very first read
   * of a subtree, or the first after an event dropped it, waits for the count.
   */
  value(figure: FigureDefinition, path: string, window: DayWindow): Promise<number | null> {
    let entries = this.entries.get(figure.key);
    if (!entries) {
      entries = new Map();
      this.entries.set(figure.key, entries);
    }
    // Old days' and rarely opened nodes' entries only ever expire; a bound keeps them from piling up.
    if (entries.size > MAX_ENTRIES) entries.clear();
    const id = `${window.day}|${path}`;
    const hit = entries.get(id);
    if (hit && hit.expires > window.now) return hit.value;
    const value = figure.compute(this.db, path, window);
    const store = entries;
    const entry = { value, expires: window.now + TTL_MS };
    if (hit) {
      // Keep serving the old value until the new one is in; a failed refresh keeps the old one.
      hit.expires = window.now + TTL_MS;
      value.then(
        () => {
          if (store.get(id) === hit) store.set(id, entry);
        },
        () => {},
      );
      return hit.value;
    }
    store.set(id, entry);
    value.catch(() => store.delete(id));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
