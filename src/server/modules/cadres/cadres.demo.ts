import { DEFAULT_DUTIES } from '../../../contracts/cadres.ts';
import { hashPassword } from '../../core/auth/index.ts';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { UsersRepository } from '../users/index.ts';
import { appendToLedger } from './cadres.ledger.ts';
import { CadresRepository } from './cadres.repository.ts';
import type { CadresTables } from './cadres.tables.ts';

const DAY = 24 * 3600_000;
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建国志强海峰立新春华文军丽娟红梅明辉卫东玉兰振宇晓东国庆秀英德胜永刚俊杰晓燕';
const name = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13 + 5) % GIVEN.length]}`;

const DEEDS = [
  '入户走访，登记返乡人员情况并宣讲防控政策',
  '召开包联村防控工作调度会，部署卡点值守',
  '协调解决村民生活物资配送问题',
  '夜间到卡点检查值守情况，纠正登记不规范问题',
  '组织志愿者开展环境消杀',
  '为独居老人代购药品并送药上门',
];

/**
 * 盖州市 as the demo's district: 190 responsibility areas pairing county leaders, town cadres and
 * village first secretaries with its villages and communities (some left uncovered, so they
 * stand out), four assessment groups, ledger entries, and an outstanding-cadre list.
 */
export async function seedCadres(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const db = ctx.db.withTables<CadresTables>();
  if (await db.selectFrom('cadre_areas').select('id').limit(1).executeTakeFirst()) return;
  const repo = new CadresRepository(ctx.db);
  const users = new UsersRepository(ctx.db);
  const county = await repo.node(demo.nodeId('210881'));
  if (!county) return;
  const places = await repo.places(county.path);
  const jiatun = places.findIndex((p) => p.path.endsWith('/210881117207/'));
  // 贾屯村 first, so the demo village chain has its secretary (the demo village official).
  if (jiatun > 0) places.unshift(...places.splice(jiatun, 1));
  const covered = places.slice(0, 150);
  const password = await hashPassword('Xinghuo2020');
  const now = Date.now();
  const commandId = demo.userId('13800000001');
  let seq = 0;

  const makeUser = async (nodePath: string, nodeId: number) => {
    seq += 1;
    const user = await users.insertUser({
      phone: `1380010${String(seq).padStart(4, '0')}`,
      name: name(seq),
      password_hash: password,
      locale: 'zh-CN',
      status: 'active',
    });
    await users.insertGrant({
      user_id: user.id,
      role: 'official',
      node_id: nodeId,
      node_path: nodePath,
      created_by: null,
    });
    return Number(user.id);
  };

  type Pair = { leaderId: number; place: (typeof places)[number]; tier: 'county' | 'town' | 'village' };
  const pairs: Pair[] = [];
  // Village first secretaries: one each for the first 90 places (贾屯村: the demo village official).
  for (const [i, place] of covered.slice(0, 90).entries()) {
    const leaderId = i === 0 ? demo.userId('13800000004') : await makeUser(place.path, Number(place.id));
    pairs.push({ leaderId, place, tier: 'village' });
  }
  // Town cadres: one per town, holding up to three of its covered places.
  const byTown = new Map<number, typeof covered>();
  for (const p of covered) byTown.set(Number(p.town_id), [...(byTown.get(Number(p.town_id)) ?? []), p]);
  for (const [townId, list] of byTown) {
    const town = await repo.node(townId);
    if (!town) continue;
    const leaderId = town.path.endsWith('/210881117/')
      ? demo.userId('13800000003')
      : await makeUser(town.path, townId);
    for (const place of list.slice(0, 3)) pairs.push({ leaderId, place, tier: 'town' });
  }
  // County leaders: each holds five places spread over the county.
  for (let k = 0; pairs.length < 190; k += 1) {
    const leaderId = k === 0 ? demo.userId('13800000002') : await makeUser(county.path, Number(county.id));
    for (let j = 0; j < 5 && pairs.length < 190; j += 1) {
      const place = covered[(k * 29 + j * 31) % covered.length];
      if (place && !pairs.some((p) => p.leaderId === leaderId && p.place.id === place.id))
        pairs.push({ leaderId, place, tier: 'county' });
    }
  }

  await inTransaction(ctx.db, async (trx) => {
    for (const p of pairs) {
      await repo.insertArea(
        {
          leader_id: p.leaderId,
          node_id: Number(p.place.id),
          node_path: p.place.path,
          tier: p.tier,
          duties: JSON.stringify(DEFAULT_DUTIES),
          starts_at: now - 40 * DAY,
          ends_at: null,
          created_by: commandId,
          created_at: now - 40 * DAY,
        },
        trx,
      );
    }
  });

  // Four assessment groups: one county-wide, three over towns; the city inspector sits on 团甸镇's.
  const groupNodes = [
    { name: '第一考核组', code: '210881' },
    { name: '第二考核组', code: '210881117' },
    { name: '第三考核组', code: '210881102' },
    { name: '第四考核组', code: '210881105' },
  ];
  const groupIds: number[] = [];
  for (const [i, g] of groupNodes.entries()) {
    const node = await repo.node(demo.nodeId(g.code));
    if (!node) continue;
    const row = await repo.insertGroup({
      name: g.name,
      node_id: node.id,
      node_path: node.path,
      created_by: commandId,
      created_at: now - 40 * DAY,
    });
    const id = Number(row.id);
    groupIds.push(id);
    await repo.addMember(id, await makeUser(node.path, node.id), 'lead', now);
    await repo.addMember(id, await makeUser(node.path, node.id), 'member', now);
    if (i === 1) await repo.addMember(id, demo.userId('13800000012'), 'member', now);
  }

  // Ledger: two to four entries per leader over the last month, recorded by the county-wide group.
  const leaders = [...new Map(pairs.map((p) => [p.leaderId, p])).values()];
  const entriesOf = new Map<number, number[]>();
  await inTransaction(ctx.db, async (trx) => {
    for (const [i, p] of leaders.entries()) {
      const count = 2 + (i % 3);
      for (let k = 0; k < count; k += 1) {
        const at = now - ((i * 3 + k * 7) % 30) * DAY - 3600_000 * (9 + (k % 8));
        const entry = await appendToLedger(
          repo,
          trx,
          p.leaderId,
          {
            kind: 'record',
            occurred_at: at,
            node_path: p.place.path,
            place: p.place.name,
            content: DEEDS[(i + k) % DEEDS.length] ?? '',
            evidence: '[]',
            recorded_by: null,
            group_id: groupIds[0] ?? null,
            corrects_id: null,
            source_event_id: null,
          },
          Math.min(now, at + 3600_000),
        );
        entriesOf.set(p.leaderId, [...(entriesOf.get(p.leaderId) ?? []), entry.id]);
      }
    }
  });

  // Outstanding cadres: 30 nominated with their ledger as evidence, 24 approved and published.
  // 贾屯村's secretary (the first leader) is left for the browser test to nominate.
  const nominees = leaders.filter((_, i) => i % 3 === 1).slice(0, 30);
  const list = await repo.insertList({
    title: '盖州市疫情防控一线优秀干部名单（第一批）',
    node_path: county.path,
    published_by: commandId,
    published_at: now - 2 * DAY,
  });
  for (const [i, p] of nominees.entries()) {
    const published = i < 24;
    const nomination = await repo.insertNomination({
      cadre_id: p.leaderId,
      node_path: p.place.path,
      reason: `包联${p.place.name}期间${DEEDS[i % DEEDS.length]}，表现突出`,
      evidence: JSON.stringify(entriesOf.get(p.leaderId) ?? []),
      status: published ? 'published' : i < 28 ? 'nominated' : 'rejected',
      nominated_by: commandId,
      nominated_at: now - 6 * DAY,
      decided_by: published || i >= 28 ? commandId : null,
      decided_at: published || i >= 28 ? now - 3 * DAY : null,
      list_id: published ? Number(list.id) : null,
    });
    if (i < 3)
      await repo.insertPress({
        nomination_id: Number(nomination.id),
        title: `营口日报：${p.place.name}的包联干部`,
        url: `https://www.ykdaily.com.cn/demo/cadre-${i + 1}.html`,
        created_by: commandId,
        created_at: now - DAY,
      });
  }
}
