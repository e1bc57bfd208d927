import { randomInt } from 'node:crypto';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { addDays, beijingDay, dayWindow } from '../../core/figures/index.ts';
import { FamiliesRepository } from './families.repository.ts';
import { FamiliesService, occurrenceDays } from './families.service.ts';
import type { FamilyTables } from './families.tables.ts';

/**
 * By 13 February 2020 Yingkou had sent 34 medical workers to Hubei in two batches; a wholesale
 * market's volunteers brought their families groceries every week, other teams picked children up
 * and looked after elders. The demo dates the batches a few weeks back from today.
 */
const BATCHES = [
  { name: '第一批', destination: '湖北省武汉市', daysAgo: 24, workers: 10 },
  { name: '第二批', destination: '湖北省襄阳市', daysAgo: 17, workers: 24 },
];
const HOSPITALS = [
  '营口市中心医院',
  '营口市第二人民医院',
  '营口市中医院',
  '盖州市中心医院',
  '大石桥市中心医院',
  '营口经济技术开发区中心医院',
];
const PROFESSIONS = ['护士', '护士', '医生', '护士', '呼吸科医生', '护师'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许'.split('');
const GIVEN = [
  '丽',
  '静',
  '敏',
  '燕',
  '芳',
  '娜',
  '秀英',
  '海波',
  '晓东',
  '雪',
  '婷',
  '立新',
  '红',
  '春梅',
  '伟',
  '琳',
];
const COMMUNITIES = [
  '210881117207',
  '210881117207',
  '210881117203',
  '210802001003',
  '210802001005',
  '210804001001',
  '210804001003',
];

export async function seedFamilies(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new FamiliesRepository(ctx.db);
  if ((await repo.allBatches()).length > 0) return;
  const now = Date.now();
  const today = beijingDay(now);
  const city = demo.nodePath('2108');
  const centre = demo.userId('13800000001');
  const liaisonFor = (community: string, seq: number) =>
    community === '210881117207'
      ? demo.userId(seq % 3 === 0 ? '13800000004' : '13800000030')
      : community.startsWith('210802')
        ? demo.userId('13800000031')
        : demo.userId('13800000030');
  const volunteer = demo.userId('13800000005');
  const familyAccount = demo.userId('13800000032');
  let seq = 0;
  for (const b of BATCHES) {
    const sentDay = addDays(today, -b.daysAgo);
    await inTransaction(ctx.db, async (trx) => {
      const batchId = await repo.insertBatch(
        {
          node_path: city,
          name: b.name,
          destination: b.destination,
          sent_day: sentDay,
          returned_day: null,
          created_by: centre,
          created_at: now - b.daysAgo * 86_400_000,
          updated_at: now,
        },
        trx,
      );
      await ctx.events.append(trx, {
        type: 'families.batch-sent',
        nodePath: city,
        permission: 'families.read',
        actorId: centre,
        payload: { batchId, name: b.name, destination: b.destination, day: sentDay },
      });
      const q = trx.withTables<FamilyTables>();
      for (let i = 0; i < b.workers; i += 1) {
        seq += 1;
        const community = COMMUNITIES[seq % COMMUNITIES.length]!;
        const surname = SURNAMES[seq % SURNAMES.length]!;
        const worker = `${surname}${GIVEN[seq % GIVEN.length]}`;
        const hasChild = seq % 3 !== 1;
        const hasElder = seq % 4 === 0;
        const members = [
          {
            name: `${SURNAMES[(seq + 7) % SURNAMES.length]}${GIVEN[(seq + 3) % GIVEN.length]}`,
            relation: '配偶',
          },
          ...(hasChild
            ? [
                {
                  name: `${surname}小${GIVEN[(seq + 5) % GIVEN.length]!.slice(0, 1)}`,
                  relation: '子女',
                  age: 5 + (seq % 9),
                },
              ]
            : []),
          ...(hasElder
            ? [
                {
                  name: `${surname}${GIVEN[(seq + 9) % GIVEN.length]}`,
                  relation: '父母',
                  age: 68 + (seq % 12),
                },
              ]
            : []),
        ];
        const needs = [
          'groceries',
          ...(hasChild ? ['child_pickup'] : []),
          ...(hasElder ? ['elder_care'] : []),
        ];
        const familyId = await repo.insertFamily(
          {
            node_id: demo.nodeId(community),
            node_path: demo.nodePath(community),
            batch_id: batchId,
            worker_name: worker,
            profession: PROFESSIONS[seq % PROFESSIONS.length]!,
            hospital: HOSPITALS[seq % HOSPITALS.length]!,
            destination: b.destination,
            out_day: sentDay,
            back_day: null,
            members: JSON.stringify(members),
            address: `${(seq % 12) + 1}号楼 ${(seq % 6) + 1}单元 ${100 + seq}室`,
            phone: `1394170${String(seq).padStart(4, '0')}`,
            needs: JSON.stringify(needs),
            liaison_id: liaisonFor(community, seq),
            family_user_id: seq === 1 ? familyAccount : null,
            created_by: centre,
            created_at: now - b.daysAgo * 86_400_000,
            updated_at: now,
          },
          trx,
        );
        const services = [
          {
            kind: 'groceries',
            cadence: 'weekly',
            weekday: (seq % 7) + 1,
            window_start: 540,
            window_end: 720,
          },
          ...(hasChild
            ? [{ kind: 'child_pickup', cadence: 'daily', weekday: null, window_start: 960, window_end: 1050 }]
            : []),
        ];
        for (const s of services) {
          // A few child pick-ups are paused, to show a pause and its reason on the family's page.
          const paused = s.kind === 'child_pickup' && seq % 7 === 2;
          const serviceId = await repo.insertService(
            {
              family_id: familyId,
              node_path: demo.nodePath(community),
              ...s,
              note: '',
              active: paused ? 0 : 1,
              pause_reason: paused ? '孩子随外公外婆回老家，暂停接送' : '',
              created_by: centre,
              created_at: now,
            },
            trx,
          );
          // A fortnight behind today: mostly confirmed by the family's code, some by a call, a few missed.
          const past: Array<Record<string, unknown>> = [];
          for (let back = 14; back >= 1; back -= 7) {
            for (const day of occurrenceDays(s, addDays(today, -back)).filter((d) => d < today)) {
              const start = dayWindow(day, now).start;
              const k = seq + Number(day.slice(8));
              const missed = k % 11 === 0;
              past.push({
                service_id: serviceId,
                family_id: familyId,
                node_path: demo.nodePath(community),
                liaison_id: liaisonFor(community, seq),
                kind: s.kind,
                day,
                due_from: start + s.window_start * 60_000,
                due_by: start + s.window_end * 60_000,
                status: missed ? 'missed' : 'done',
                volunteer_id: volunteer,
                code: String(randomInt(0, 10_000)).padStart(4, '0'),
                code_attempts: 0,
                confirmed_by: missed ? null : k % 5 === 0 ? 'call' : 'code',
                closed_by: missed ? null : volunteer,
                closed_at: start + s.window_end * 60_000 - (missed ? -60_000 : 1800_000),
                note: missed ? '' : k % 5 === 0 ? '电话确认已收到' : '',
                created_at: start,
              });
            }
          }
          if (past.length > 0)
            await q
              .insertInto('family_deliveries')
              .values(past as never)
              .execute();
        }
      }
    });
  }
  const service = new FamiliesService(ctx, repo);
  await service.generate(now);
  // Today's first open delivery in 贾屯村 is held by the village volunteer, to show the volunteer's page.
  const open = await ctx.db
    .withTables<FamilyTables>()
    .selectFrom('family_deliveries')
    .select('id')
    .where('status', '=', 'open')
    .where('day', '=', today)
    .where('node_path', '=', demo.nodePath('210881117207'))
    .orderBy('due_by')
    .limit(2)
    .execute();
  await inTransaction(ctx.db, async (trx) => {
    for (const d of open) await repo.assign(d.id, volunteer, trx);
  });
}
