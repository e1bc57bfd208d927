import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { creditCode, INDUSTRY_RULES, type Industry } from '../../../contracts/enterprises.ts';
import type { Actor } from '../../core/access/index.ts';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import type { EnterprisesService } from './enterprises.service.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The seed's firms first, then a few dozen more across the tree. */
const FIRMS: Array<[string, Industry, string]> = [
  ['营口光伏装备有限公司', 'manufacturing', '210804'],
  ['鲅鱼圈果品进出口有限公司', 'logistics', '210804'],
  ['营口港务集团物流有限公司', 'logistics', '210804'],
  ['营口化工厂（次氯酸钠）', 'chemicals', '210804'],
  ['营口钢铁制品有限公司', 'manufacturing', '210804'],
  ['鲅鱼圈建筑工程有限公司', 'construction', '210804'],
  ['营口云端软件有限公司', 'software', '210802'],
  ['营口网上商城科技有限公司', 'online_services', '210802'],
  ['站前区便民超市', 'retail', '210802'],
  ['站前区老字号饺子馆', 'catering', '210802'],
  ['西市区宾馆', 'hospitality', '210803'],
  ['西市区机械配件厂', 'manufacturing', '210803'],
  ['老边区农机制造有限公司', 'manufacturing', '210811'],
  ['老边区物流园', 'logistics', '210811'],
  ['盖州市苹果合作社', 'logistics', '210881'],
  ['盖州市服装厂', 'manufacturing', '210881'],
  ['盖州市连锁药店', 'retail', '210881'],
  ['团甸镇农资商店', 'retail', '210881117'],
  ['大石桥市镁制品有限公司', 'chemicals', '210882'],
  ['大石桥市耐火材料厂', 'manufacturing', '210882'],
  ['大石桥市快餐店', 'catering', '210882'],
  ['大石桥市在线教育有限公司', 'online_services', '210882'],
  ['营口电子元件有限公司', 'manufacturing', '210804'],
  ['营口汽车配件有限公司', 'manufacturing', '210804'],
  ['营口食品加工有限公司', 'manufacturing', '210811'],
  ['营口纺织有限公司', 'manufacturing', '210803'],
  ['营口装饰工程有限公司', 'construction', '210802'],
  ['营口数据服务有限公司', 'software', '210804'],
  ['营口冷链运输有限公司', 'logistics', '210804'],
  ['营口连锁便利店', 'retail', '210803'],
];

/** Which state each demo filing is left in: every state of the machine appears. */
const STATES = [
  'approved',
  'provisional',
  'in_review',
  'info_requested',
  'visit_scheduled',
  'visited',
  'submitted',
  'rejected',
  'draft',
];

function actor(
  id: number,
  name: string,
  role: Actor['grants'][number]['role'],
  nodeId: number,
  nodePath: string,
): Actor {
  return {
    id,
    name,
    phone: '',
    locale: 'zh-CN',
    grants: [{ id: 0, role, nodeId, nodePath }],
    sessionId: 'demo',
    csrfToken: 'demo',
  };
}

const FORM = {
  staffReturning: 0,
  returningFrom: [{ place: '营口市内', count: 0 }],
  masks: 3000,
  thermometers: 12,
  disinfectantLitres: 80,
  canteen: '错峰分餐，一人一桌',
  dormitory: '每间不超过 4 人，每日通风消毒',
  disinfectionPlan: '车间、食堂、宿舍每日两次消毒并登记',
  emergencyPlan: '发现发热员工立即隔离并报告属地',
};

/**
 * The enterprise desk of the demo city: the seed's solar-line exporter (the demo enterprise
 * account) and apple exporter among 30 firms, filings in every state, the two certificates (the
 * first issued 3.5 h after application), and a season of clearances at 鲅鱼圈 with last year's
 * figures so the change on the year reads as the seed's (+159 % tonnes, +164 % value).
 */
export async function seedEnterprises(
  ctx: AppContext,
  demo: DemoDirectory,
  service: EnterprisesService,
): Promise<void> {
  const repo = service.repo;
  const t = repo.t();
  const now = Date.now();
  const cityId = demo.nodeId('2108');
  const cityPath = demo.nodePath('2108');
  const centre = actor(demo.userId('13800000001'), '市指挥部值班员', 'command_centre', cityId, cityPath);

  const ids: number[] = [];
  for (const [i, [name, industry, code]] of FIRMS.entries()) {
    const id = Number(
      (
        await t
          .insertInto('enterprises')
          .values({
            node_id: demo.nodeId(code),
            node_path: demo.nodePath(code),
            name,
            credit_code: creditCode(
              `91${code.slice(0, 6)}MA0${String(1000 + i).padStart(4, '0')}YK`.slice(0, 17),
            ),
            industry,
            regime: INDUSTRY_RULES[industry].regime,
            size: i % 3 === 0 ? 'large' : 'medium',
            address: `营口市${name.slice(0, 3)}`,
            contact_name: `联系人${i + 1}`,
            contact_phone: `1384070${String(1000 + i).slice(-4)}`,
            staff_total: 40 + ((i * 37) % 400),
            certified: i < 3 ? 1 : 0,
            account_user_id: i === 0 ? demo.userId('13800000011') : null,
            created_at: now - 40 * DAY,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    ids.push(id);
  }

  // Filings: state by state, with the steps that lead there, written straight to the tables.
  for (const [i, enterpriseId] of ids.entries()) {
    const e = (await repo.enterprise(enterpriseId))!;
    const status =
      i < 2 ? 'approved' : e.regime !== 'filing' && i % 2 === 0 ? 'provisional' : STATES[i % STATES.length]!;
    const submitted = now - (20 - (i % 15)) * DAY;
    const staff = Math.round(Number(e.staff_total) * 0.8);
    const filingId = await repo.insertFiling(
      {
        enterprise_id: enterpriseId,
        node_path: e.node_path,
        regime: e.regime,
        status,
        form: JSON.stringify({
          ...FORM,
          staffReturning: staff,
          returningFrom: [{ place: '营口市内', count: staff }],
        }),
        signed_by: status === 'draft' ? null : '法定代表人',
        submitted_at: status === 'draft' ? null : submitted,
        decided_at: ['approved', 'rejected'].includes(status) ? submitted + 2 * DAY : null,
        reply_due_at: status === 'info_requested' ? now + 3 * DAY : null,
        staff_returning: staff,
        created_at: submitted - HOUR,
        updated_at: submitted,
      },
      ctx.db,
    );
    const path: string[] = {
      draft: [],
      submitted: ['submit'],
      provisional: ['submit'],
      in_review: ['submit', 'start'],
      info_requested: ['submit', 'start', 'request'],
      visit_scheduled: ['submit', 'start', 'schedule'],
      visited: ['submit', 'start', 'schedule', 'visit'],
      approved:
        e.regime === 'filing'
          ? ['submit', 'start', 'schedule', 'visit', 'approve']
          : ['submit', 'start', 'approve'],
      rejected: ['submit', 'start', 'reject'],
    }[status as 'draft']!;
    for (const [k, kind] of path.entries()) {
      const detail: Record<string, unknown> =
        kind === 'request'
          ? { message: '请补充返岗员工健康承诺书', document: 'staff_list' }
          : kind === 'visit'
            ? {
                findings: [
                  { bureau: 'commerce', ok: true, note: '台账齐全' },
                  { bureau: 'police', ok: true, note: '门岗测温登记' },
                  { bureau: 'market', ok: true, note: '防护物资充足' },
                ],
                photoFileIds: [],
              }
            : kind === 'reject'
              ? { reason: '无消毒方案，宿舍超员' }
              : {};
      await repo.addStep(
        {
          filing_id: filingId,
          kind,
          actor_id: kind === 'submit' ? demo.userId('13800000011') : centre.id,
          at: submitted + k * 6 * HOUR,
          detail,
          due_at: kind === 'request' ? now + 3 * DAY : null,
        },
        ctx.db,
      );
    }
  }

  // Two certificates, issued through the service so they are signed like any other.
  const firm = actor(
    demo.userId('13800000011'),
    '鲅鱼圈区企业',
    'enterprise',
    demo.nodeId('210804'),
    demo.nodePath('210804'),
  );
  const [approvedFiling] = (await repo.listFilings({ enterpriseId: ids[0]! }, 1, 1)).items;
  for (const [country, counterparty, hours] of [
    ['印度', 'Surya Solar Pvt Ltd', 3.5],
    ['越南', 'Viet Nang Luong JSC', 5],
  ] as const) {
    const c = await service.apply(
      firm,
      {
        contracts: [`YKPV-2019-${country === '印度' ? '118' : '121'}`],
        counterparty,
        country,
        obligation: '按期交付光伏组件生产线；受疫情防控停工及物流中断影响无法按期装运',
        affectedFrom: now - 30 * DAY,
        affectedUntil: now + 10 * DAY,
      },
      'demo',
    );
    await service.addEvidence(
      firm,
      c.id,
      { kind: 'resumption_filing', filingId: approvedFiling!.id },
      'demo',
    );
    await t
      .insertInto('fm_evidence')
      .values({
        certificate_id: c.id,
        kind: 'government_notice',
        title: '辽宁省新冠肺炎疫情防控指挥部通告（第 1 号）',
        file_id: null,
        sha256: createHash('sha256').update(`辽宁省通告-${country}`).digest('hex'),
        added_at: now,
      })
      .execute();
    await service.decide(centre, c.id, { action: 'start' }, 'demo');
    await service.decide(centre, c.id, { action: 'council', reference: `CCPIT-LN-2020-${c.id}` }, 'demo');
    await service.decide(centre, c.id, { action: 'issue' }, 'demo');
    // The demo shows the seed's 3.5 hours from application to certificate.
    await t
      .updateTable('fm_certificates')
      .set({ submitted_at: sql<number>`issued_at - ${Math.round(hours * HOUR)}` })
      .where('id', '=', c.id)
      .execute();
  }

  // Clearance slots for the coming week at 鲅鱼圈 (office hours, and an evening green-channel hour).
  const today = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  for (let d = 1; d <= 7; d += 1) {
    for (const h of [8, 9, 10, 11, 13, 14, 15, 16, 20]) {
      await repo.insertSlot(
        {
          node_path: cityPath,
          office: '鲅鱼圈海关',
          starts_at: today + d * DAY + h * HOUR,
          capacity: 4,
          booked: 0,
          green_only: h === 20 ? 1 : 0,
        },
        ctx.db,
      );
    }
  }

  // A season of clearances: 616.51 t and US$1,061,600 since the outbreak, the seed's apples among them.
  const apple = ids[1]!;
  const appleFirm = (await repo.enterprise(apple))!;
  const lines: Array<[number, string, string, string, number, number]> = [
    [40, '鲜苹果', '080810', '泰国', 276_000, 475_800],
  ];
  const restKg = 616_510 - 276_000;
  const restUsd = 1_061_600 - 475_800;
  const destinations = ['泰国', '越南', '韩国', '马来西亚', '俄罗斯'];
  for (let i = 0; i < 20; i += 1) {
    lines.push([
      5 + i * 4,
      i % 3 === 0 ? '鲜梨' : '鲜苹果',
      i % 3 === 0 ? '080830' : '080810',
      destinations[i % destinations.length]!,
      i === 19 ? restKg - Math.round(restKg / 20) * 19 : Math.round(restKg / 20),
      i === 19 ? restUsd - Math.round(restUsd / 20) * 19 : Math.round(restUsd / 20),
    ]);
  }
  const byMonth = new Map<string, { kg: number; usd: number }>();
  for (const [k, [daysAgo, goods, hs, destination, kg, usd]] of lines.entries()) {
    const at = now - daysAgo * DAY;
    const slotId = await repo.insertSlot(
      {
        node_path: cityPath,
        office: '鲅鱼圈海关',
        starts_at: at - HOUR - k,
        capacity: 4,
        booked: 1,
        green_only: 0,
      },
      ctx.db,
    );
    await repo.insertBooking(
      {
        receipt: `YYQ2020${String(k + 1).padStart(5, '0')}`,
        enterprise_id: apple,
        node_path: appleFirm.node_path,
        slot_id: slotId,
        goods,
        hs_code: hs,
        quantity: Math.round(kg / 20),
        weight_kg: kg,
        value_usd: usd,
        destination,
        transport: 'water',
        port: '鲅鱼圈港',
        green: 1,
        status: 'cleared',
        created_at: at - 2 * DAY,
        cleared_at: at,
        cancel_reason: null,
      },
      ctx.db,
    );
    const month = new Date(at + 8 * HOUR).toISOString().slice(0, 7);
    const key = `${month}|${hs}|${goods}|${destination}`;
    const sum = byMonth.get(key) ?? { kg: 0, usd: 0 };
    byMonth.set(key, { kg: sum.kg + kg, usd: sum.usd + usd });
  }
  // Last year's figures as the customs office imported them, line by line: this year's divided by
  // the seed's growth (+159.02 %, +164.47 %).
  await repo.replacePrior(
    cityPath,
    [],
    [...byMonth].map(([key, v]) => {
      const [month, hs, goods, destination] = key.split('|') as [string, string, string, string];
      const [y, m] = month.split('-');
      return {
        node_path: cityPath,
        month: `${Number(y) - 1}-${m}`,
        hs_code: hs,
        goods,
        destination,
        credit_code: appleFirm.credit_code,
        firm: appleFirm.name,
        weight_kg: Math.round(v.kg / 2.5902),
        value_usd: Math.round(v.usd / 2.6447),
        imported_by: null,
        imported_at: now,
      };
    }),
    ctx.db,
  );
}
