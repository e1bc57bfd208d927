import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import { ROSTER_HEADERS } from '../../../contracts/alliance.ts';
import { readRoster } from './roster.ts';

let seq = 0;
/** A unique valid phone and ID number per call, so tests never collide. */
function person(prefix = '1371') {
  seq += 1;
  const serial = String((process.pid * 7 + seq) % 10_000_000).padStart(7, '0');
  const first17 = `2108811990${String((seq % 12) + 1).padStart(2, '0')}15${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return { phone: `${prefix}${serial}`, idNumber: first17 + '10X98765432'[sum % 11] };
}

async function workbook(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('roster');
  sheet.addRow([
    ROSTER_HEADERS.name,
    ROSTER_HEADERS.phone,
    ROSTER_HEADERS.nodeCode,
    ROSTER_HEADERS.team,
    ROSTER_HEADERS.idNumber,
  ]);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(dialects)('volunteers on %s', (dialect) => {
  let t: TestApp;
  let official: Client & { user: TestUser };
  let teamId: number;
  let village: { id: number; path: string };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    official = await t.as('official', '210881');
    village = await t.node('210881117207');
    const county = await t.node('210881');
    const res = await official.post('/api/teams', {
      nodeId: county.id,
      name: '蓝天救援队',
      type: 'rescue',
      skills: ['消杀'],
    });
    expect(res.statusCode).toBe(201);
    teamId = res.json().id;
  });
  afterAll(() => t.close());

  const signupBody = (p: { phone: string; idNumber: string }, name = '王志愿') => ({
    name,
    phone: p.phone,
    idNumber: p.idNumber,
    password: 'Volunteer1',
    skills: ['消杀'],
    availability: 'weekends',
    nodeId: village.id,
    teamId,
    pledgeName: name,
  });

  it('lists the teams a resident of a village may join, without signing in', async () => {
    const res = await t.anonymous().get(`/api/public/teams?nodeId=${village.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ id: teamId, name: '蓝天救援队', type: 'rescue' }]);
    const found = await t.anonymous().get(`/api/public/communities?q=${encodeURIComponent('贾屯')}`);
    expect(found.json()).toContainEqual({ id: village.id, name: '贾屯村委会', parents: '盖州市 / 团甸镇' });
  });

  it('takes a public sign-up, refuses a duplicate phone or ID number, and a leader of that subtree approves it into an account', async () => {
    const p = person();
    const res = await t.anonymous().post('/api/public/volunteer-signups', signupBody(p));
    expect(res.statusCode).toBe(201);
    const signupId = res.json().id;

    const samePhone = await t
      .anonymous()
      .post('/api/public/volunteer-signups', signupBody({ ...person(), phone: p.phone }));
    expect(samePhone.statusCode).toBe(409);
    expect(samePhone.json().error.code).toBe('SIGNUP_DUPLICATE');
    const sameId = await t
      .anonymous()
      .post('/api/public/volunteer-signups', signupBody({ ...person(), idNumber: p.idNumber }));
    expect(sameId.statusCode).toBe(409);

    const elsewhere = await t.as('team_leader', '210802');
    expect((await elsewhere.get('/api/volunteer-signups')).json().items).toEqual([]);
    const refused = await elsewhere.post(`/api/volunteer-signups/${signupId}/decision`, {
      decision: 'approve',
    });
    expect(refused.statusCode).toBe(404);

    const leader = await t.as('team_leader', '210881');
    const pending = (await leader.get('/api/volunteer-signups')).json().items;
    expect(pending.map((s: { id: number }) => s.id)).toContain(signupId);
    const approved = await leader.post(`/api/volunteer-signups/${signupId}/decision`, {
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    const again = await leader.post(`/api/volunteer-signups/${signupId}/decision`, { decision: 'reject' });
    expect(again.json().error.code).toBe('SIGNUP_DECIDED');

    const volunteer = t.anonymous();
    const login = await volunteer.login(p.phone, 'Volunteer1');
    expect(login.statusCode).toBe(200);
    expect(login.json().grants).toEqual([
      expect.objectContaining({ role: 'volunteer', nodePath: village.path }),
    ]);
    const roster = (await official.get(`/api/volunteers?teamId=${teamId}`)).json();
    expect(roster.items.map((v: { name: string }) => v.name)).toContain('王志愿');
    const team = (await official.get(`/api/teams/${teamId}`)).json();
    expect(team.memberCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses a sign-up whose ID check digit is wrong, naming the field', async () => {
    const p = person();
    const bad = `${p.idNumber.slice(0, 17)}${p.idNumber[17] === '1' ? '2' : '1'}`;
    const res = await t
      .anonymous()
      .post('/api/public/volunteer-signups?lang=en', signupBody({ ...p, idNumber: bad }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      expect.objectContaining({
        field: 'idNumber',
        code: 'ID_NUMBER_FORMAT',
        message: 'The ID number is malformed or its check digit is wrong',
      }),
    ]);
  });

  it('masks phones and ID numbers; an official who may read personal data unmasks them and the read is audited', async () => {
    const p = person();
    const created = await t.anonymous().post('/api/public/volunteer-signups', signupBody(p, '李志愿'));
    const id = created.json().id;
    const leader = await t.as('team_leader', '210881');
    const masked = (await leader.get('/api/volunteer-signups?unmask=1'))
      .json()
      .items.find((s: { id: number }) => s.id === id);
    expect(masked.phone).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(7)}`);
    expect(masked.idNumber).toMatch(/^2108\*{10}\d{3}[\dX]$/);

    const plain = (await official.get('/api/volunteer-signups'))
      .json()
      .items.find((s: { id: number }) => s.id === id);
    expect(plain.phone).toContain('****');
    const full = (await official.get('/api/volunteer-signups?unmask=1'))
      .json()
      .items.find((s: { id: number }) => s.id === id);
    expect(full.phone).toBe(p.phone);
    expect(full.idNumber).toBe(p.idNumber);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'personal.read')
      .where('entity_type', '=', 'signup')
      .where('actor_id', '=', official.user.id)
      .execute();
    expect(audit.some((a) => (JSON.parse(a.detail!) as { ids: number[] }).ids.includes(id))).toBe(true);
  });

  it('imports a roster row by row: good rows in, each bad row named with its reason in the caller language', async () => {
    const ok1 = person('1351');
    const ok2 = person('1351');
    const dupInFile = person('1351');
    const existing = person('1351');
    const seed = await workbook([['已有', existing.phone, '210881117207', '', '']]);
    const first = multipart('seed.xlsx', seed);
    expect(
      (await official.request('POST', '/api/volunteers/import', first.payload, first.headers)).json()
        .imported,
    ).toBe(1);

    const file = await workbook([
      ['赵一', ok1.phone, '210881117207', '蓝天救援队', ok1.idNumber],
      ['', person('1351').phone, '210881117207', '', ''],
      ['钱二', '12345', '210881117207', '', ''],
      ['孙三', person('1351').phone, '999999', '', ''],
      ['李四', person('1351').phone, '210802', '', ''],
      ['周五', dupInFile.phone, '210881117', '', ''],
      ['吴六', dupInFile.phone, '210881117', '', ''],
      ['郑七', person('1351').phone, '210881117207', '不存在的队', ''],
      ['王八', person('1351').phone, '210881117207', '', '210881199001011231'],
      ['冯九', existing.phone, '210881117207', '', ''],
      ['陈十', ok2.phone, '210881117', '', ''],
    ]);
    const upload = multipart('roster.xlsx', file);
    const res = await official.request(
      'POST',
      '/api/volunteers/import?lang=en',
      upload.payload,
      upload.headers,
    );
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.imported).toBe(3);
    expect(report.failed).toBe(8);
    const byRow = Object.fromEntries(
      report.rows.map((r: { row: number; code: string | null }) => [r.row, r.code]),
    );
    expect(byRow).toEqual({
      2: null,
      3: 'ROSTER_NAME_REQUIRED',
      4: 'PHONE_FORMAT',
      5: 'ROSTER_NODE_UNKNOWN',
      6: 'ROSTER_NODE_UNKNOWN',
      7: null,
      8: 'ROSTER_DUPLICATE_IN_FILE',
      9: 'ROSTER_TEAM_UNKNOWN',
      10: 'ID_NUMBER_FORMAT',
      11: 'ROSTER_VOLUNTEER_EXISTS',
      12: null,
    });
    expect(report.rows.find((r: { row: number }) => r.row === 9).message).toBe(
      'No such team in this jurisdiction',
    );

    const bad = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('name', 'in', ['钱二', '孙三', '李四', '郑七', '王八'])
      .execute();
    expect(bad).toEqual([]);
    const zhao = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('phone', '=', ok1.phone)
      .executeTakeFirstOrThrow();
    const grants = await t.ctx.db
      .selectFrom('grants')
      .select(['role', 'node_path'])
      .where('user_id', '=', zhao.id)
      .execute();
    expect(grants).toEqual([{ role: 'volunteer', node_path: village.path }]);
  });

  it('refuses a file that is not a workbook and imports nothing from it', async () => {
    const before = await t.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const upload = multipart('roster.xlsx', Buffer.from('PK\u0003\u0004 this is not really a zip'));
    const res = await official.request('POST', '/api/volunteers/import', upload.payload, upload.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ROSTER_FILE_INVALID');
    const after = await t.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('exports the roster to xlsx with masked phones, in the layout that imports back', async () => {
    const res = await official.get(`/api/volunteers/export.xlsx?nodeId=${village.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readRoster(res.rawPayload);
    expect(rows!.length).toBeGreaterThanOrEqual(2);
    for (const row of rows!) {
      expect(row.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(row.nodeCode).toBe('210881117207');
    }
    const outside = await t.as('official', '210802');
    expect((await outside.get(`/api/volunteers/export.xlsx?nodeId=${village.id}`)).statusCode).toBe(404);
  });

  // Last: it spends this app's sign-up budget for the test address.
  it('limits public sign-ups per address, since each one costs a password hash', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await t
        .anonymous()
        .post('/api/public/volunteer-signups', signupBody(person('1331'), '限流测试'));
      codes.push(res.statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.indexOf(429)).toBeLessThanOrEqual(20);
  });
});
