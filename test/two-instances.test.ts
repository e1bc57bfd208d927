import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '../src/server/app.ts';
import { connectDatabase, type DatabaseHandle } from '../src/server/core/db/index.ts';
import { WebhookDispatcher } from '../src/server/core/events/webhooks.ts';
import { PG_URL } from './dialects.ts';
import { buildTestApp, type Client, type TestApp } from './helpers.ts';
import { baseUrlOf, openStream, type Receiver, startReceiver } from './platform.ts';

/** Instance A is the test app; instance B is a second app on the same PostgreSQL schema. */
describe('two instances on one PostgreSQL database', () => {
  let a: TestApp;
  let b: BuiltApp;
  let bHandle: DatabaseHandle;
  let admin: Client;
  let receiver: Receiver;
  beforeAll(async () => {
    a = await buildTestApp('postgres');
    bHandle = connectDatabase(PG_URL, { schema: a.database.schema, poolSize: 5 });
    b = await buildApp({
      config: { ...a.ctx.config, instanceId: 'instance-b' },
      dbh: bHandle,
      logger: false,
    });
    await b.start();
    await b.app.listen({ host: '127.0.0.1', port: 0 });
    admin = await a.as('admin', '2108');
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await b.app.close();
    await bHandle.close();
    await a.close();
  });

  it('delivers an event written through A to a live SSE client of B, within its scope only', async () => {
    const official = await a.as('official', '210881');
    const stream = await openStream(baseUrlOf(b.app.server), official.cookie);
    try {
      const inside = await a.node('210881117207');
      const outside = await a.ctx.db
        .selectFrom('nodes')
        .select('id')
        .where('code', 'like', '210802%')
        .where('kind', '=', 'community')
        .executeTakeFirstOrThrow();
      const started = Date.now();
      expect(
        (
          await admin.post('/api/regions/nodes', {
            parentId: outside.id,
            name: 'B看不到的小区',
            kind: 'compound',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await admin.post('/api/regions/nodes', {
            parentId: inside.id,
            name: '跨实例小区',
            kind: 'compound',
          })
        ).statusCode,
      ).toBe(201);
      const frame = await stream.waitFor((f) => f.data.payload.name === '跨实例小区');
      expect(frame.type).toBe('region.node-created');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(stream.frames.map((f) => f.data.payload.name)).toEqual(['跨实例小区']);
    } finally {
      stream.close();
    }
  });

  it('runs a job registered on both exactly once per slot when both tick at the same moment', async () => {
    const runs: string[] = [];
    const job = (instance: string) => ({
      name: 'test.once-per-slot',
      everyMs: 60_000,
      run: async () => {
        runs.push(instance);
      },
    });
    a.ctx.jobs.register(job('a'));
    b.ctx.jobs.register(job('b'));
    const base = Math.floor(Date.now() / 60_000) * 60_000;
    for (let slot = 0; slot < 20; slot += 1) {
      const now = base + slot * 60_000;
      await Promise.all([a.ctx.jobs.tick(now), b.ctx.jobs.tick(now)]);
    }
    expect(runs).toHaveLength(20);
    const rows = await a.ctx.db
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', 'test.once-per-slot')
      .execute();
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('posts each webhook delivery once when both dispatchers sweep the outbox together', async () => {
    const node = await a.node('210881');
    expect((await admin.post('/api/webhooks', { nodeId: node.id, url: receiver.url })).statusCode).toBe(201);
    const village = await a.node('210881117207');
    for (let i = 0; i < 12; i += 1) {
      await admin.post('/api/regions/nodes', {
        parentId: village.id,
        name: `并发投递${i}`,
        kind: 'compound',
      });
    }
    const fromA = new WebhookDispatcher(a.ctx.db);
    const fromB = new WebhookDispatcher(b.ctx.db);
    const [sentA, sentB] = await Promise.all([fromA.dispatchDue(), fromB.dispatchDue()]);
    expect(sentA + sentB).toBe(12);
    const deliveryIds = receiver.received.map((r) => r.headers['x-xinghuo-delivery']);
    expect(deliveryIds).toHaveLength(12);
    expect(new Set(deliveryIds).size).toBe(12);
    const pending = await a.ctx.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '!=', 'delivered')
      .execute();
    expect(pending).toEqual([]);
  });

  it('sees a grant revoked, a user disabled or a sign-out on A at the very next request on B', async () => {
    const county = await a.node('210881');
    const url = `/api/regions/nodes/${county.id}/children`;
    const onB = (client: Client) => b.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });

    const revoked = await a.as('official', '210881');
    // Twice: the second answer comes from B's session cache, the one that must not go stale.
    expect((await onB(revoked)).statusCode).toBe(200);
    expect((await onB(revoked)).statusCode).toBe(200);
    const grants = (await admin.get(`/api/users/${revoked.user.id}`)).json<{
      grants: Array<{ id: number }>;
    }>().grants;
    expect((await admin.delete(`/api/users/${revoked.user.id}/grants/${grants[0]!.id}`)).statusCode).toBe(
      200,
    );
    expect((await onB(revoked)).statusCode).toBe(403);

    const disabled = await a.as('official', '210881');
    expect((await onB(disabled)).statusCode).toBe(200);
    expect((await onB(disabled)).statusCode).toBe(200);
    expect((await admin.patch(`/api/users/${disabled.user.id}`, { status: 'disabled' })).statusCode).toBe(
      200,
    );
    expect((await onB(disabled)).statusCode).toBe(401);

    const signedOut = await a.as('official', '210881');
    expect((await onB(signedOut)).statusCode).toBe(200);
    expect((await onB(signedOut)).statusCode).toBe(200);
    expect((await signedOut.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await onB(signedOut)).statusCode).toBe(401);
  });
});
