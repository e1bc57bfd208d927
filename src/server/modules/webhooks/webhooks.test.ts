import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp } from '../../../../test/helpers.ts';
import { type Receiver, startReceiver } from '../../../../test/platform.ts';
import { inTransaction } from '../../core/db/index.ts';
import { signWebhook, WEBHOOK_MAX_ATTEMPTS, WebhookDispatcher } from '../../core/events/webhooks.ts';

describe.each(dialects)('webhooks on %s', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const append = async (code: string, type = 'test.happened', payload: Record<string, unknown> = {}) => {
    const node = await t.node(code);
    return inTransaction(t.ctx.db, (trx) => t.ctx.events.append(trx, { type, nodePath: node.path, payload }));
  };
  const deliveriesOf = (webhookId: number) =>
    t.ctx.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).execute();

  it('shows the secret once, enqueues subtree events only, and delivers a signed POST after failed attempts', async () => {
    const official = await t.as('official', '210881117');
    const street = await t.node('210881117');
    receiver.received.length = 0;
    receiver.statuses = [500, 503, 204];
    const created = await official.post('/api/webhooks', { nodeId: street.id, url: receiver.url });
    expect(created.statusCode).toBe(201);
    const hook = created.json();
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = (await official.get('/api/webhooks')).json();
    expect(listed.items.map((h: { id: number }) => h.id)).toEqual([hook.id]);
    expect(listed.items[0].secret).toBeUndefined();

    const village = await t.node('210881117207');
    const res = await official.post('/api/regions/nodes', {
      parentId: village.id,
      name: '幸福小区',
      kind: 'compound',
    });
    expect(res.statusCode).toBe(201);
    await append('210802');
    const deliveries = await deliveriesOf(hook.id);
    expect(deliveries).toHaveLength(1);

    const dispatcher = new WebhookDispatcher(t.ctx.db);
    const start = Date.now();
    expect(await dispatcher.dispatchDue(start)).toBe(1);
    let row = (await deliveriesOf(hook.id))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status: 500, last_error: 'HTTP 500' });
    expect(row.next_attempt_at! - start).toBeGreaterThanOrEqual(9_000);
    expect(await dispatcher.dispatchDue(start + 5_000)).toBe(0);
    expect(await dispatcher.dispatchDue(row.next_attempt_at!)).toBe(1);
    row = (await deliveriesOf(hook.id))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_status: 503 });
    expect(await dispatcher.dispatchDue(row.next_attempt_at!)).toBe(1);
    row = (await deliveriesOf(hook.id))[0]!;
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_status: 204, last_error: null });

    expect(receiver.received).toHaveLength(3);
    const last = receiver.received[2]!;
    const timestamp = String(last.headers['x-xinghuo-timestamp']);
    expect(last.headers['x-xinghuo-signature']).toBe(signWebhook(hook.secret, timestamp, last.body));
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(last.headers['x-xinghuo-event']).toBe('region.node-created');
    expect(last.headers['x-xinghuo-delivery']).toBe(String(row.id));
    expect(last.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({
      id: row.event_id,
      type: 'region.node-created',
      payload: { name: '幸福小区' },
    });
    expect(body.nodePath.startsWith(street.path)).toBe(true);
    const forged = signWebhook('whsec_wrong', timestamp, last.body);
    expect(forged).not.toBe(last.headers['x-xinghuo-signature']);
  });

  it(`gives up after ${WEBHOOK_MAX_ATTEMPTS} attempts, lists the delivery as dead, and retries it on request`, async () => {
    const official = await t.as('official', '210802');
    const district = await t.node('210802');
    receiver.statuses = [500];
    const hook = (
      await official.post('/api/webhooks', {
        nodeId: district.id,
        url: receiver.url,
        eventTypes: ['wanted.type'],
      })
    ).json();
    await append('210802', 'unwanted.type');
    await append('210802', 'wanted.type');
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
    const dispatcher = new WebhookDispatcher(t.ctx.db);
    let now = Date.now();
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS; i += 1) {
      expect(await dispatcher.dispatchDue(now)).toBe(1);
      const row = (await deliveriesOf(hook.id))[0]!;
      now = row.next_attempt_at ?? now;
    }
    const dead = (await official.get(`/api/webhooks/${hook.id}/deliveries?status=dead`)).json();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({ status: 'dead', attempts: WEBHOOK_MAX_ATTEMPTS, lastStatus: 500 });
    expect(await dispatcher.dispatchDue(now + 365 * 86_400_000)).toBe(0);

    receiver.statuses = [200];
    receiver.received.length = 0;
    const retried = await official.post(`/api/webhooks/${hook.id}/deliveries/${dead.items[0].id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().status).toBe('pending');
    const again = await official.post(`/api/webhooks/${hook.id}/deliveries/${dead.items[0].id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DELIVERY_NOT_DEAD');
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect((await deliveriesOf(hook.id))[0]!.status).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'webhook')
      .where('entity_id', '=', String(hook.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.created', 'webhook.delivery-retried']);
  });

  it('sends a burst of events in one run, batch after batch, and never a personal notification', async () => {
    const admin = await t.as('admin', '2108');
    const node = await t.node('210882');
    const hook = (await admin.post('/api/webhooks', { nodeId: node.id, url: receiver.url })).json();
    const someone = await t.createUser([{ role: 'volunteer', node: '210882' }]);
    await inTransaction(t.ctx.db, async (trx) => {
      for (let i = 0; i < 120; i += 1) {
        await t.ctx.events.append(trx, { type: 'burst.item', nodePath: node.path, payload: { i } });
      }
      await t.ctx.events.append(trx, {
        type: 'notice.personal',
        nodePath: node.path,
        userId: someone.id,
        payload: { phone: '13900000000' },
      });
    });
    expect(await deliveriesOf(hook.id)).toHaveLength(120);
    receiver.statuses = [200];
    receiver.received.length = 0;
    expect(await new WebhookDispatcher(t.ctx.db).dispatchDue()).toBe(120);
    expect(receiver.received).toHaveLength(120);
    expect(receiver.received.every((r) => r.headers['x-xinghuo-event'] === 'burst.item')).toBe(true);
    const undelivered = (await deliveriesOf(hook.id)).filter((d) => d.status !== 'delivered');
    expect(undelivered).toEqual([]);
    await admin.post(`/api/webhooks/${hook.id}/deactivate`);
  });

  it('records a timeout as a failed attempt', async () => {
    const admin = await t.as('admin', '2108');
    const node = await t.node('210804');
    const hook = (await admin.post('/api/webhooks', { nodeId: node.id, url: receiver.url })).json();
    await append('210804');
    receiver.statuses = [200];
    receiver.delayMs = 1_000;
    try {
      await new WebhookDispatcher(t.ctx.db, { timeoutMs: 100 }).dispatchDue();
    } finally {
      receiver.delayMs = 0;
    }
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'timed out',
    });
    const admin2 = await t.as('admin', '2108');
    expect((await admin2.post(`/api/webhooks/${hook.id}/deactivate`)).json().active).toBe(false);
  });

  it('deactivation gives up pending deliveries and stops new ones', async () => {
    const official = await t.as('official', '210811');
    const node = await t.node('210811');
    const hook = (await official.post('/api/webhooks', { nodeId: node.id, url: receiver.url })).json();
    await append('210811');
    const res = await official.post(`/api/webhooks/${hook.id}/deactivate`);
    expect(res.json().active).toBe(false);
    await append('210811');
    const rows = await deliveriesOf(hook.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'dead', last_error: 'webhook deactivated' });
    const retry = await official.post(`/api/webhooks/${hook.id}/deliveries/${rows[0]!.id}/retry`);
    expect(retry.json().error.code).toBe('WEBHOOK_INACTIVE');
  });

  it('hides webhooks outside the caller scope (404) and refuses roles without webhooks.manage (403)', async () => {
    const owner = await t.as('official', '210803');
    const outsider = await t.as('official', '210881');
    const volunteer = await t.as('volunteer', '210803');
    const mine = await t.node('210803');
    const hook = (await owner.post('/api/webhooks', { nodeId: mine.id, url: receiver.url })).json();
    await append('210803');
    const [delivery] = await deliveriesOf(hook.id);
    for (const res of [
      await outsider.post(`/api/webhooks/${hook.id}/deactivate`),
      await outsider.get(`/api/webhooks/${hook.id}/deliveries`),
      await outsider.post(`/api/webhooks/${hook.id}/deliveries/${delivery!.id}/retry`),
      await outsider.post('/api/webhooks', { nodeId: mine.id, url: receiver.url }),
      await outsider.get(`/api/webhooks?nodeId=${mine.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    const visible = (await outsider.get('/api/webhooks')).json();
    expect(visible.items.map((h: { id: number }) => h.id)).not.toContain(hook.id);
    expect((await volunteer.get('/api/webhooks')).statusCode).toBe(403);
    expect((await volunteer.post('/api/webhooks', { nodeId: mine.id, url: receiver.url })).statusCode).toBe(
      403,
    );
    const bad = await owner.post('/api/webhooks', { nodeId: mine.id, url: 'ftp://example.org/x' });
    expect(bad.statusCode).toBe(400);
  });

  it('runs as a scheduler job, once per slot', async () => {
    const now = Date.now();
    const first = await t.ctx.jobs.tick(now);
    expect(first).toContain('webhooks.deliver');
    expect(await t.ctx.jobs.tick(now)).not.toContain('webhooks.deliver');
    const admin = await t.as('admin', '2108');
    const runs = (await admin.get('/api/jobs/runs?job=webhooks.deliver')).json();
    expect(runs[0]).toMatchObject({ job: 'webhooks.deliver', status: 'succeeded' });
    expect((await (await t.as('official', '2108')).get('/api/jobs/runs')).statusCode).toBe(403);
  });
});
