import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../src/server/core/audit/audit-log.ts';
import type { Db } from '../src/server/core/db/index.ts';
import type { EventInput, StoredEvent } from '../src/server/core/events/index.ts';
import { dialects } from './dialects.ts';
import { buildTestApp, type Client, type TestApp, waitFor } from './helpers.ts';
import { multipart, PDF_BYTES } from './platform.ts';

/** Lets the real write happen, then fails, as a full disk or a lost connection would mid-transaction. */
class InjectedFault extends Error {}

describe.each(dialects)('a crash mid-write on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let village: { id: number; path: string };
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await t.as('admin', '2108');
    village = await t.node('210881117207');
    const hook = await admin.post('/api/webhooks', {
      nodeId: (await t.node('210881')).id,
      url: 'http://127.0.0.1:9/x',
    });
    expect(hook.statusCode).toBe(201);
  });
  afterAll(() => t.close());
  afterEach(() => {
    Reflect.deleteProperty(t.ctx.audit, 'record');
    Reflect.deleteProperty(t.ctx.events, 'append');
  });

  const failAuditAfterWrite = () => {
    const real = Object.getPrototypeOf(t.ctx.audit).record.bind(t.ctx.audit);
    t.ctx.audit.record = async (trx: Db, entry: AuditEntryInput) => {
      await real(trx, entry);
      throw new InjectedFault('audit write failed');
    };
  };
  const failEventAfterWrite = () => {
    const real = Object.getPrototypeOf(t.ctx.events).append.bind(t.ctx.events);
    t.ctx.events.append = async (trx: Db, input: EventInput): Promise<StoredEvent> => {
      await real(trx, input);
      throw new InjectedFault('event write failed');
    };
  };
  const snapshot = async () => {
    const n = async (
      table:
        | 'users'
        | 'grants'
        | 'nodes'
        | 'audit_log'
        | 'events'
        | 'webhooks'
        | 'webhook_deliveries'
        | 'files',
    ) =>
      Number(
        (
          await t.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const head = await t.ctx.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    return {
      users: await n('users'),
      grants: await n('grants'),
      nodes: await n('nodes'),
      audit: await n('audit_log'),
      events: await n('events'),
      webhooks: await n('webhooks'),
      deliveries: await n('webhook_deliveries'),
      files: await n('files'),
      head,
    };
  };
  const expectUnchanged = async (before: Awaited<ReturnType<typeof snapshot>>) => {
    expect(await snapshot()).toEqual(before);
    expect((await t.ctx.audit.verify()).ok).toBe(true);
  };

  it('creating a user whose audit write fails leaves no user, no grant and no event', async () => {
    const before = await snapshot();
    failAuditAfterWrite();
    const res = await admin.post('/api/users', {
      phone: '13712340001',
      name: '半途',
      password: 'Halfway2020',
      grants: [{ role: 'volunteer', nodeId: village.id }],
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    await expectUnchanged(before);
  });

  it('creating a node whose event append fails leaves no node, no audit row and no webhook delivery', async () => {
    const before = await snapshot();
    failEventAfterWrite();
    const res = await admin.post('/api/regions/nodes', {
      parentId: village.id,
      name: '半途小区',
      kind: 'compound',
    });
    expect(res.statusCode).toBe(500);
    await expectUnchanged(before);
    expect(await t.ctx.db.selectFrom('nodes').select('id').where('name', '=', '半途小区').execute()).toEqual(
      [],
    );
  });

  it('an upload whose audit write fails leaves no file row and no blob on disk', async () => {
    const before = await snapshot();
    failAuditAfterWrite();
    const { payload, headers } = multipart('half.pdf', PDF_BYTES);
    const res = await admin.request(
      'POST',
      `/api/files?ownerType=node&ownerId=${village.id}`,
      payload,
      headers,
    );
    expect(res.statusCode).toBe(500);
    await expectUnchanged(before);
    const dir = join(t.dataDir, 'files');
    const stored = existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      : [];
    expect(stored).toEqual([]);
  });

  it('a webhook whose audit write fails is not created', async () => {
    const before = await snapshot();
    failAuditAfterWrite();
    const res = await admin.post('/api/webhooks', { nodeId: village.id, url: 'http://127.0.0.1:9/y' });
    expect(res.statusCode).toBe(500);
    await expectUnchanged(before);
  });

  it('a granting whose audit write fails leaves the user without the grant', async () => {
    const user = await t.createUser([{ role: 'volunteer', node: '210881117207' }]);
    const before = await snapshot();
    failAuditAfterWrite();
    const res = await admin.post(`/api/users/${user.id}/grants`, { role: 'gate_keeper', nodeId: village.id });
    expect(res.statusCode).toBe(500);
    await expectUnchanged(before);
  });

  it('a listener that throws after commit neither undoes the change nor starves other listeners', async () => {
    const seen: string[] = [];
    const off1 = t.ctx.events.subscribe(() => {
      throw new InjectedFault('listener broke');
    });
    const off2 = t.ctx.events.subscribe((events) => {
      for (const e of events) seen.push(e.type);
    });
    try {
      const res = await admin.post('/api/regions/nodes', {
        parentId: village.id,
        name: '监听小区',
        kind: 'compound',
      });
      expect(res.statusCode).toBe(201);
      await waitFor(() => seen.includes('region.node-created'), { message: 'region.node-created seen' });
      expect(
        await t.ctx.db.selectFrom('nodes').select('id').where('name', '=', '监听小区').execute(),
      ).toHaveLength(1);
    } finally {
      off1();
      off2();
    }
  });
});
