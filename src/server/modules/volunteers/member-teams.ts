import type { Db } from '../../core/db/index.ts';
import type { VolunteersTables } from './volunteers.tables.ts';

/** Which team types a member belongs to: the read other modules (broadcasts' audiences) ask for. */
export class MemberTeams {
  constructor(private readonly db: Db) {}

  /** Their own team's type (as a volunteer) and the types of the teams they lead. */
  async teamTypesOf(userId: number, trx: Db = this.db): Promise<string[]> {
    const t = trx.withTables<VolunteersTables>();
    const [own, led] = await Promise.all([
      t.selectFrom('alliance_volunteers').select('team_type').where('user_id', '=', userId).execute(),
      t.selectFrom('alliance_teams').select('type').where('leader_user_id', '=', userId).execute(),
    ]);
    return [...own.map((r) => r.team_type), ...led.map((r) => r.type)];
  }
}
