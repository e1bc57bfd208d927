import { sql } from 'kysely';
import { type MemberKind, memberKindOf } from '../../../contracts/alliance.ts';
import type { Role } from '../../../contracts/permissions.ts';
import { pathInScope } from '../../core/access/index.ts';
import { type Db, dialectOf, inTransaction } from '../../core/db/index.ts';
import type { Accounts } from '../users/index.ts';
import type { VolunteersTables } from './volunteers.tables.ts';

const TEAMED_ROLES = ['volunteer', 'team_leader'] as const;
const UNTEAMED_ROLES = ['official', 'command_centre', 'admin', 'resident'] as const;

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
  constructor(
    private readonly db: Db,
    private readonly accounts: Accounts,
  ) {}

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
    const [plain, teamed, ownTeams, ledTeams] = await Promise.all([
      this.accounts.countByNodeAndRole(UNTEAMED_ROLES, trx),
      this.accounts.holders(TEAMED_ROLES, trx),
      db.selectFrom('alliance_volunteers').select(['user_id', 'team_type']).execute(),
      db
        .selectFrom('alliance_teams')
        .select(['leader_user_id', 'type'])
        .where('leader_user_id', 'is not', null)
        .execute(),
    ]);
    const volunteerTeam = new Map<number, string>();
    for (const v of ownTeams) if (!volunteerTeam.has(v.user_id)) volunteerTeam.set(v.user_id, v.team_type);
    // A leader of several teams is counted once, under the first of their team types.
    const leaderTeam = new Map<number, string>();
    for (const t of ledTeams) {
      const seen = leaderTeam.get(t.leader_user_id!);
      if (seen === undefined || t.type < seen) leaderTeam.set(t.leader_user_id!, t.type);
    }
    const merged = new Map<string, MemberCountRow>();
    const add = (nodePath: string, role: string, teamType: string, n: number) => {
      const kind = memberKindOf(role as Role);
      if (!kind) return;
      const key = `${nodePath}\u0000${kind}\u0000${teamType}`;
      const entry = merged.get(key) ?? { node_path: nodePath, kind, team_type: teamType, members: 0 };
      entry.members += n;
      merged.set(key, entry);
    };
    for (const row of plain) add(row.node_path, row.role, '', row.n);
    for (const g of teamed) {
      const team = (g.role === 'volunteer' ? volunteerTeam : leaderTeam).get(g.user_id) ?? '';
      add(g.node_path, g.role, team, 1);
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
