import { pathInScope } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';

export class RetentionRepository {
  constructor(private readonly db: Db) {}

  node(id: number) {
    return new NodeLookup(this.db).byId(id);
  }

  emergencyEnd(nodeId: number, trx: Db = this.db) {
    return trx.selectFrom('emergency_ends').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
  }

  /** Ends set on nodes inside the scope, and ends set above it (they cover the caller's nodes too). */
  emergencyEnds(scope: readonly string[]) {
    return this.db
      .selectFrom('emergency_ends as e')
      .innerJoin('nodes as n', 'n.id', 'e.node_id')
      .select([
        'e.node_id',
        'e.node_path',
        'n.name as node_name',
        'e.ended_at',
        'e.purge_after',
        'e.set_at',
        'e.purged_at',
      ])
      .where((eb) => {
        // A path's ancestors are its prefixes ending in '/': '2108/210881/' → '2108/'.
        const above = scope.flatMap((path) =>
          [...path.matchAll(/\//g)].map((m) => path.slice(0, m.index + 1)).filter((p) => p !== path),
        );
        return above.length > 0
          ? eb.or([pathInScope('e.node_path', scope), eb('e.node_path', 'in', above)])
          : pathInScope('e.node_path', scope);
      })
      .orderBy('e.node_path')
      .execute();
  }

  async upsertEmergencyEnd(
    row: {
      node_id: number;
      node_path: string;
      ended_at: number;
      purge_after: number;
      set_by: number;
      set_at: number;
    },
    trx: Db,
  ) {
    await trx
      .insertInto('emergency_ends')
      .values({ ...row, purged_at: null })
      .onConflict((oc) =>
        oc.column('node_id').doUpdateSet({
          ended_at: row.ended_at,
          purge_after: row.purge_after,
          set_by: row.set_by,
          set_at: row.set_at,
        }),
      )
      .execute();
  }

  async deleteEmergencyEnd(nodeId: number, trx: Db) {
    await trx.deleteFrom('emergency_ends').where('node_id', '=', nodeId).execute();
  }
}
