import { idCheckChar } from '../../../contracts/compounds.ts';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { pinyinKeys } from '../regions/index.ts';
import { CompoundsRepository } from './compounds.repository.ts';
import type { CompoundTables } from './compounds.tables.ts';
import { addressKey } from './compounds.tables.ts';

/** Demo compounds: three under 贾屯村 (the seed's village) and two in 站前区's 五大门社区. */
export const DEMO_COMPOUNDS = [
  { community: '210881117207', name: '贾屯新村小区', mode: 'fenced', buildings: 3 },
  { community: '210881117207', name: '贾屯东区', mode: 'open', buildings: 0 },
  { community: '210881117207', name: '团甸供销社家属院', mode: 'fenced', buildings: 1 },
  { community: '210802001003', name: '五大门花园', mode: 'property', buildings: 4 },
  { community: '210802001003', name: '站前铁路小区', mode: 'property', buildings: 2 },
] as const;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
];

/** A valid GB 11643 number for a demo person: the compound's county code, a birth date, a sequence. */
export function demoIdNumber(area: string, seq: number): string {
  const year = 1950 + (seq % 55);
  const month = String((seq % 12) + 1).padStart(2, '0');
  const day = String((seq % 28) + 1).padStart(2, '0');
  const first17 = `${area}${year}${month}${day}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export async function seedCompounds(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new CompoundsRepository(ctx.db);
  let seq = 0;
  for (const [ci, c] of DEMO_COMPOUNDS.entries()) {
    const parentPath = demo.nodePath(c.community);
    const parentId = demo.nodeId(c.community);
    await inTransaction(ctx.db, async (trx) => {
      const q = trx.withTables<CompoundTables>();
      const exists = await q
        .selectFrom('nodes')
        .select('id')
        .where('parent_id', '=', parentId)
        .where('name', '=', c.name)
        .executeTakeFirst();
      if (exists) return;
      const siblings = await q
        .selectFrom('nodes')
        .select('code')
        .where('parent_id', '=', parentId)
        .where('custom', '=', 1)
        .execute();
      const taken = new Set(siblings.map((s) => s.code));
      let n = taken.size + 1;
      while (taken.has(`${c.community}-${n}`)) n += 1;
      const code = `${c.community}-${n}`;
      const path = `${parentPath}${code}/`;
      const now = Date.now();
      const node = await q
        .insertInto('nodes')
        .values({
          code,
          name: c.name,
          kind: 'compound',
          parent_id: parentId,
          path,
          depth: path.split('/').length - 2,
          ...pinyinKeys(c.name),
          custom: 1,
          created_at: now,
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.upsertProfile(
        {
          node_id: node.id,
          node_path: path,
          address: `${c.name}（演示地址）`,
          mode: c.mode,
          gates: JSON.stringify([
            { name: '南门', lanes: ['person', 'vehicle'] },
            { name: '北门', lanes: ['person'] },
          ]),
          staff: JSON.stringify([{ name: '值守员', role: '门岗', phone: '13800000009' }]),
          updated_by: null,
          updated_at: now,
        },
        trx,
      );
      const buildings = Array.from({ length: c.buildings }, (_, b) => `${b + 1}号楼`);
      for (const b of buildings) await repo.insertBuilding(node.id, b, trx);
      const households = [];
      for (let h = 0; h < 12; h += 1) {
        const building = buildings.length ? buildings[h % buildings.length]! : null;
        const unit = building ? String((h % 2) + 1) : null;
        const room = building ? `${Math.floor(h / 4) + 1}0${(h % 4) + 1}` : `${h + 1}号`;
        households.push({
          compound_id: node.id,
          node_path: path,
          building,
          unit,
          room,
          address_key: addressKey(building, unit, room),
          created_at: now,
        });
      }
      const ids = await repo.ensureHouseholds(households, trx);
      const residents = [];
      const vehicles = [];
      for (const [hi, h] of households.entries()) {
        const hid = ids.get(h.address_key)!;
        for (let m = 0; m < 3; m += 1) {
          seq += 1;
          const name = SURNAMES[(ci * 7 + hi) % SURNAMES.length]! + GIVEN[(seq * 3 + m) % GIVEN.length]!;
          residents.push({
            household_id: hid,
            compound_id: node.id,
            node_path: path,
            name,
            // The demo resident account (13800000010) heads the first household, to see its own pass.
            phone:
              ci === 0 && hi === 0 && m === 0
                ? '13800000010'
                : `139${String(ci).padStart(2, '0')}${String(seq).padStart(6, '0')}`,
            id_number: demoIdNumber(c.community.slice(0, 6), seq * 37 + ci),
            relation: m === 0 ? 'head' : m === 1 ? 'spouse' : 'child',
            status: 'living',
            created_at: now,
            updated_at: now,
          });
        }
        if (hi % 3 === 0) {
          const plate =
            hi % 2 === 0
              ? `辽H${String(10000 + ci * 100 + hi).slice(-5)}`
              : `辽HD${String(10000 + ci * 100 + hi).slice(-5)}`;
          vehicles.push({ household_id: hid, compound_id: node.id, node_path: path, plate, created_at: now });
        }
      }
      await repo.insertResidents(residents, trx);
      await repo.insertVehicles(vehicles, trx);
      await ctx.audit.record(trx, {
        actorId: null,
        action: 'compound.demo-seeded',
        entityType: 'compound',
        entityId: node.id,
        nodePath: path,
        detail: {
          households: households.length,
          residents: residents.length,
          vehicles: vehicles.length,
          demo: true,
        },
      });
    });
  }
}
