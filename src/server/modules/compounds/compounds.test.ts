import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp, waitForJob } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import { RESIDENT_COLUMNS, VEHICLE_COLUMNS } from '../../../contracts/compounds.ts';
import { demoIdNumber } from './compounds.demo.ts';
import { makeCompound } from './compounds.fixtures.ts';

async function sheet(header: readonly string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('data');
  ws.addRow([...header]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.each(dialects)('compounds on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  it('keeps a compound profile on a compound node and counts its households, residents and vehicles', async () => {
    const c = await makeCompound(t);
    const res = await c.official.get(`/api/compounds/${c.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      mode: 'fenced',
      households: 2,
      residents: 4,
      vehicles: 1,
      communityName: '贾屯村委会',
    });
    const list = await c.official.get('/api/compounds');
    expect(list.json().items.map((x: { id: number }) => x.id)).toContain(c.id);
  });

  it('refuses a bad ID checksum, a duplicate person and a bad plate', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1, vehicles: 0 });
    const good = demoIdNumber('210881', 777001);
    const badChecksum = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const base = { householdId: c.households[0], name: '李四', phone: '13912345678', relation: 'child' };
    const bad = await c.official.post(`/api/compounds/${c.id}/residents`, { ...base, idNumber: badChecksum });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'idNumber', code: 'ID_NUMBER_FORMAT' });
    expect(
      (await c.official.post(`/api/compounds/${c.id}/residents`, { ...base, idNumber: good })).statusCode,
    ).toBe(201);
    const dup = await c.official.post(`/api/compounds/${c.id}/residents`, { ...base, idNumber: good });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE_PERSON');
    const plate = await c.official.post(`/api/compounds/${c.id}/vehicles`, {
      householdId: c.households[0],
      plate: '辽HI2345',
    });
    expect(plate.json().error.fields[0].code).toBe('PLATE_FORMAT');
    const nev = await c.official.post(`/api/compounds/${c.id}/vehicles`, {
      householdId: c.households[0],
      plate: '辽h d12345',
    });
    expect(nev.statusCode).toBe(201);
    expect(nev.json().plate).toBe('辽HD12345');
  });

  it('masks ID numbers for all but the community official, whose full read is audited', async () => {
    const c = await makeCompound(t);
    const rid = c.residents[0]!;
    const list = await c.official.get(`/api/compounds/${c.id}/residents`);
    expect(list.json().items[0].idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);

    const full = await c.official.get(`/api/residents/${rid}`);
    expect(full.json().idNumber).toMatch(/^\d{17}[\dX]$/);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity_type', '=', 'resident')
      .where('entity_id', '=', String(rid))
      .where('action', '=', 'personal.read')
      .execute();
    expect(audit).toHaveLength(1);

    const district = await t.as('official', '210881');
    const masked = await district.get(`/api/residents/${rid}`);
    expect(masked.statusCode).toBe(200);
    expect(masked.json().idNumber).toContain('*');
    expect(masked.json().phone).toContain('****');

    const keeper = await t.as('gate_keeper', '210881117207');
    expect((await keeper.get(`/api/residents/${rid}`)).statusCode).toBe(403);
    expect((await keeper.get(`/api/compounds/${c.id}/residents`)).statusCode).toBe(403);

    const otherVillage = await t.as('official', '210802');
    expect((await otherVillage.get(`/api/residents/${rid}`)).statusCode).toBe(404);
    expect((await otherVillage.get(`/api/compounds/${c.id}`)).statusCode).toBe(404);
  });

  it('imports a residents sheet without its bad rows and reports each by row and reason', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1, vehicles: 0 });
    const existing = (await c.official.get(`/api/residents/${c.residents[0]}`)).json().idNumber;
    const ok1 = demoIdNumber('210881', 880001);
    const ok2 = demoIdNumber('210881', 880002);
    const badCheck = ok1.slice(0, 17) + (ok1[17] === '0' ? '1' : '0');
    const rows = [
      ['1号楼', '1', '201', '赵一', '13900000001', ok1, '户主'], // row 2 ok
      ['1号楼', '1', '201', '赵二', '13900000002', ok2, '配偶'], // row 3 ok
      ['1号楼', '1', '202', '钱三', '13900000003', badCheck, '户主'], // row 4 bad checksum
      ['1号楼', '1', '203', '孙四', '1390000', demoIdNumber('210881', 880004), '户主'], // row 5 bad phone
      ['1号楼', '1', '204', '李五', '13900000005', ok1, '户主'], // row 6 duplicate in the file
      ['1号楼', '1', '205', '周六', '13900000006', existing, '户主'], // row 7 duplicate of a registered person
      ['9号楼', '1', '101', '吴七', '13900000007', demoIdNumber('210881', 880007), '户主'], // row 8 unknown building
    ];
    const file = multipart('居民.xlsx', await sheet(RESIDENT_COLUMNS, rows));
    const started = await c.official.post(
      `/api/compounds/${c.id}/imports/residents`,
      file.payload,
      file.headers,
    );
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(c.official, `/api/compound-imports/${started.json().id}`);
    expect(job).toMatchObject({
      failure: null,
      status: 'done',
      progress: 1,
      rowsRead: 7,
      imported: 2,
      rejected: 5,
    });
    expect(job.errors).toEqual([
      { row: 4, code: 'ID_NUMBER_FORMAT', value: badCheck.slice(0, 6) },
      { row: 5, code: 'PHONE_FORMAT', value: '139' },
      { row: 6, code: 'DUPLICATE_PERSON', value: ok1.slice(0, 6) },
      { row: 8, code: 'UNKNOWN_BUILDING', value: '9号楼' },
      { row: 7, code: 'DUPLICATE_PERSON', value: existing.slice(0, 6) },
    ]);
    const residents = await c.official.get(`/api/compounds/${c.id}/residents?pageSize=50`);
    const names = residents.json().items.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['赵一', '赵二']));
    expect(names).not.toContain('钱三');
    expect(names).not.toContain('周六');
    // No half rows: the household of a refused row is not created either.
    const households = await c.official.get(`/api/compounds/${c.id}/households`);
    expect(
      households
        .json()
        .items.map((h: { room: string }) => h.room)
        .sort(),
    ).toEqual(['101', '201']);
  });

  it('imports vehicles including 8-character new-energy plates', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1, vehicles: 0 });
    const rows = [
      ['1号楼', '1', '101', '辽HD54321'],
      ['1号楼', '1', '101', '辽H9876Z'],
      ['1号楼', '1', '101', '辽HO1234'],
    ];
    const file = multipart('车辆.xlsx', await sheet(VEHICLE_COLUMNS, rows));
    const started = await c.official.post(
      `/api/compounds/${c.id}/imports/vehicles`,
      file.payload,
      file.headers,
    );
    const job = await waitForJob(c.official, `/api/compound-imports/${started.json().id}`);
    expect(job).toMatchObject({ status: 'done', imported: 2, rejected: 1, errorCounts: { PLATE_FORMAT: 1 } });
  });

  it('fails an import whose header is not the template, importing nothing', async () => {
    const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 0, vehicles: 0 });
    const file = multipart('bad.xlsx', await sheet(['name', 'phone'], [['a', 'b']]));
    const started = await c.official.post(
      `/api/compounds/${c.id}/imports/residents`,
      file.payload,
      file.headers,
    );
    const job = await waitForJob(c.official, `/api/compound-imports/${started.json().id}`);
    expect(job.status).toBe('failed');
    expect(job.imported).toBe(0);
  });
});

describe('xlsx reading', () => {
  it('keeps Chinese text whole where the stream cuts a character in two (shared and inline strings)', async () => {
    const t = await buildTestApp('sqlite');
    try {
      const c = await makeCompound(t, '210881117207', { households: 1, residentsPer: 0, vehicles: 0 });
      const rows = Array.from({ length: 6000 }, (_, i) => [
        '',
        '',
        `${i + 1}号`,
        // Mostly three-byte characters, so most chunk boundaries of the inflated sheet cut one.
        `${'欧阳春夏秋冬梅兰竹菊'.repeat(3)}${'春夏秋冬'[i % 4]}${i}`.slice(0, 40),
        `136${String(i).padStart(8, '0')}`,
        demoIdNumber('210804', i + 1),
        ['户主', '配偶', '子女', '父母'][i % 4],
      ]);
      for (const shared of [true, false]) {
        const book = new ExcelJS.Workbook();
        const ws = book.addWorksheet('data');
        ws.addRow([...RESIDENT_COLUMNS]);
        for (const r of rows) ws.addRow(r.map((v) => (shared ? v : { richText: [{ text: v }] })));
        const bytes = Buffer.from(await book.xlsx.writeBuffer({ useSharedStrings: shared } as never));
        const file = multipart('居民.xlsx', bytes);
        const started = await c.official.post(
          `/api/compounds/${c.id}/imports/residents`,
          file.payload,
          file.headers,
        );
        const job = await waitForJob(c.official, `/api/compound-imports/${started.json().id}`);
        if (shared) expect(job).toMatchObject({ status: 'done', imported: 6000, rejected: 0 });
        else
          expect(job).toMatchObject({
            status: 'done',
            imported: 0,
            rejected: 6000,
            errorCounts: { DUPLICATE_PERSON: 6000 },
          });
      }
      const names = await t.ctx.db
        .withTables<import('./compounds.tables.ts').CompoundTables>()
        .selectFrom('residents')
        .select('name')
        .where('compound_id', '=', c.id)
        .execute();
      expect(names.filter((n) => n.name.includes('\uFFFD'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
