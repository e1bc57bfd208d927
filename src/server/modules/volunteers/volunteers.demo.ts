import type { TeamType } from '../../../contracts/alliance.ts';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { Accounts } from '../users/index.ts';
import { MemberCounts } from './member-counts.ts';
import { VolunteersRepository } from './volunteers.repository.ts';

/** Teams the seed article names, hung on the nodes they served. */
const DEMO_TEAMS: Array<{
  name: string;
  type: TeamType;
  node: string;
  leaderPhone?: string;
  skills: string[];
}> = [
  { name: '营口天爱公益协会', type: 'charity', node: '2108', skills: ['物资配送', '心理抚慰'] },
  {
    name: '蓝天救援队',
    type: 'rescue',
    node: '210881',
    leaderPhone: '13800000008',
    skills: ['消杀', '设卡检查'],
  },
  { name: '蟠龙救援队', type: 'rescue', node: '210882', skills: ['消杀', '排查'] },
  { name: '博爱救援队', type: 'rescue', node: '210804', skills: ['消杀', '宣传'] },
  { name: '团甸镇党员突击队', type: 'party', node: '210881117', skills: ['设卡检查', '排查'] },
];

export async function seedVolunteers(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new VolunteersRepository(ctx.db);
  const counts = new MemberCounts(ctx.db, new Accounts(ctx.db));
  await inTransaction(ctx.db, async (trx) => {
    for (const team of DEMO_TEAMS) {
      const node = { id: demo.nodeId(team.node), path: demo.nodePath(team.node) };
      if (await repo.teamNameTaken(node.id, team.name, null, trx)) continue;
      await repo.insertTeam(
        {
          node_id: node.id,
          node_path: node.path,
          name: team.name,
          type: team.type,
          leader_user_id: team.leaderPhone ? demo.userId(team.leaderPhone) : null,
          skills: JSON.stringify(team.skills),
          created_by: null,
        },
        trx,
      );
    }
    const phone = '13800000005';
    if (!(await repo.duplicateOf(phone, null, trx))) {
      const team = await repo.teamByName('蓝天救援队', [demo.nodePath('210881')], trx);
      await repo.insertVolunteer(
        {
          user_id: demo.userId(phone),
          team_id: team?.id ?? null,
          team_type: team?.type ?? '',
          node_id: demo.nodeId('210881117207'),
          node_path: demo.nodePath('210881117207'),
          name: '贾屯村志愿者',
          phone,
          id_number: null,
          skills: JSON.stringify(['设卡检查']),
          availability: 'anytime',
          source: 'signup',
          pledge_name: '贾屯村志愿者',
          pledged_at: Date.now(),
          created_by: null,
        },
        trx,
      );
    }
  });
  await counts.rebuild();
}
