import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { type CompoundFixture, makeCompound } from '../compounds/compounds.fixtures.ts';

/** Issue 7, "gate": passes follow their holder, batches never stall, other compounds stay opaque. */

const uuid = () => crypto.randomUUID();

describe.each(dialects)('gate hardening on %s', (dialect) => {
  let t: TestApp;
  let c: CompoundFixture;
  let keeper: Client;
  let passes: Array<{ id: number; code: string }>;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    c = await makeCompound(t, '210881117207', { households: 2, residentsPer: 2 });
    passes = [];
    for (const r of c.residents)
      passes.push((await c.official.post('/api/passes', { residentId: r })).json());
    keeper = await t.as('gate_keeper', '210881117207');
  });
  afterAll(() => t.close());

  const scan = (code: string, extra: Record<string, unknown> = {}) => ({
    id: uuid(),
    compoundId: c.id,
    gate: '南门',
    lane: 'person',
    direction: 'in',
    code,
    ...extra,
  });

  it('refuses the pass of a resident marked moved out, on the server and in the offline revocation list', async () => {
    const before = (await keeper.get('/api/passes/revocations?since=0')).json();
    expect(before.passIds).not.toContain(passes[3]!.id);
    const moved = await c.official.patch(`/api/residents/${c.residents[3]}`, { status: 'moved_out' });
    expect(moved.statusCode).toBe(200);
    const res = await keeper.post('/api/gate/scans', scan(passes[3]!.code));
    expect(res.json()).toMatchObject({ ok: false, reason: 'revoked' });
    const verify = await keeper.post('/api/gate/verify', {
      compoundId: c.id,
      lane: 'person',
      code: passes[3]!.code,
    });
    expect(verify.json()).toMatchObject({ ok: false, reason: 'revoked' });
    const after = (await keeper.get(`/api/passes/revocations?since=${before.revision}`)).json();
    expect(after.passIds).toContain(passes[3]!.id);
    expect(after.revision).toBeGreaterThan(before.revision);
  });

  it('answers a pass of another compound with wrong_compound only: no household, no holder', async () => {
    const other = await makeCompound(t, '210881117207', { households: 1, residentsPer: 1 });
    const foreign = (await other.official.post('/api/passes', { residentId: other.residents[0] })).json();
    const verify = await keeper.post('/api/gate/verify', {
      compoundId: c.id,
      lane: 'person',
      code: foreign.code,
    });
    expect(verify.json()).toEqual({ ok: false, reason: 'wrong_compound', pass: null });
    const scanned = await keeper.post('/api/gate/scans', scan(foreign.code));
    expect(scanned.json()).toMatchObject({ ok: false, reason: 'wrong_compound', pass: null });
  });

  it('checks a named gate and lane against the compound’s gates', async () => {
    const unknown = await keeper.post('/api/gate/scans', scan(passes[0]!.code, { gate: '不存在的门' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'GATE_UNKNOWN', fields: [{ field: 'gate' }] });
    const fine = await keeper.post('/api/gate/scans', scan(passes[0]!.code));
    expect(fine.json()).toMatchObject({ ok: true });
  });

  it('stores the temperature as measured and compares it exactly: 37.25 is no fever, 37.30 is', async () => {
    const mild = await keeper.post('/api/gate/scans', scan(passes[0]!.code, { temperature: 37.25 }));
    expect(mild.json()).toMatchObject({ ok: true, fever: false });
    const hot = await keeper.post('/api/gate/scans', scan(passes[1]!.code, { temperature: 37.3 }));
    expect(hot.json()).toMatchObject({ fever: true });
    const log = (await c.official.get(`/api/gate/entries?nodeId=${c.id}&pageSize=200`)).json().items;
    const byId = new Map(log.map((e: { id: number; temperature: number | null }) => [e.id, e.temperature]));
    expect(byId.get(mild.json().entryId)).toBe(37.25);
    expect(byId.get(hot.json().entryId)).toBe(37.3);
    const fine = await keeper.post('/api/gate/scans', scan(passes[0]!.code, { temperature: 37.255 }));
    expect(fine.statusCode).toBe(400);
    expect(fine.json().error.fields).toEqual([
      expect.objectContaining({ field: 'temperature', code: 'TEMPERATURE_PRECISION' }),
    ]);
  });

  it('records the good scans of a batch and reports each bad one by position, instead of refusing the batch', async () => {
    const good = [scan(passes[0]!.code), scan(passes[1]!.code)];
    const batch = [
      good[0],
      scan('x'.repeat(401)), // over-long code
      { id: uuid(), compoundId: c.id, lane: 'person' }, // fields missing
      scan('bad\u0000code'), // unstorable text
      scan(passes[1]!.code, { gate: '北门' }), // no such gate
      'not a scan',
      good[1],
    ];
    const res = await keeper.post('/api/gate/scans/sync', { scans: batch });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results.map((r: { clientId: string }) => r.clientId)).toEqual(good.map((g) => g!.id));
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(body.rejected[0]).toMatchObject({
      clientId: (batch[1] as { id: string }).id,
      error: { code: 'VALIDATION', fields: [{ field: 'scans.1.code' }] },
    });
    expect(body.rejected[2].error.fields).toEqual([
      expect.objectContaining({ field: 'scans.3.code', code: 'TEXT_UNSTORABLE' }),
    ]);
    expect(body.rejected[3].error).toMatchObject({
      code: 'GATE_UNKNOWN',
      fields: [{ field: 'scans.4.gate' }],
    });
    expect(body.rejected[4]).toMatchObject({ clientId: null });
    // The same batch again: the good ones are replays, nothing is added twice.
    const again = (await keeper.post('/api/gate/scans/sync', { scans: batch })).json();
    expect(again.results.every((r: { replayed: boolean }) => r.replayed)).toBe(true);
  });
});
