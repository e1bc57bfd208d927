import type { Db } from '../../core/db/index.ts';
import { rowToEvent, type StoredEvent } from '../../core/events/index.ts';

export class LiveRepository {
  constructor(private readonly db: Db) {}

  /** Newest first, ids below `beforeId` (all when null): the history a notifications page opens on. */
  async newest(beforeId: number | null, limit: number, trx: Db = this.db): Promise<StoredEvent[]> {
    let query = trx.selectFrom('events').selectAll().orderBy('id', 'desc').limit(limit);
    if (beforeId !== null) query = query.where('id', '<', beforeId);
    return (await query.execute()).map(rowToEvent);
  }
}
