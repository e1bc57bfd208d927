import type { Db } from '../../core/db/index.ts';
import { ancestorPaths } from '../../core/events/index.ts';
import type { DashboardTables } from './dashboard.tables.ts';

export interface SnapshotRow {
  node_path: string;
  day: string;
  key: string;
  value: number | null;
}

export class DashboardRepository {
  constructor(private readonly db: Db) {}

  node(id: number) {
    return this.db
      .selectFrom('nodes')
      .select(['id', 'code', 'name', 'kind', 'path'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  children(id: number) {
    return this.db
      .selectFrom('nodes')
      .select(['id', 'code', 'name', 'kind', 'path'])
      .where('parent_id', '=', id)
      .orderBy('code')
      .execute();
  }

  ancestors(path: string) {
    return this.db
      .selectFrom('nodes')
      .select(['id', 'name', 'path', 'depth'])
      .where('path', 'in', ancestorPaths(path))
      .orderBy('depth')
      .execute();
  }

  namesByPath(paths: string[]) {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('nodes').select(['path', 'name']).where('path', 'in', paths).execute();
  }

  /** The nodes whose figures are kept daily: the tree down to communities and villages. */
  snapshotNodes(maxDepth: number) {
    return this.db
      .selectFrom('nodes')
      .select(['path'])
      .where('depth', '<=', maxDepth)
      .orderBy('path')
      .execute();
  }

  async snapshots(paths: string[], from: string, to: string): Promise<SnapshotRow[]> {
    if (paths.length === 0) return [];
    const rows = await this.db
      .withTables<DashboardTables>()
      .selectFrom('figure_snapshots')
      .select(['node_path', 'day', 'key', 'value'])
      .where('node_path', 'in', paths)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute();
    return rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value) }));
  }

  async writeSnapshots(rows: Array<SnapshotRow & { computed_at: number }>, trx: Db = this.db): Promise<void> {
    if (rows.length === 0) return;
    await trx
      .withTables<DashboardTables>()
      .insertInto('figure_snapshots')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['node_path', 'day', 'key']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
}
