import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { addDays, beijingDay } from '../../core/figures/index.ts';
import { chronicleServices, periodEndOf } from './chronicle.schedule.ts';

const DAYS = 7;

/** What happened on each demo day: the events the modules would have written, backdated. */
const STORY = [
  {
    type: 'broadcast.published',
    at: '09:10',
    node: '2108',
    payload: { kind: 'order', title: '关于全市小区实行封闭管理的通告' },
  },
  { type: 'team.created', at: '10:30', node: '210881117', payload: { name: '团甸镇青年突击队' } },
  {
    type: 'gate.fever',
    at: '11:45',
    node: '210881117207',
    payload: { compoundName: '贾屯新村小区', temperature: 37.8 },
  },
  {
    type: 'broadcast.published',
    at: '14:20',
    node: '210802',
    payload: { kind: 'refutation', title: '“喝高度白酒可预防感染”不实' },
  },
  { type: 'group.created', at: '15:05', node: '210802001003', payload: { name: '五大门社区楼长群' } },
] as const;

/**
 * A week of chronicle entries: the events of each past day, drafted at 16:00 as the job would,
 * all approved but the newest, which waits for the archivist — so the page shows both states.
 */
export async function seedChronicle(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const service = chronicleServices.get(ctx);
  if (!service) return;
  const today = beijingDay(Date.now());
  const lastEnd = Date.now() >= periodEndOf(today) ? periodEndOf(today) : periodEndOf(addDays(today, -1));
  const approver = demo.userId('13800000001');
  for (let back = DAYS; back >= 1; back -= 1) {
    const end = lastEnd - (back - 1) * 24 * 3600_000;
    const day = beijingDay(end - 24 * 3600_000);
    const rows = STORY.filter((_, i) => (i + back) % 3 !== 0).map((s) => ({
      type: s.type,
      node_path: demo.nodePath(s.node),
      user_id: null,
      permission: null,
      payload: JSON.stringify(s.payload),
      actor_id: null,
      created_at: Date.parse(`${s.at > '16:00' ? day : addDays(day, 1)}T${s.at}:00+08:00`),
    }));
    await ctx.db.insertInto('events').values(rows).execute();
    const [id] = await service.draftDay(end);
    if (id !== undefined && back > 1) {
      await service.approve(
        {
          id: approver,
          name: '市指挥部值班员',
          phone: '13800000001',
          locale: 'zh-CN',
          grants: [
            { id: 0, role: 'command_centre', nodeId: demo.nodeId('2108'), nodePath: demo.nodePath('2108') },
          ],
          sessionId: 'demo',
          csrfToken: 'demo',
        },
        id,
        'demo',
      );
    }
  }
}
