import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { GroupsRepository } from './groups.repository.ts';

/** Hand-relayed WeChat groups under 盖州市/团甸镇/贾屯村 and 大石桥市, as the seed describes them. */
const DEMO_GROUPS = [
  { node: '210881', name: '盖州市防控核心群', owner: '13800000002', members: 480 },
  { node: '210881117', name: '团甸镇村干部群', owner: '13800000003', members: 326 },
  { node: '210881117207', name: '贾屯村村民群', owner: '13800000004', members: 412 },
  { node: '210881117207', name: '贾屯村志愿者群', owner: '13800000005', members: 57 },
  { node: '210882', name: '大石桥市志愿者联盟群', owner: '13800000008', members: 500 },
  { node: '210882', name: '大石桥市群主联络群', owner: '13800000001', members: 193 },
];

export async function seedGroups(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new GroupsRepository(ctx.db);
  await inTransaction(ctx.db, async (trx) => {
    for (const g of DEMO_GROUPS) {
      const nodeId = demo.nodeId(g.node);
      if ((await repo.atNode(nodeId, trx)).some((existing) => existing.name === g.name)) continue;
      await repo.insert(
        {
          node_id: nodeId,
          node_path: demo.nodePath(g.node),
          name: g.name,
          owner_user_id: demo.userId(g.owner),
          member_count: g.members,
          channel: 'none',
          webhook_url: null,
          secret: null,
          created_by: null,
        },
        trx,
      );
    }
  });
}
