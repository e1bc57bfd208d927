import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, waitFor } from '../../../../test/helpers.ts';
import type { StoredEvent } from '../../core/events/index.ts';
import { type CompoundFixture, makeCompound } from '../compounds/compounds.fixtures.ts';
import type { GateTables } from './gate.tables.ts';

const uuid = () => crypto.randomUUID();

describe.each(dialects)('gate on %s', (dialect) => {
  let t: TestApp;
  let c: CompoundFixture;
  let keeper: Client;
  let passes: Array<{ id: number; code: string; shortCode: string }>;
  let vehiclePass: { id: number; code: string };

  const count = async (clientIds: string[]) => {
    const row = await t.ctx.db
      .withTables<GateTables>()
      .selectFrom('gate_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_id', 'in', clientIds)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    c = await makeCompound(t, '210881117207', { households: 2, residentsPer: 2, vehicles: 1 });
    passes = [];
    for (const r of c.residents)
      passes.push((await c.official.post('/api/passes', { residentId: r })).json());
    vehiclePass = (await c.official.post('/api/passes', { vehicleId: c.vehicles[0] })).json();
    keeper = await t.as('gate_keeper', '210881117207');
  });
  afterAll(() => t.close());

  it('records a valid scan with its temperature and shows it in the log without personal data', async () => {
    const id = uuid();
    const res = await keeper.post('/api/gate/scans', {
      id,
      compoundId: c.id,
      gate: '南门',
      lane: 'person',
      direction: 'in',
      code: passes[0]!.code,
      temperature: 36.5,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      reason: 'ok',
      fever: false,
      replayed: false,
      pass: { id: passes[0]!.id, kind: 'person' },
    });
    expect(res.json().pass.holder).toMatch(/^居\*+\d$/);
    const log = (await keeper.get(`/api/gate/entries?nodeId=${c.id}`)).json();
    expect(log.items[0]).toMatchObject({
      temperature: 36.5,
      result: 'ok',
      direction: 'in',
      gate: '南门',
      household: '1号楼 1单元 101',
    });
    expect(JSON.stringify(log)).not.toMatch(/\d{17}[\dX]/);
  });

  it('verifies a typed short code online: any case and dashes, a wrong character or tag refused', async () => {
    const pass = passes[1]!;
    expect(pass.shortCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    const verify = (code: string) =>
      keeper.post('/api/gate/verify', { compoundId: c.id, lane: 'person', direction: 'in', code });
    const typed = await verify(` ${pass.shortCode.toLowerCase().replace('-', ' ')} `);
    expect(typed.json()).toMatchObject({ ok: true, reason: 'ok', pass: { id: pass.id } });
    // One character changed: the check character catches it, so the text is not a short code.
    const plain = pass.shortCode.replace('-', '');
    const swapped = `${plain.slice(0, 3)}${plain[3] === '7' ? '8' : '7'}${plain.slice(4)}`;
    expect((await verify(swapped)).json().reason).toBe('malformed');
    // A well-formed short code for a real pass id with the wrong tag is a forgery.
    const { formatShortCode, parseShortCode } = await import('../../../contracts/passes.ts');
    const real = parseShortCode(pass.shortCode)!;
    expect(real.passId).toBe(pass.id);
    const forged = formatShortCode(pass.id, (real.tag + 1) % 32768);
    expect((await verify(forged)).json().reason).toBe('forged');
  });

  it('accepts 34.0–42.5 °C and refuses readings outside', async () => {
    const scan = (temperature: number) =>
      keeper.post('/api/gate/scans', {
        id: uuid(),
        compoundId: c.id,
        lane: 'person',
        direction: 'in',
        code: passes[1]!.code,
        temperature,
      });
    expect((await scan(34.0)).statusCode).toBe(200);
    expect((await scan(42.5)).statusCode).toBe(200);
    const low = await scan(33.9);
    expect(low.statusCode).toBe(400);
    expect(low.json().error.fields[0].code).toBe('TEMPERATURE_RANGE');
    expect((await scan(42.6)).statusCode).toBe(400);
  });

  it('records a rejected scan with its reason and reveals nothing of a forged pass', async () => {
    const forged = `${passes[0]!.code.slice(0, 100)}AAAAAAAAAAAA`;
    const res = await keeper.post('/api/gate/scans', {
      id: uuid(),
      compoundId: c.id,
      lane: 'person',
      direction: 'in',
      code: forged,
    });
    expect(res.json()).toMatchObject({ ok: false, reason: 'forged', pass: null });
    const wrongLane = await keeper.post('/api/gate/scans', {
      id: uuid(),
      compoundId: c.id,
      lane: 'person',
      direction: 'in',
      code: vehiclePass.code,
    });
    expect(wrongLane.json().reason).toBe('wrong_lane');
  });

  it('syncs an offline queue exactly once, however often the device retries', async () => {
    const now = Date.now();
    const scans = [0, 1, 2].map((i) => ({
      id: uuid(),
      compoundId: c.id,
      lane: 'person' as const,
      direction: 'in' as const,
      code: passes[i]!.code,
      temperature: 36.4,
      at: now - 3600_000 + i * 1000,
    }));
    const first = await keeper.post('/api/gate/scans/sync', { scans });
    expect(first.json().results.map((r: { replayed: boolean }) => r.replayed)).toEqual([false, false, false]);
    const retry = await keeper.post('/api/gate/scans/sync', { scans });
    expect(retry.json().results.map((r: { replayed: boolean }) => r.replayed)).toEqual([true, true, true]);
    expect(retry.json().results.map((r: { entryId: number }) => r.entryId)).toEqual(
      first.json().results.map((r: { entryId: number }) => r.entryId),
    );
    expect(await count(scans.map((s) => s.id))).toBe(3);
    const log = (
      await keeper.get(`/api/gate/entries?nodeId=${c.id}&from=${now - 3700_000}&to=${now - 3500_000}`)
    ).json();
    expect(log.items.every((e: { offline: boolean }) => e.offline)).toBe(true);
    const reused = await keeper.post('/api/gate/scans', { ...scans[0]!, temperature: 38.0 });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('turns 100 concurrent identical scans into one entry', async () => {
    const body = {
      id: uuid(),
      compoundId: c.id,
      lane: 'person',
      direction: 'in',
      code: passes[2]!.code,
      temperature: 36.6,
    };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => keeper.post('/api/gate/scans', body)),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    expect(new Set(results.map((r) => r.json().entryId)).size).toBe(1);
    expect(results.filter((r) => !r.json().replayed)).toHaveLength(1);
    expect(await count([body.id])).toBe(1);
  });

  it('raises a fever alert at 37.3 °C or more, live to the community officials only, closed with an action', async () => {
    const seen: StoredEvent[] = [];
    const unsubscribe = t.ctx.events.subscribe((events) => seen.push(...events));
    const res = await keeper.post('/api/gate/scans', {
      id: uuid(),
      compoundId: c.id,
      lane: 'person',
      direction: 'in',
      code: passes[3]!.code,
      temperature: 37.8,
    });
    expect(res.json().fever).toBe(true);
    const event = await waitFor(() => seen.find((e) => e.type === 'gate.fever'), {
      message: 'gate.fever event',
    });
    unsubscribe();
    expect(event?.payload).toMatchObject({ temperature: 37.8, compoundId: c.id });
    expect(JSON.stringify(event?.payload)).not.toMatch(/居民\d/);

    const feed = (await c.official.get('/api/events?limit=200')).json();
    expect(feed.some((e: { type: string }) => e.type === 'gate.fever')).toBe(true);
    const elsewhere = await t.as('official', '210802');
    expect(
      (await elsewhere.get('/api/events?limit=200'))
        .json()
        .some((e: { type: string }) => e.type === 'gate.fever'),
    ).toBe(false);
    expect(
      (await keeper.get('/api/events?limit=200'))
        .json()
        .some((e: { type: string }) => e.type === 'gate.fever'),
    ).toBe(false);

    // The 42.5 °C reading of the range test is open too.
    const open = (await c.official.get(`/api/gate/fevers?nodeId=${c.id}&status=open`)).json();
    expect(open.map((f: { temperature: number }) => f.temperature)).toEqual([37.8, 42.5]);
    expect(open[0]).toMatchObject({ temperature: 37.8, status: 'open', household: '1号楼 1单元 102' });
    const closed = await c.official.post(`/api/gate/fevers/${open[0].id}/close`, {
      action: '已联系社区医生，居家观察',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', action: '已联系社区医生，居家观察' });
    expect(
      (await c.official.post(`/api/gate/fevers/${open[0].id}/close`, { action: '再次处置' })).statusCode,
    ).toBe(409);
    expect(
      (await keeper.post(`/api/gate/fevers/${open[0].id}/close`, { action: '门岗处置' })).statusCode,
    ).toBe(403);
  });

  it('registers visitors against a host household, masked in the log', async () => {
    const hosts = (await keeper.get(`/api/gate/compounds/${c.id}/households`)).json();
    expect(hosts.map((h: { id: number }) => h.id)).toEqual(c.households);
    const res = await keeper.post('/api/gate/visitors', {
      id: uuid(),
      compoundId: c.id,
      name: '孙访客',
      phone: '13612345678',
      hostHouseholdId: c.households[0],
      reason: '送药',
      temperature: 36.3,
    });
    expect(res.json()).toMatchObject({ ok: true, fever: false });
    const log = (await keeper.get(`/api/gate/entries?nodeId=${c.id}`)).json();
    const visitor = log.items.find((e: { kind: string }) => e.kind === 'visitor');
    expect(visitor.visitor).toBe('孙*客 136****5678');
  });

  it("counts today's in, out, visitors and fevers per compound and rolls them up to street and district", async () => {
    const d = await makeCompound(t, '210881117207', {
      households: 1,
      residentsPer: 1,
      vehicles: 0,
      official: c.official,
    });
    const p = (await c.official.post('/api/passes', { residentId: d.residents[0] })).json();
    await keeper.post('/api/gate/scans', {
      id: uuid(),
      compoundId: d.id,
      lane: 'person',
      direction: 'out',
      code: p.code,
      temperature: 37.5,
    });
    const compoundStats = (await c.official.get(`/api/gate/stats?nodeId=${d.id}`)).json();
    expect(compoundStats.total).toMatchObject({ in: 0, out: 1, visitors: 0, fevers: 1 });
    const street = await t.as('official', '210881117');
    const streetNode = await t.node('210881117');
    const streetStats = (await street.get(`/api/gate/stats?nodeId=${streetNode.id}`)).json();
    const village = streetStats.children.find((x: { name: string }) => x.name === '贾屯村委会');
    const villageStats = (
      await c.official.get(`/api/gate/stats?nodeId=${(await t.node('210881117207')).id}`)
    ).json();
    expect(village).toMatchObject({
      in: villageStats.total.in,
      out: villageStats.total.out,
      fevers: villageStats.total.fevers,
    });
    expect(villageStats.total.visitors).toBe(1);
    // 42.5 °C (range test), 37.8 °C (alert test) and 37.5 °C here.
    expect(villageStats.total.fevers).toBe(3);
    expect(streetStats.total.in).toBe(villageStats.total.in);
    const district = await t.as('official', '210881');
    const districtStats = (
      await district.get(`/api/gate/stats?nodeId=${(await t.node('210881')).id}`)
    ).json();
    expect(districtStats.total).toEqual({
      ...streetStats.total,
      nodeId: districtStats.total.nodeId,
      name: '盖州市',
      kind: 'county',
      path: districtStats.total.path,
    });
  });

  it('keeps a gate keeper to their own compound', async () => {
    const mine = await makeCompound(t, '210881117207', {
      households: 1,
      residentsPer: 1,
      vehicles: 0,
      official: c.official,
    });
    const other = await makeCompound(t, '210881117207', {
      households: 1,
      residentsPer: 1,
      vehicles: 0,
      official: c.official,
    });
    const pOther = (await c.official.post('/api/passes', { residentId: other.residents[0] })).json();
    const keeperUser = await t.createUser([{ role: 'gate_keeper', node: '210881117207' }]);
    await t.ctx.db.deleteFrom('grants').where('user_id', '=', keeperUser.id).execute();
    const node = await t.ctx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('id', '=', mine.id)
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('grants')
      .values({
        user_id: keeperUser.id,
        role: 'gate_keeper',
        node_id: node.id,
        node_path: node.path,
        created_by: null,
        created_at: Date.now(),
      })
      .execute();
    const own = t.anonymous();
    await own.login(keeperUser.phone);
    const atOther = await own.post('/api/gate/scans', {
      id: uuid(),
      compoundId: other.id,
      lane: 'person',
      direction: 'in',
      code: pOther.code,
    });
    expect(atOther.statusCode).toBe(404);
    expect((await own.get(`/api/gate/entries?nodeId=${other.id}`)).statusCode).toBe(404);
    const atMine = await own.post('/api/gate/scans', {
      id: uuid(),
      compoundId: mine.id,
      lane: 'person',
      direction: 'in',
      code: pOther.code,
    });
    expect(atMine.json()).toMatchObject({ reason: 'wrong_compound', ok: false });
    const revocations = (await own.get('/api/passes/revocations')).json();
    expect(revocations.passIds).toEqual([]);
    expect((await own.get(`/api/compounds/${mine.id}/residents`)).statusCode).toBe(403);
    expect((await own.get('/api/gate/fevers')).statusCode).toBe(403);
  });

  it('exports the entries of a compound and time range as xlsx', async () => {
    const now = Date.now();
    const res = await c.official.get(
      `/api/gate/entries.xlsx?nodeId=${c.id}&from=${now - 86_400_000}&to=${now + 60_000}`,
    );
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const total = (
      await c.official.get(`/api/gate/entries?nodeId=${c.id}&from=${now - 86_400_000}&to=${now + 60_000}`)
    ).json().total;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(1).getCell(11).value).toBe('体温');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'gate.entries-exported')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });
});
