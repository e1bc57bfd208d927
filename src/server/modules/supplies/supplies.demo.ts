import { randomBytes } from 'node:crypto';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { type NewMovement, SuppliesRepository } from './supplies.repository.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const ITEMS = [
  { key: 'n95', name: '医用防护口罩', unit: '只', standard: 'GB 19083-2010', category: '防护', large: 10000 },
  {
    key: 'kn95',
    name: 'KN95 口罩',
    unit: '只',
    standard: 'GB 2626-2006 KN95',
    category: '防护',
    large: 10000,
  },
  {
    key: 'gloves',
    name: '医用检查手套',
    unit: '副',
    standard: 'GB 10213-2006',
    category: '防护',
    large: 5000,
  },
  {
    key: 'naclo',
    name: '次氯酸钠消毒液',
    unit: '公斤',
    standard: '有效氯 ≥5%',
    category: '消杀',
    large: 5000,
  },
  { key: 'eggs', name: '鸡蛋', unit: '箱', standard: '', category: '食品', large: 300 },
  { key: 'meals', name: '盒饭', unit: '份', standard: '', category: '食品', large: 1000 },
  { key: 'warmers', name: '暖宝宝', unit: '片', standard: '', category: '保暖', large: 5000 },
] as const;
type ItemKey = (typeof ITEMS)[number]['key'];

const DONORS = [
  { name: '营口市某化工厂', kind: 'company', anonymous: 0 },
  { name: '营口市慈善总会', kind: 'organisation', anonymous: 0 },
  { name: '盖州市果蔬专业合作社', kind: 'company', anonymous: 0 },
  { name: '站前区爱心餐馆联盟', kind: 'organisation', anonymous: 0 },
  { name: '鲅鱼圈区某医疗器械公司', kind: 'company', anonymous: 0 },
  { name: '张女士', kind: 'person', anonymous: 1 },
] as const;

/** Pledges: donor, item, store, pledged, receipts as (days ago, quantity). */
const PLEDGES: Array<[number, ItemKey, number, number, Array<[number, number]>]> = [
  [
    0,
    'naclo',
    0,
    30000,
    [
      [13, 10000],
      [9, 10000],
      [4, 6000],
    ],
  ],
  [
    1,
    'n95',
    0,
    20000,
    [
      [12, 12000],
      [6, 8000],
    ],
  ],
  [1, 'gloves', 0, 10000, [[11, 6000]]],
  [
    4,
    'kn95',
    1,
    50000,
    [
      [10, 20000],
      [5, 15000],
      [1, 5000],
    ],
  ],
  [
    2,
    'eggs',
    1,
    600,
    [
      [12, 200],
      [8, 200],
      [3, 200],
    ],
  ],
  [
    3,
    'meals',
    2,
    3000,
    [
      [7, 1000],
      [4, 1000],
      [2, 600],
    ],
  ],
  [5, 'warmers', 2, 4000, [[9, 4000]]],
  [
    1,
    'warmers',
    1,
    10000,
    [
      [8, 6000],
      [2, 4000],
    ],
  ],
];

/** Needs: node, kind, requester, item, quantity, posted days ago, due in days, delivered? */
const NEEDS: Array<[string, string, string, ItemKey, number, number, number, boolean]> = [
  ['210802', 'hospital', '营口市中心医院', 'n95', 8000, 12, -10, true],
  ['210802', 'hospital', '营口市中心医院', 'gloves', 3000, 10, -8, true],
  ['210881', 'hospital', '盖州市中心医院', 'kn95', 12000, 9, -6, true],
  ['210881117207', 'checkpoint', '贾屯村集市卡点', 'warmers', 600, 8, -6, true],
  ['210881117207', 'checkpoint', '贾屯村集市卡点', 'meals', 300, 6, -5, true],
  ['210881117', 'community', '团甸镇各村消杀队', 'naclo', 5000, 7, -3, true],
  ['210881117207', 'family', '援鄂医护家庭', 'eggs', 20, 5, -3, true],
  ['210802', 'hospital', '营口市中心医院', 'n95', 10000, 4, -1, false],
  ['210881117', 'checkpoint', '团甸镇高速口卡点', 'warmers', 2000, 2, 2, false],
  ['210881117207', 'family', '援鄂医护家庭', 'eggs', 30, 1, 3, false],
  ['210802', 'hospital', '营口市传染病医院', 'gloves', 20000, 3, 4, false],
];

/** A fortnight of donations and deliveries: receipts in part, needs met and signed, others open. */
export async function seedSupplies(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new SuppliesRepository(ctx.db);
  const q = ctx.db.withTables<import('./supplies.tables.ts').SuppliesTables>();
  if (await q.selectFrom('supplies_items').select('id').limit(1).executeTakeFirst()) return;
  const now = Date.now();
  const official = demo.userId('13800000001');
  await inTransaction(ctx.db, async (trx) => {
    const items = new Map<ItemKey, number>();
    for (const it of ITEMS)
      items.set(
        it.key,
        await repo.insertItem(trx, {
          name: it.name,
          unit: it.unit,
          standard: it.standard,
          category: it.category,
          large_at: it.large,
        }),
      );
    const stores: Array<{ id: number; path: string }> = [];
    for (const [code, name, address] of [
      ['2108', '营口市捐赠物资总库', '营口市站前区渤海大街西 29 号'],
      ['210881', '盖州市物资库', '盖州市鼓楼路 8 号'],
      ['210802', '站前区物资中转站', '站前区跃进街 12 号'],
    ] as const) {
      const path = demo.nodePath(code);
      const id = await repo.insertStore(trx, {
        node_id: demo.nodeId(code),
        node_path: path,
        name,
        address,
        created_by: official,
        created_at: now - 15 * DAY,
      });
      stores.push({ id, path });
    }
    const donors: number[] = [];
    for (const d of DONORS)
      donors.push(
        await repo.insertDonor(trx, { ...d, node_path: demo.nodePath('2108'), created_by: official }),
      );

    const book = async (t: Db, row: Omit<NewMovement, 'created_by'>) => {
      const ok = await repo.moveStock(
        t,
        { storeId: row.store_id, itemId: row.item_id, path: row.node_path },
        row.d_on_hand,
        row.d_allocated,
        row.created_at,
      );
      if (!ok) throw new Error(`demo supplies: stock would go negative (${row.kind})`);
      return repo.insertMovement(t, { ...row, created_by: official });
    };
    const blank = {
      d_on_hand: 0,
      d_allocated: 0,
      pledge_id: null,
      donor_id: null,
      need_id: null,
      allocation_id: null,
      waybill_id: null,
      other_store_id: null,
      corrects_id: null,
      corrects_kind: null,
      reason: null,
    };

    for (const [di, key, si, quantity, receipts] of PLEDGES) {
      const store = stores[si]!;
      const itemId = items.get(key)!;
      const first = receipts[0]![0];
      const received = receipts.reduce((s, r) => s + r[1], 0);
      const pledgeId = await repo.insertPledge(trx, {
        donor_id: donors[di]!,
        item_id: itemId,
        store_id: store.id,
        node_path: store.path,
        quantity,
        received,
        status: received >= quantity ? 'received' : 'open',
        note: '',
        created_by: official,
        created_at: now - (first + 1) * DAY,
        closed_at: null,
      });
      for (const [ago, qty] of receipts)
        await book(trx, {
          ...blank,
          kind: 'receive',
          item_id: itemId,
          store_id: store.id,
          node_path: store.path,
          quantity: qty,
          d_on_hand: qty,
          pledge_id: pledgeId,
          donor_id: donors[di]!,
          created_at: now - ago * DAY + 10 * HOUR,
        });
    }
    // A count found 200 masks short in the city store; a box of gloves arrived damaged.
    await book(trx, {
      ...blank,
      kind: 'adjust',
      item_id: items.get('n95')!,
      store_id: stores[0]!.id,
      node_path: stores[0]!.path,
      quantity: 200,
      d_on_hand: -200,
      reason: '周盘点：少 200 只，系入库点数误差',
      created_at: now - 5 * DAY,
    });
    await book(trx, {
      ...blank,
      kind: 'write_off',
      item_id: items.get('gloves')!,
      store_id: stores[0]!.id,
      node_path: stores[0]!.path,
      quantity: 100,
      d_on_hand: -100,
      reason: 'damaged: 运输受潮',
      created_at: now - 9 * DAY,
    });

    for (const [ni, [code, kind, requester, key, quantity, posted, due, delivered]] of NEEDS.entries()) {
      const itemId = items.get(key)!;
      const path = demo.nodePath(code);
      const postedAt = now - posted * DAY;
      const needId = await repo.insertNeed(trx, {
        node_id: demo.nodeId(code),
        node_path: path,
        requester_kind: kind,
        requester,
        item_id: itemId,
        quantity,
        allocated: delivered ? quantity : 0,
        delivered: delivered ? quantity : 0,
        due_at: now + due * DAY,
        source: kind === 'hospital' ? `${requester}物资需求函，已电话核实` : `${requester}上报，社区干部核实`,
        verified_by: '市指挥部物资组',
        status: delivered ? 'met' : 'open',
        met_at: delivered ? postedAt + 2 * DAY : null,
        created_by: official,
        created_at: postedAt,
      });
      if (!delivered) continue;
      // From the store holding the item, in the order the donations arrived.
      const store = stores[PLEDGES.find((p) => p[1] === key)![2]]!;
      const at = postedAt + DAY;
      const move = {
        ...blank,
        item_id: itemId,
        store_id: store.id,
        node_path: store.path,
        quantity,
        need_id: needId,
      };
      const allocationId = await book(trx, {
        ...move,
        kind: 'allocate',
        d_allocated: quantity,
        created_at: at,
      });
      const waybillId = await repo.insertWaybill(trx, {
        allocation_id: allocationId,
        need_id: needId,
        store_id: store.id,
        item_id: itemId,
        node_path: store.path,
        quantity,
        token: randomBytes(18).toString('base64url'),
        code: String(100000 + ni * 7919).slice(0, 6),
        status: 'delivered',
        signer_name: kind === 'family' ? '家属' : `${requester}收货人`,
        signature: null,
        signed_file_id: null,
        signed_via: 'code',
        delivered_at: at + 6 * HOUR,
        created_by: official,
        created_at: at + 2 * HOUR,
      });
      await book(trx, {
        ...move,
        kind: 'dispatch',
        d_on_hand: -quantity,
        d_allocated: -quantity,
        allocation_id: allocationId,
        waybill_id: waybillId,
        created_at: at + 2 * HOUR,
      });
      await book(trx, {
        ...move,
        kind: 'deliver',
        allocation_id: allocationId,
        waybill_id: waybillId,
        created_at: at + 6 * HOUR,
      });
    }
  });
}
