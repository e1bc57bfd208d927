import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import { idCheckDigit } from '../../../contracts/alliance.ts';
import { addDays, beijingDay } from '../../core/figures/index.ts';
import type { ReturneeTables } from './returnees.tables.ts';

const VILLAGE = '210881117207';
const OTHER_VILLAGE = '210802001003';

let seq = 0;
function idNumber(): string {
  seq += 1;
  const first17 = `21088119900101${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

describe.each(dialects)('returnees on %s', (dialect) => {
  let t: TestApp;
  let cadre: Client;
  let street: Client;
  let other: Client;
  let centre: Client & { user: TestUser };
  let counsellor: Client;
  let resident: Client;
  let villageId: number;
  const today = beijingDay(Date.now());

  const register = async (over: Record<string, unknown> = {}) => {
    const res = await cadre.post('/api/returnees', {
      nodeId: villageId,
      name: '赵春生',
      idNumber: idNumber(),
      phone: '13904170001',
      address: '3组 5号',
      fromCode: '4201',
      arrivalDay: addDays(today, -4),
      transport: 'train',
      transportNo: 'G1234',
      category: 'medium',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };
  const visits = async (id: number) =>
    (await cadre.get(`/api/returnees/${id}/visits`)).json() as Array<{
      id: number;
      day: string;
      slot: number;
      status: string;
      temperature: number | null;
    }>;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    cadre = await t.as('official', VILLAGE);
    street = await t.as('official', '210881117');
    other = await t.as('official', OTHER_VILLAGE);
    centre = await t.as('command_centre', '2108');
    counsellor = await t.as('counsellor', '2108');
    resident = await t.as('resident', VILLAGE);
    villageId = (await t.node(VILLAGE)).id;
    // Three days at two follow-ups a day for the medium category: nothing assumes 14.
    const rules = await centre.put('/api/returnee-rules', {
      rules: [{ category: 'medium', measure: 'home', days: 3, perDay: 2, lostAfterDays: 2 }],
    });
    expect(rules.statusCode, rules.body).toBe(200);
  });
  afterAll(() => t.close());

  it('takes the period and the follow-ups a day from the configured rule', async () => {
    const { id } = await register();
    const placed = await cadre.post(`/api/returnees/${id}/isolation`, { startDay: addDays(today, -4) });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json()).toMatchObject({
      status: 'isolating',
      measure: 'home',
      endDay: addDays(today, -2),
      perDay: 2,
    });
    const v = await visits(id);
    expect(v).toHaveLength(6);
    expect(new Set(v.map((x) => x.day))).toEqual(
      new Set([addDays(today, -4), addDays(today, -3), addDays(today, -2)]),
    );
    // Days gone by with nobody recorded read as not attempted.
    expect(v.every((x) => x.status === 'not_attempted')).toBe(true);
  });

  it('keeps a visit recorded after the old end through shortening and extension, and never overwrites it', async () => {
    const { id } = await register();
    await cadre.post(`/api/returnees/${id}/isolation`, { startDay: addDays(today, -4) });
    const extended = await cadre.post(`/api/returnees/${id}/period`, {
      endDay: addDays(today, 1),
      reason: '核酸结果未出',
    });
    expect(extended.json().endDay).toBe(addDays(today, 1));
    expect(await visits(id)).toHaveLength(12);
    const late = (await visits(id)).find((x) => x.day === today && x.slot === 0)!;
    const recorded = await cadre.post(`/api/returnee-visits/${late.id}`, {
      outcome: 'seen',
      temperature: 36.6,
    });
    expect(recorded.json()).toMatchObject({ status: 'seen_ok', temperature: 36.6 });

    // Shortened back to before today: the planned visits after the end go, the performed one stays.
    await cadre.post(`/api/returnees/${id}/period`, { endDay: addDays(today, -1), reason: '提前解除评估' });
    const shortened = await visits(id);
    expect(shortened.filter((x) => x.day >= today)).toEqual([
      expect.objectContaining({ id: late.id, status: 'seen_ok', temperature: 36.6 }),
    ]);
    // Extended again: the missing visits come back, the performed one is exactly as it was.
    await cadre.post(`/api/returnees/${id}/period`, { endDay: addDays(today, 1), reason: '再次延长' });
    const again = await visits(id);
    expect(again).toHaveLength(12);
    expect(again.find((x) => x.id === late.id)).toMatchObject({ status: 'seen_ok', temperature: 36.6 });
    const rewrite = await cadre.post(`/api/returnee-visits/${late.id}`, { outcome: 'missed' });
    expect(rewrite.statusCode).toBe(409);
    expect(rewrite.json().error.code).toBe('VISIT_RECORDED');

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['reason'])
      .where('action', '=', 'returnee.period-changed')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.reason)).toEqual(['核酸结果未出', '提前解除评估', '再次延长']);
  });

  it('raises a live alert for 37.6 °C and marks the visit seen-not-ok', async () => {
    const { id } = await register();
    await cadre.post(`/api/returnees/${id}/isolation`, { startDay: today });
    const first = (await visits(id))[0]!;
    const res = await cadre.post(`/api/returnee-visits/${first.id}`, { outcome: 'seen', temperature: 37.6 });
    expect(res.json().status).toBe('seen_not_ok');
    const events = await t.ctx.db
      .selectFrom('events')
      .select(['payload', 'node_path', 'permission'])
      .where('type', '=', 'returnees.alert')
      .execute();
    const alert = events.find((e) => JSON.parse(e.payload).visitId === first.id);
    expect(alert).toMatchObject({ permission: 'returnees.manage' });
    expect(JSON.parse(alert!.payload).temperature).toBe(37.6);
    const due = (await cadre.get('/api/returnee-visits/due')).json() as Array<{ returneeId: number }>;
    expect(due.some((d) => d.returneeId === id)).toBe(true);
  });

  it('marks a person nobody has seen for the set days as lost to follow-up', async () => {
    const lost = await register();
    await cadre.post(`/api/returnees/${lost.id}/isolation`, { startDay: addDays(today, -3) });
    const kept = await register();
    await cadre.post(`/api/returnees/${kept.id}/isolation`, { startDay: addDays(today, -3) });
    const yesterday = (await visits(kept.id)).find((x) => x.day === addDays(today, -1))!;
    await cadre.post(`/api/returnee-visits/${yesterday.id}`, { outcome: 'seen', temperature: 36.4 });
    const missed = (await visits(lost.id)).filter((x) => x.day === addDays(today, -1));
    for (const m of missed) await cadre.post(`/api/returnee-visits/${m.id}`, { outcome: 'missed' });

    const { createReturneesService } = await import('./index.ts');
    await createReturneesService(t.ctx).markLostToFollowUp();
    const status = async (id: number) =>
      (
        await t.ctx.db
          .withTables<ReturneeTables>()
          .selectFrom('returnees')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status(lost.id)).toBe('lost');
    expect(await status(kept.id)).toBe('isolating');
  });

  it('imports a list with a row report: bad ID numbers and unknown origins left out, repeats counted', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('返乡人员');
    ws.addRow(['姓名', '身份证号', '手机', '住址', '来源地代码', '抵达日期', '交通方式', '车次航班', '类别']);
    const good = idNumber();
    const valid = idNumber();
    const wrongCheck = `${valid.slice(0, 17)}${valid[17] === '1' ? '2' : '1'}`;
    ws.addRow(['钱秀梅', good, '13904170002', '1组', '4403', today, 'train', 'G1', 'medium']);
    ws.addRow(['孙立国', wrongCheck, '13904170003', '', '3702', today, 'car', '', 'low']);
    ws.addRow(['李桂兰', idNumber(), '13904170004', '', '9999', today, 'coach', '', 'high']);
    ws.addRow(['钱秀梅', good, '13904170002', '1组', '4403', today, 'train', 'G1', 'medium']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const { payload, headers } = multipart('list.xlsx', buffer);
    const res = await cadre.post(`/api/returnees/import?nodeId=${villageId}`, payload, headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      rowsRead: 4,
      imported: 1,
      duplicates: 1,
      errors: [
        { row: 3, field: 'idNumber', code: 'ID_NUMBER_FORMAT' },
        { row: 4, field: 'fromCode', code: 'DIVISION_UNKNOWN' },
      ],
    });
  });

  it('masks identities except for the community and audits every read with its purpose', async () => {
    const { id } = await register({ phone: '13904170099' });
    const list = (await cadre.get('/api/returnees')).json();
    expect(JSON.stringify(list)).not.toMatch(/\d{17}[\dX]|13904170099|G1234/);
    const full = await cadre.get(`/api/returnees/${id}?purpose=follow_up`);
    expect(full.json()).toMatchObject({ phone: '13904170099', transportNo: 'G1234', masked: false });
    const masked = await street.get(`/api/returnees/${id}?purpose=verification`);
    expect(masked.json()).toMatchObject({ phone: '139****0099', masked: true, transportNo: '****' });
    expect((await cadre.get(`/api/returnees/${id}`)).statusCode).toBe(400);
    const reads = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'reason', 'actor_id'])
      .where('entity_type', '=', 'returnee')
      .where('entity_id', '=', String(id))
      .where('action', 'in', ['personal.read', 'returnee.read'])
      .orderBy('id')
      .execute();
    expect(reads.map((r) => [r.action, r.reason])).toEqual([
      ['personal.read', 'follow_up'],
      ['returnee.read', 'verification'],
    ]);
  });

  it('scopes: another village sees nothing, a counsellor sees no returnee data', async () => {
    const { id } = await register();
    expect((await other.get(`/api/returnees/${id}?purpose=follow_up`)).statusCode).toBe(404);
    const list = (await other.get('/api/returnees')).json();
    expect(list.total).toBe(0);
    expect((await counsellor.get('/api/returnees')).statusCode).toBe(403);
    expect((await counsellor.get(`/api/returnees/${id}?purpose=follow_up`)).statusCode).toBe(403);
    expect((await cadre.put('/api/returnee-rules', { rules: [] })).statusCode).toBe(403);
  });

  it('shows names in clear only to the community; the command centre and the street see them masked', async () => {
    const { id } = await register({ name: '钱卫国' });
    const find = (page: { items: Array<{ id: number; name: string; revealable: boolean }> }) =>
      page.items.find((r) => r.id === id)!;
    expect(find((await cadre.get('/api/returnees')).json())).toMatchObject({
      name: '钱卫国',
      revealable: true,
    });
    const centreList = await centre.get('/api/returnees');
    expect(find(centreList.json())).toMatchObject({ name: '钱*国', revealable: false });
    expect(centreList.body).not.toContain('钱卫国');
    expect(find((await street.get('/api/returnees')).json()).name).toBe('钱*国');
    const detail = await centre.get(`/api/returnees/${id}?purpose=verification`);
    expect(detail.json()).toMatchObject({ name: '钱*国', masked: true });
    const due = await street.get('/api/returnee-visits/due');
    expect(due.body).not.toContain('钱卫国');
    // The list read by the command centre is audited with the ids it showed.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'returnees.list-read')
      .where('actor_id', '=', centre.user.id)
      .execute();
    expect(audit.some((a) => (JSON.parse(a.detail ?? '{}').ids as number[]).includes(id))).toBe(true);
  });

  it('takes a resident’s own report into the village cadre’s queue, live, with the category left to the cadre', async () => {
    const since = await t.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    const res = await resident.post('/api/returnees/self', {
      name: '孙丽',
      idNumber: idNumber(),
      phone: '13904170555',
      fromCode: '4201',
      arrivalDay: today,
      transport: 'train',
      transportNo: 'G1235',
    });
    expect(res.statusCode, res.body).toBe(201);
    const mine = res.json();
    expect(mine).toMatchObject({
      selfReported: true,
      status: 'registered',
      phone: '13904170555',
      masked: false,
    });
    expect((await resident.get('/api/returnees/mine')).json().map((r: { id: number }) => r.id)).toContain(
      mine.id,
    );
    const queue = (await cadre.get('/api/returnees?status=registered')).json();
    expect(queue.items.find((r: { id: number }) => r.id === mine.id)).toMatchObject({ selfReported: true });
    const events = await t.ctx.db
      .selectFrom('events')
      .select(['type', 'node_path', 'permission'])
      .where('id', '>', Number(since?.m ?? 0))
      .where('type', '=', 'returnees.registered')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.permission).toBe('returnees.read');
    // The cadre confirms the category on placement: high, so the high rule's period applies.
    const placed = await cadre.post(`/api/returnees/${mine.id}/isolation`, {
      startDay: today,
      category: 'high',
      measure: 'home',
    });
    expect(placed.json()).toMatchObject({ category: 'high', status: 'isolating', measure: 'home' });
    // A resident reads nobody's list, and a cadre cannot use the self form.
    expect((await resident.get('/api/returnees')).statusCode).toBe(403);
    expect((await cadre.post('/api/returnees/self', {})).statusCode).toBe(403);
  });

  it('lists people by risk: the high category first, then the most overdue follow-ups', async () => {
    const low = await register({ category: 'low', name: '低风险' });
    const high = await register({ category: 'high', name: '高风险' });
    const released = await register({ category: 'high', name: '未隔离' });
    for (const p of [low, high]) {
      const placed = await cadre.post(`/api/returnees/${p.id}/isolation`, { startDay: addDays(today, -2) });
      expect(placed.statusCode, placed.body).toBe(200);
    }
    const risk = (await cadre.get('/api/returnees?sort=risk&pageSize=200')).json();
    const ids = risk.items.map((r: { id: number }) => r.id);
    expect(ids).not.toContain(released.id);
    expect(ids.indexOf(high.id)).toBeLessThan(ids.indexOf(low.id));
    const cats = risk.items.map((r: { category: string }) => r.category);
    expect(cats.lastIndexOf('high')).toBeLessThan(Math.max(cats.indexOf('medium'), cats.indexOf('low')));
    expect(risk.items.find((r: { id: number }) => r.id === high.id).overdue).toBeGreaterThan(0);
  });
});
