import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import { KIND_BIT, memberKindOf } from '../../../contracts/alliance.ts';
import type { Role } from '../../../contracts/permissions.ts';
import type { Actor } from '../../core/access/index.ts';
import { createMemberCounts } from '../volunteers/index.ts';
import { createBroadcastServices, levelOf } from './index.ts';

type Signed = Client & { user: TestUser };

describe.each(dialects)('broadcasts on %s', (dialect) => {
  let t: TestApp;
  let official: Signed;
  let jiatun: Signed;
  let zhanqian: Signed;
  let tuandian: { id: number; path: string };

  const body = (over: Record<string, unknown> = {}) => ({
    kind: 'refutation',
    title: '“团甸镇封村断路”系谣言',
    body: '道路**正常通行**',
    rumour: '团甸镇明天封村断路',
    targetNodeIds: [tuandian.id],
    audience: ['everyone'],
    ...over,
  });

  async function actorOf(client: Client): Promise<Actor> {
    const token = /xh_session=([^;]+)/.exec(client.cookie)![1]!;
    return (await t.ctx.sessions.load(token))!;
  }

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    official = await t.as('official', '210881');
    jiatun = await t.as('volunteer', '210881117207');
    zhanqian = await t.as('volunteer', '210802');
    tuandian = await t.node('210881117');
    await createMemberCounts(t.ctx.db).rebuild();
  });
  afterAll(() => t.close());

  it('refuses a target outside the sender scope, and a member without the permission', async () => {
    const zq = await t.node('210802');
    const res = await official.post('/api/broadcasts', body({ targetNodeIds: [tuandian.id, zq.id] }));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    expect(res.json().error.fields[0].field).toBe('targetNodeIds.1');
    expect((await jiatun.post('/api/broadcasts', body())).statusCode).toBe(403);
    const missing = await official.post('/api/broadcasts', body({ rumour: null }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].code).toBe('RUMOUR_REQUIRED');
  });

  it('creates one broadcast for a repeated submit with the same idempotency key', async () => {
    const headers = { 'idempotency-key': `retry-${dialect}-0001` };
    const first = await official.post('/api/broadcasts', body({ title: '幂等测试' }), headers);
    const second = await official.post('/api/broadcasts', body({ title: '幂等测试' }), headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const rows = await t.ctx.db
      .withTables<{ broadcasts: { title: string } }>()
      .selectFrom('broadcasts')
      .select('title')
      .where('title', '=', '幂等测试')
      .execute();
    expect(rows).toHaveLength(1);
    const other = await official.post('/api/broadcasts', body({ title: '另一条' }), headers);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('reaches a member inside the targeted subtree in the inbox and on the live stream, never one outside', async () => {
    const res = await official.post('/api/broadcasts', body({ title: '辟谣：团甸镇' }));
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect(res.json().bodyHtml).toBe('<p>道路<strong>正常通行</strong></p>');

    const inbox = (await jiatun.get('/api/broadcasts/inbox')).json();
    expect(inbox.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    expect(
      (await zhanqian.get('/api/broadcasts/inbox')).json().items.map((i: { id: number }) => i.id),
    ).not.toContain(id);
    expect((await zhanqian.get(`/api/broadcasts/${id}`)).statusCode).toBe(404);
    expect((await zhanqian.post(`/api/broadcasts/${id}/read`)).statusCode).toBe(404);

    const [event] = (await t.ctx.events.since(0, 1000)).filter(
      (e) => e.type === 'broadcast.published' && e.payload.id === id,
    );
    expect(event).toBeDefined();
    expect(t.ctx.live.canSee(event!, await actorOf(jiatun))).toBe(true);
    expect(t.ctx.live.canSee(event!, await actorOf(zhanqian))).toBe(false);
  });

  it('counts a member once however often they read and acknowledge', async () => {
    const id = (await official.post('/api/broadcasts', body({ title: '回执计数', ackRequired: true }))).json()
      .id;
    const first = (await jiatun.post(`/api/broadcasts/${id}/read`)).json();
    await jiatun.post(`/api/broadcasts/${id}/read`);
    const ack = (await jiatun.post(`/api/broadcasts/${id}/ack`)).json();
    const ackAgain = (await jiatun.post(`/api/broadcasts/${id}/ack`)).json();
    expect(ack.readAt).toBe(first.readAt);
    expect(ackAgain.ackedAt).toBe(ack.ackedAt);
    const reach = (await official.get(`/api/broadcasts/${id}/reach`)).json();
    expect(reach.totals).toMatchObject({ delivered: 1, read: 1, acked: 1 });
    const village = reach.levels.find((l: { level: string }) => l.level === 'village');
    expect(village).toMatchObject({ read: 1, acked: 1 });
    const item = (await jiatun.get('/api/broadcasts/inbox'))
      .json()
      .items.find((i: { id: number }) => i.id === id);
    expect(item.ackedAt).toBe(ack.ackedAt);
  });

  it('counts concurrent receipts once per member when they share one group-committed write', async () => {
    const id = (await official.post('/api/broadcasts', body({ title: '并发回执', ackRequired: true }))).json()
      .id;
    const others = await Promise.all([1, 2, 3].map(() => t.as('volunteer', '210881117207')));
    const presses = await Promise.all([
      ...[jiatun, ...others].map((m) => m.post(`/api/broadcasts/${id}/read`)),
      jiatun.post(`/api/broadcasts/${id}/ack`),
      jiatun.post(`/api/broadcasts/${id}/read`),
    ]);
    expect(presses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(presses[4]!.json().ackedAt).not.toBeNull();
    const rows = await t.ctx.db
      .withTables<{
        broadcast_receipts: { broadcast_id: number; user_id: number; acked_at: number | null };
      }>()
      .selectFrom('broadcast_receipts')
      .select(['user_id', 'acked_at'])
      .where('broadcast_id', '=', id)
      .execute();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.acked_at !== null).map((r) => r.user_id)).toEqual([jiatun.user.id]);
  });

  it('narrows recipients by audience and team type', async () => {
    const rescuer = await t.createUser([{ role: 'volunteer', node: '210881117207' }], 'rescuer');
    const village = await t.node('210881117207');
    const now = Date.now();
    await t.ctx.db
      .withTables<{ alliance_volunteers: Record<string, unknown> }>()
      .insertInto('alliance_volunteers')
      .values({
        user_id: rescuer.id,
        team_id: null,
        team_type: 'rescue',
        node_id: village.id,
        node_path: village.path,
        name: 'rescuer',
        phone: rescuer.phone,
        id_number: null,
        skills: '[]',
        availability: null,
        source: 'import',
        pledge_name: null,
        pledged_at: null,
        created_by: null,
        created_at: now,
      })
      .execute();
    const rescuerClient = t.anonymous();
    await rescuerClient.login(rescuer.phone);
    const townOfficial = await t.as('official', '210881117');
    const id = (
      await official.post(
        '/api/broadcasts',
        body({
          kind: 'dispatch',
          rumour: null,
          title: '救援队集合',
          audience: ['volunteers'],
          teamTypes: ['rescue'],
        }),
      )
    ).json().id;
    const ids = async (c: Client) =>
      (await c.get('/api/broadcasts/inbox')).json().items.map((i: { id: number }) => i.id);
    expect(await ids(rescuerClient)).toContain(id);
    expect(await ids(jiatun)).not.toContain(id);
    expect(await ids(townOfficial)).not.toContain(id);
    const event = (await t.ctx.events.since(0, 1000)).find(
      (e) => e.type === 'broadcast.published' && e.payload.id === id,
    )!;
    expect(t.ctx.live.canSee(event, await actorOf(rescuerClient))).toBe(true);
    expect(t.ctx.live.canSee(event, await actorOf(jiatun))).toBe(false);
  });

  it('gives a hand-relay group owner a copy-ready task that counts once when marked relayed', async () => {
    const village = await t.node('210881117207');
    const group = await official.post('/api/groups', {
      nodeId: village.id,
      name: '贾屯村村民群',
      ownerUserId: jiatun.user.id,
      memberCount: 412,
      channel: 'none',
    });
    expect(group.statusCode).toBe(201);
    const groupId = group.json().id;
    const beforePublish = Date.now();
    const id = (await official.post('/api/broadcasts', body({ title: '请转发到村民群' }))).json().id;
    const afterPublish = Date.now();
    const tasks = (await jiatun.get('/api/broadcasts/relay-tasks')).json();
    const task = tasks.find((x: { broadcastId: number }) => x.broadcastId === id);
    expect(task.groupId).toBe(groupId);
    expect(task.copyText).toContain('【辟谣】请转发到村民群');
    expect(task.copyText).toContain('谣言：团甸镇明天封村断路');
    expect(task.copyText).toContain('道路正常通行');
    expect((await zhanqian.post(`/api/broadcasts/${id}/relays`, { groupId })).statusCode).toBe(403);
    const beforeRelay = Date.now();
    expect((await jiatun.post(`/api/broadcasts/${id}/relays`, { groupId })).statusCode).toBe(200);
    const afterRelay = Date.now();
    expect((await jiatun.post(`/api/broadcasts/${id}/relays`, { groupId })).statusCode).toBe(200);
    const after = (await jiatun.get('/api/broadcasts/relay-tasks')).json();
    expect(after.some((x: { broadcastId: number }) => x.broadcastId === id)).toBe(false);
    const reach = (await official.get(`/api/broadcasts/${id}/reach`)).json();
    expect(reach.totals).toMatchObject({ groups: 1, relayed: 1, groupReach: 412 });
    // Publish to relay, bracketed by the clock read around both calls.
    const latency = reach.levels.find((l: { level: string }) => l.level === 'village').relayLatencyMs;
    expect(latency).toBeGreaterThanOrEqual(beforeRelay - afterPublish);
    expect(latency).toBeLessThanOrEqual(afterRelay - beforePublish);
    const matrix = (await official.get(`/api/groups/matrix?nodeId=${tuandian.id}`)).json();
    expect(matrix.node).toMatchObject({ groups: 1, owners: 1, reach: 412 });
  });

  it('takes attachments on a draft, then lets exactly the audience download them once published', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const upload = (client: Client, id: number) => {
      const { payload, headers } = multipart('通告.pdf', pdf);
      return client.request('POST', `/api/files?ownerType=broadcast&ownerId=${id}`, payload, headers);
    };
    const draft = await official.post('/api/broadcasts', body({ title: '附件通告', publish: false }));
    expect(draft.json().status).toBe('draft');
    const id = draft.json().id;
    expect(
      (await jiatun.get('/api/broadcasts/inbox')).json().items.map((i: { id: number }) => i.id),
    ).not.toContain(id);
    const file = await upload(official, id);
    expect(file.statusCode).toBe(201);
    expect((await official.post(`/api/broadcasts/${id}/publish`)).json().status).toBe('published');
    expect((await official.post(`/api/broadcasts/${id}/publish`)).json().error.code).toBe(
      'BROADCAST_NOT_DRAFT',
    );
    expect((await upload(official, id)).statusCode).toBe(404);
    const fileId = file.json().id;
    expect((await jiatun.get(`/api/files/${fileId}`)).statusCode).toBe(200);
    expect((await zhanqian.get(`/api/files/${fileId}`)).statusCode).toBe(404);
  });

  it('lists releases and refutations publicly, searchable, and nothing else', async () => {
    await official.post(
      '/api/broadcasts',
      body({ kind: 'order', rumour: null, title: '政府令：封村断路不实' }),
    );
    const res = await t.anonymous().get(`/api/public/broadcasts?q=${encodeURIComponent('封村')}`);
    expect(res.statusCode).toBe(200);
    const kinds = new Set(res.json().items.map((i: { kind: string }) => i.kind));
    expect(kinds.has('refutation')).toBe(true);
    expect(kinds.has('order')).toBe(false);
    const none = await t
      .anonymous()
      .get(`/api/public/broadcasts?kind=release&q=${encodeURIComponent('封村')}`);
    expect(none.json().items).toEqual([]);
  });

  it('serves one public release at its own address, and 404 for anything not public', async () => {
    const order = await official.post(
      '/api/broadcasts',
      body({ kind: 'order', rumour: null, title: '政府令：单条链接不公开' }),
    );
    const refutation = await official.post('/api/broadcasts', body({ title: '单条链接：辟谣可以分享' }));
    const listed = (
      await t.anonymous().get(`/api/public/broadcasts?q=${encodeURIComponent('单条链接：辟谣')}`)
    ).json().items;
    expect(listed.map((i: { id: number }) => i.id)).toEqual([refutation.json().id]);
    const one = await t.anonymous().get(`/api/public/broadcasts/${refutation.json().id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(listed[0]);
    expect((await t.anonymous().get(`/api/public/broadcasts/${order.json().id}`)).statusCode).toBe(404);
    expect((await t.anonymous().get('/api/public/broadcasts/999999')).statusCode).toBe(404);
  });

  it('reports reach per level and per node equal to a brute-force recount on generated data', async () => {
    const codes = (
      await t.ctx.db.selectFrom('nodes').select(['code', 'path']).where('path', 'like', '2108/%').execute()
    ).map((n) => n.code);
    const roles: Role[] = ['volunteer', 'volunteer', 'resident', 'official', 'team_leader', 'gate_keeper'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const made: TestUser[] = [];
    for (let i = 0; i < 160; i += 1) {
      made.push(
        await t.createUser(
          [{ role: roles[random(roles.length)]!, node: codes[random(codes.length)]! }],
          `gen${i}`,
        ),
      );
    }
    await createMemberCounts(t.ctx.db).rebuild();

    const centre = await t.as('command_centre', '2108');
    const dsq = await t.node('210882');
    const sent = await centre.post('/api/broadcasts', {
      kind: 'release',
      title: '全市通告',
      body: '请阅读',
      targetNodeIds: [tuandian.id, dsq.id],
      audience: ['volunteers', 'residents', 'officials'],
      ackRequired: true,
    });
    const id = sent.json().id;
    const service = createBroadcastServices(t.ctx).inbox;
    const grants = await t.ctx.db
      .selectFrom('grants')
      .select(['user_id', 'role', 'node_id', 'node_path'])
      .execute();
    const targetPaths = [tuandian.path, dsq.path];
    const audience = KIND_BIT.volunteer | KIND_BIT.resident | KIND_BIT.official;
    const inTarget = (g: (typeof grants)[number]) => {
      const kind = memberKindOf(g.role as Role);
      return (
        kind !== null &&
        (audience & KIND_BIT[kind]) !== 0 &&
        targetPaths.some((p) => g.node_path.startsWith(p))
      );
    };
    const members = grants.filter(inTarget);
    for (const [i, g] of members.entries()) {
      if (i % 3 === 0) continue;
      const actor: Actor = {
        id: g.user_id,
        name: 'x',
        phone: 'x',
        locale: 'zh-CN',
        grants: [{ id: 0, role: g.role as Role, nodeId: g.node_id, nodePath: g.node_path }],
        sessionId: 'x',
        csrfToken: 'x',
      };
      await service.receipt(actor, id, i % 2 === 0);
      if (i % 5 === 0) await service.receipt(actor, id, true);
    }

    const receipts = await t.ctx.db
      .withTables<{
        broadcast_receipts: {
          broadcast_id: number;
          user_id: number;
          read_at: number | null;
          acked_at: number | null;
        };
      }>()
      .selectFrom('broadcast_receipts')
      .select(['user_id', 'read_at', 'acked_at'])
      .where('broadcast_id', '=', id)
      .execute();
    const receiptOf = new Map(receipts.map((r) => [r.user_id, r]));
    const recount = (filter: (path: string) => boolean) => {
      const inside = members.filter((g) => filter(g.node_path));
      return {
        targeted: inside.length,
        read: inside.filter((g) => receiptOf.get(g.user_id)?.read_at != null).length,
        acked: inside.filter((g) => receiptOf.get(g.user_id)?.acked_at != null).length,
      };
    };

    const reach = (await centre.get(`/api/broadcasts/${id}/reach`)).json();
    expect(reach.totals).toMatchObject(recount(() => true));
    expect(reach.totals.targeted).toBeGreaterThan(10);
    for (const [index, level] of ['city', 'county', 'street', 'village'].entries()) {
      const row = reach.levels.find((l: { level: string }) => l.level === level);
      expect(row, level).toMatchObject(recount((p) => levelOf(p) === index));
    }
    for (const node of reach.nodes) {
      expect(node, node.nodeName).toMatchObject(recount((p) => p.startsWith(node.nodePath)));
    }
    const drill = (await centre.get(`/api/broadcasts/${id}/reach?nodeId=${dsq.id}`)).json();
    expect(drill.nodes.length).toBeGreaterThan(5);
    for (const node of drill.nodes) {
      expect(node, node.nodeName).toMatchObject(recount((p) => p.startsWith(node.nodePath)));
    }
    const xlsx = await centre.get(`/api/broadcasts/${id}/reach.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // The page's export link carries the UI language; strict queries still refuse anything else.
    const english = await centre.get(`/api/broadcasts/${id}/reach.xlsx?lang=en&nodeId=${dsq.id}`);
    expect(english.statusCode, english.body).toBe(200);
    const unknown = await centre.get(`/api/broadcasts/${id}/reach.xlsx?lang=en&colour=red`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['colour']);
    expect((await official.get(`/api/broadcasts/${id}/reach`)).statusCode).toBe(404);
  });
});
