import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/server/core/db/index.ts';
import { dialects } from './dialects.ts';
import { buildTestApp, type Client, type TestApp } from './helpers.ts';
import { baseUrlOf, openStream } from './platform.ts';

describe.each(dialects)('live stream resume on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let admin: Client;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = baseUrlOf(t.app.server);
    admin = await t.as('admin', '2108');
  });
  afterAll(() => t.close());

  const compoundUnder = async (code: string, name: string) => {
    const parent = await t.node(code);
    const res = await admin.post('/api/regions/nodes', { parentId: parent.id, name, kind: 'compound' });
    expect(res.statusCode).toBe(201);
  };
  const named = (name: string) => (f: { data: { payload: Record<string, unknown> } }) =>
    f.data.payload.name === name;

  it('replays what a client missed after Last-Event-ID, in order, and never what lies outside its scope', async () => {
    const official = await t.as('official', '210881');
    const other = await t.createUser([{ role: 'official', node: '210881' }]);
    const outside = await t.ctx.db
      .selectFrom('nodes')
      .select('code')
      .where('code', 'like', '210802%')
      .where('kind', '=', 'community')
      .executeTakeFirstOrThrow();

    const first = await openStream(base, official.cookie);
    await compoundUnder('210881117207', '在线时小区');
    const seen = await first.waitFor(named('在线时小区'));
    first.close();

    await compoundUnder('210881117207', '断线时小区一');
    await compoundUnder(outside.code, '辖区外小区');
    const village = await t.node('210881117207');
    await inTransaction(t.ctx.db, async (trx) => {
      await t.ctx.events.append(trx, {
        type: 'notice.personal',
        nodePath: village.path,
        userId: other.id,
        payload: { name: '别人的私信' },
      });
      await t.ctx.events.append(trx, {
        type: 'users.changed',
        nodePath: village.path,
        permission: 'jobs.read',
        payload: { name: '需要更高权限' },
      });
    });
    await compoundUnder('210881117207', '断线时小区二');

    const resumed = await openStream(base, official.cookie, seen.id);
    await resumed.waitFor(named('断线时小区二'));
    await compoundUnder('210881117207', '重连后小区');
    await resumed.waitFor(named('重连后小区'));
    resumed.close();
    expect(resumed.frames.map((f) => f.data.payload.name)).toEqual([
      '断线时小区一',
      '断线时小区二',
      '重连后小区',
    ]);
    const ids = resumed.frames.map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(seen.id);
  });

  it('sends an event committed while the replay runs, once', async () => {
    const official = await t.as('official', '210881');
    const first = await openStream(base, official.cookie);
    await compoundUnder('210881117207', '重放前小区');
    const last = await first.waitFor(named('重放前小区'));
    first.close();
    const since = t.ctx.events.since.bind(t.ctx.events);
    let injected = false;
    // Commit a new event after the replay has read the table but before the stream goes live.
    t.ctx.events.since = async (afterId, limit) => {
      const missed = await since(afterId, limit);
      if (!injected) {
        injected = true;
        await compoundUnder('210881117207', '重放中小区');
      }
      return missed;
    };
    try {
      const resumed = await openStream(base, official.cookie, last.id);
      await resumed.waitFor(named('重放中小区'));
      await compoundUnder('210881117207', '重放后小区');
      await resumed.waitFor(named('重放后小区'));
      resumed.close();
      expect(resumed.frames.map((f) => f.data.payload.name)).toEqual(['重放中小区', '重放后小区']);
    } finally {
      Reflect.deleteProperty(t.ctx.events, 'since');
    }
  });

  it('sends a user their personal event and no one else', async () => {
    const a = await t.as('volunteer', '210881117207');
    const b = await t.as('volunteer', '210881117207');
    const streamA = await openStream(base, a.cookie);
    const streamB = await openStream(base, b.cookie);
    const village = await t.node('210881117207');
    await inTransaction(t.ctx.db, (trx) =>
      t.ctx.events.append(trx, {
        type: 'notice.personal',
        nodePath: village.path,
        userId: a.user.id,
        payload: { name: '给甲' },
      }),
    );
    await compoundUnder('210881117207', '大家都看得到');
    await streamA.waitFor(named('大家都看得到'));
    await streamB.waitFor(named('大家都看得到'));
    streamA.close();
    streamB.close();
    expect(streamA.frames.map((f) => f.data.payload.name)).toEqual(['给甲', '大家都看得到']);
    expect(streamB.frames.map((f) => f.data.payload.name)).toEqual(['大家都看得到']);
  });

  it('refuses a stream to an anonymous caller', async () => {
    const res = await fetch(`${base}/api/events/stream`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toEqual(expect.any(String));
  });
});
