import { sql } from 'kysely';
import { type MemberKind, memberKindOf } from '../../../contracts/alliance.ts';
import type { Role } from '../../../contracts/permissions.ts';
import { pathInScope } from '../../core/access/index.ts';
import { type Db, dialectOf, inTransaction } from '../../core/db/index.ts';
import type { VolunteersTables } from './volunteers.tables.ts';

export interface MemberCountRow {
  node_path: string;
  kind: MemberKind;
  team_type: string;
  members: number;
}

/**
 * Members per (node, kind, team type), counted at the node itself. Reach figures sum these rows
 * over the targeted subtrees (a few hundred rows for the whole city) instead of counting 630,000
 * grants at publish time. This module's own writes keep them current in the same transaction;
 * grants given elsewhere (user administration) are folded in by the periodic rebuild.
 */
export class MemberCounts {
  constructor(private readonly db: Db) {}

  private t(trx: Db) {
    return trx.withTables<VolunteersTables>();
  }

  async add(trx: Db, nodePath: string, kind: MemberKind, teamType: string, delta: number): Promise<void> {
    const db = this.t(trx);
    const values = { node_path: nodePath, kind, team_type: teamType, members: delta };
    await db
      .insertInto('alliance_member_counts')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['node_path', 'kind', 'team_type'])
          .doUpdateSet({ members: sql`alliance_member_counts.members + ${delta}` }),
      )
      .execute();
  }

  /** Every count row whose node lies in one of the subtrees. */
  async inSubtrees(paths: readonly string[], trx: Db = this.db): Promise<MemberCountRow[]> {
    const rows = await this.t(trx)
      .selectFrom('alliance_member_counts')
      .select(['node_path', 'kind', 'team_type', 'members'])
      .where(pathInScope('node_path', paths))
      .where('members', '>', 0)
      .execute();
    return rows.map((r) => ({ ...r, kind: r.kind as MemberKind, members: Number(r.members) }));
  }

  /** Recounts from the grants: the source of truth the table caches. */
  async rebuild(trx: Db = this.db): Promise<number> {
    const db = this.t(trx);
    const rows = await db
      .selectFrom('grants as g')
      .select((eb) => [
        'g.node_path',
        'g.role',
        eb.fn
          .coalesce(
            eb
              .case()
              .when('g.role', '=', 'volunteer')
              .then(
                eb
                  .selectFrom('alliance_volunteers as v')
                  .select('v.team_type')
                  .whereRef('v.user_id', '=', 'g.user_id')
                  .limit(1),
              )
              .when('g.role', '=', 'team_leader')
              .then(
                eb
                  .selectFrom('alliance_teams as t')
                  .select((e) => e.fn.min('t.type').as('type'))
                  .whereRef('t.leader_user_id', '=', 'g.user_id'),
              )
              .end(),
            sql<string>`''`,
          )
          .as('team_type'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('g.role', 'in', ['volunteer', 'team_leader', 'official', 'command_centre', 'admin', 'resident'])
      .groupBy(['g.node_path', 'g.role', 'team_type'])
      .execute();
    const merged = new Map<string, MemberCountRow>();
    for (const row of rows) {
      const kind = memberKindOf(row.role as Role);
      if (!kind) continue;
      const key = `${row.node_path}\u0000${kind}\u0000${row.team_type}`;
      const entry = merged.get(key) ?? {
        node_path: row.node_path,
        kind,
        team_type: row.team_type,
        members: 0,
      };
      entry.members += Number(row.n);
      merged.set(key, entry);
    }
    const values = [...merged.values()];
    await inTransaction(trx, async (inner) => {
      const t = this.t(inner);
      await t.deleteFrom('alliance_member_counts').execute();
      const chunk = dialectOf(inner) === 'postgres' ? 1000 : 200;
      for (let i = 0; i < values.length; i += chunk) {
        await t
          .insertInto('alliance_member_counts')
          .values(values.slice(i, i + chunk))
          .execute();
      }
    });
    return values.length;
  }
}
