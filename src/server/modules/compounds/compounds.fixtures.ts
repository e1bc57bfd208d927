import type { Client, TestApp } from '../../../../test/helpers.ts';
import { demoIdNumber } from './compounds.demo.ts';

let personSeq = 5000;

export interface CompoundFixture {
  id: number;
  name: string;
  path: string;
  official: Client;
  households: number[];
  residents: number[];
  vehicles: number[];
}

/** A compound under a community, made through the API by that community's official. */
export async function makeCompound(
  t: TestApp,
  community = '210881117207',
  options: { households?: number; residentsPer?: number; vehicles?: number; official?: Client } = {},
): Promise<CompoundFixture> {
  const official = options.official ?? (await t.as('official', community));
  const parent = await t.node(community);
  const name = `测试小区${Math.random().toString(36).slice(2, 8)}`;
  const node = await official.post('/api/regions/nodes', { parentId: parent.id, name, kind: 'compound' });
  if (node.statusCode !== 201) throw new Error(`compound: ${node.body}`);
  const { id, path } = node.json<{ id: number; path: string }>();
  const profile = await official.put(`/api/compounds/${id}`, {
    address: '团甸镇贾屯村 1 号',
    mode: 'fenced',
    gates: [{ name: '南门', lanes: ['person', 'vehicle'] }],
    staff: [],
  });
  if (profile.statusCode !== 200) throw new Error(`profile: ${profile.body}`);
  await official.post(`/api/compounds/${id}/buildings`, { name: '1号楼' });
  const households: number[] = [];
  const residents: number[] = [];
  const vehicles: number[] = [];
  for (let h = 0; h < (options.households ?? 2); h += 1) {
    const res = await official.post(`/api/compounds/${id}/households`, {
      building: '1号楼',
      unit: '1',
      room: `${h + 101}`,
    });
    if (res.statusCode !== 201) throw new Error(`household: ${res.body}`);
    const hid = res.json<{ id: number }>().id;
    households.push(hid);
    for (let m = 0; m < (options.residentsPer ?? 2); m += 1) {
      personSeq += 1;
      const r = await official.post(`/api/compounds/${id}/residents`, {
        householdId: hid,
        name: `居民${personSeq}`,
        phone: `137${String(process.pid % 10000).padStart(4, '0')}${String(personSeq).padStart(4, '0')}`,
        idNumber: demoIdNumber('210881', personSeq * 7 + (process.pid % 97)),
        relation: m === 0 ? 'head' : 'spouse',
      });
      if (r.statusCode !== 201) throw new Error(`resident: ${r.body}`);
      residents.push(r.json<{ id: number }>().id);
    }
  }
  for (let v = 0; v < (options.vehicles ?? 1); v += 1) {
    personSeq += 1;
    const r = await official.post(`/api/compounds/${id}/vehicles`, {
      householdId: households[v % households.length]!,
      plate: `辽H${String(personSeq * 13 + (process.pid % 1000))
        .padStart(5, '0')
        .slice(-5)}`,
    });
    if (r.statusCode !== 201) throw new Error(`vehicle: ${r.body}`);
    vehicles.push(r.json<{ id: number }>().id);
  }
  return { id, name, path, official, households, residents, vehicles };
}
