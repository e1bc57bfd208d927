import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp } from '../../../../test/helpers.ts';
import { inTransaction } from '../../core/db/index.ts';

describe.each(dialects)('GET /api/events history (%s)', (dialect) => {
  let t: TestApp;
  const ids: number[] = [];
  let zhanqianId = 0;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const tuandian = await t.node('210881117');
    const zhanqian = await t.node('210802');
    await inTransaction(t.ctx.db, async (trx) => {
      for (let i = 0; i < 3; i += 1) {
        const e = await t.ctx.events.append(trx, {
          type: 'test.ping',
          nodePath: tuandian.path,
          payload: { i },
        });
        ids.push(e.id);
      }
      zhanqianId = (
        await t.ctx.events.append(trx, { type: 'test.ping', nodePath: zhanqian.path, payload: {} })
      ).id;
      ids.push(zhanqianId);
    });
  });
  afterAll(async () => t?.close());

  it('order=desc returns the newest events first and pages down with before', async () => {
    const admin = await t.as('admin', '2108');
    const first = await admin.get('/api/events?order=desc&limit=2');
    expect(first.statusCode).toBe(200);
    const firstIds = first.json<Array<{ id: number }>>().map((e) => e.id);
    expect(firstIds).toEqual([ids[3], ids[2]]);
    const next = await admin.get(`/api/events?order=desc&limit=2&before=${firstIds[1]}`);
    expect(next.json<Array<{ id: number }>>().map((e) => e.id)).toEqual([ids[1], ids[0]]);
  });

  it('order=desc shows only events inside the caller scope', async () => {
    const official = await t.as('official', '210802');
    const res = await official.get('/api/events?order=desc');
    expect(res.json<Array<{ id: number }>>().map((e) => e.id)).toEqual([zhanqianId]);
  });

  it('the default order is still oldest first after the cursor', async () => {
    const admin = await t.as('admin', '2108');
    const res = await admin.get(`/api/events?after=${ids[0]}&limit=2`);
    expect(res.json<Array<{ id: number }>>().map((e) => e.id)).toEqual([ids[1], ids[2]]);
  });
});
