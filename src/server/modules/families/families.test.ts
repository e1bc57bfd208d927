import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { baseUrlOf, openStream } from '../../../../test/platform.ts';
import { inTransaction } from '../../core/db/index.ts';
import { addDays, beijingDay } from '../../core/figures/index.ts';
import type { FieldworkTables } from '../fieldwork/index.ts';
import type { VolunteersTables } from '../volunteers/index.ts';
import { FamiliesRepository } from './families.repository.ts';
import { FamiliesService } from './families.service.ts';
import type { FamilyTables } from './families.tables.ts';

const VILLAGE = '210881117207';
const STREET = '210881117';
const OTHER_VILLAGE = '210802001003';

describe.each(dialects)('families on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let centre: Client & { user: { id: number } };
  let community: Client & { user: { id: number } };
  let street: Client & { user: { id: number } };
  let otherVillage: Client;
  let stranger: Client;
  let liaison: Client & { user: { id: number; phone: string } };
  let volunteer: Client & { user: { id: number; phone: string } };
  let otherVolunteer: Client & { user: { id: number; phone: string } };
  let family: Client & { user: { id: number; phone: string } };
  let service: FamiliesService;
  let batchId: number;
  let villageId: number;
  const today = beijingDay(Date.now());

  const deliveriesOf = async (familyId: number) =>
    t.ctx.db
      .withTables<FamilyTables>()
      .selectFrom('family_deliveries')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('day')
      .execute();

  const register = async (over: Record<string, unknown> = {}) => {
    const res = await community.post('/api/families', {
      nodeId: villageId,
      batchId,
      workerName: '王丽',
      profession: '护士',
      hospital: '营口市中心医院',
      destination: '湖北省武汉市',
      outDay: addDays(today, -10),
      members: [
        { name: '李海波', relation: '配偶' },
        { name: '王小雪', relation: '子女', age: 7 },
      ],
      address: '贾屯村 3组 8号',
      phone: '13904175555',
      needs: ['groceries', 'child_pickup'],
      liaisonId: liaison.user.id,
      familyUserId: family.user.id,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  /** A weekly grocery service on tomorrow's weekday, so its occurrence is open whatever the hour. */
  const weekly = async (familyId: number, by: Client = liaison) => {
    const weekday = ((new Date(`${addDays(today, 1)}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const res = await by.post(`/api/families/${familyId}/services`, {
      kind: 'groceries',
      cadence: 'weekly',
      weekday,
      windowStart: 540,
      windowEnd: 720,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = baseUrlOf(t.app.server);
    centre = await t.as('command_centre', '2108');
    community = await t.as('official', VILLAGE);
    street = await t.as('official', STREET);
    otherVillage = await t.as('official', OTHER_VILLAGE);
    stranger = await t.as('volunteer', VILLAGE);
    liaison = await t.as('volunteer', OTHER_VILLAGE);
    volunteer = await t.as('volunteer', VILLAGE);
    otherVolunteer = await t.as('volunteer', VILLAGE);
    family = await t.as('resident', VILLAGE);
    villageId = (await t.node(VILLAGE)).id;
    service = new FamiliesService(t.ctx, new FamiliesRepository(t.ctx.db));
    const batch = await centre.post('/api/family-batches', {
      name: '第一批',
      destination: '湖北省武汉市',
      sentDay: addDays(today, -10),
    });
    expect(batch.statusCode, batch.body).toBe(201);
    batchId = batch.json().id;
  });
  afterAll(() => t.close());

  it('shows the register only to the liaison, the community and the centre, and audits each unmasked read', async () => {
    const { id } = await register();
    for (const who of [street, otherVillage, stranger, volunteer]) {
      expect((await who.get(`/api/families/${id}`)).statusCode).toBe(404);
      const list = (await who.get('/api/families')).json();
      expect(list.items.map((f: { id: number }) => f.id)).not.toContain(id);
    }
    expect((await street.post('/api/families', { nodeId: villageId })).statusCode).toBe(400);
    for (const who of [liaison, community, centre, family]) {
      const res = await who.get(`/api/families/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ address: '贾屯村 3组 8号', phone: '13904175555', masked: false });
    }
    // Lists are masked: the address and phone come only with the audited page of one family.
    const list = (await liaison.get('/api/families')).json();
    expect(JSON.stringify(list)).not.toMatch(/13904175555|3组 8号|李海波/);
    expect(list.items.some((f: { id: number }) => f.id === id)).toBe(true);
    const reads = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id'])
      .where('action', '=', 'personal.read')
      .where('entity_type', '=', 'family')
      .where('entity_id', '=', String(id))
      .execute();
    expect(reads.map((r) => Number(r.actor_id)).sort()).toEqual(
      [liaison.user.id, community.user.id, centre.user.id, family.user.id].sort(),
    );
    // The family's own account reads but does not manage.
    expect(
      (
        await family.post(`/api/families/${id}/services`, {
          kind: 'groceries',
          cadence: 'daily',
          windowStart: 540,
          windowEnd: 600,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('shows a volunteer the address only for the open delivery they hold, and audits that read', async () => {
    const { id } = await register({ address: '贾屯村 5组 2号' });
    await weekly(id);
    const [d] = await deliveriesOf(id);
    expect(d).toBeDefined();
    const assigned = await liaison.post(`/api/family-deliveries/${d!.id}/assign`, {
      volunteerPhone: volunteer.user.phone,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const held = (await volunteer.get('/api/family-deliveries/mine')).json();
    expect(held.find((h: { id: number }) => h.id === d!.id)).toMatchObject({
      address: '贾屯村 5组 2号',
      status: 'open',
    });
    const others = (await otherVolunteer.get('/api/family-deliveries/mine')).json();
    expect(JSON.stringify(others)).not.toContain('5组 2号');
    expect((await volunteer.get(`/api/families/${id}`)).statusCode).toBe(404);
    // Another volunteer cannot confirm a delivery they do not hold.
    expect(
      (await otherVolunteer.post(`/api/family-deliveries/${d!.id}/confirm`, { code: d!.code })).statusCode,
    ).toBe(404);

    const wrong = d!.code === '0000' ? '0001' : '0000';
    const bad = await volunteer.post(`/api/family-deliveries/${d!.id}/confirm`, { code: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('code');
    // The family's account reads the code it gives at the door; the liaison's view does not carry it.
    const codes = (await family.get(`/api/families/${id}/deliveries`)).json();
    expect(codes.find((x: { id: number }) => x.id === d!.id).code).toBe(d!.code);
    const liaisonView = (await liaison.get(`/api/families/${id}/deliveries`)).json();
    expect(liaisonView.find((x: { id: number }) => x.id === d!.id).code).toBeNull();

    const ok = await volunteer.post(`/api/family-deliveries/${d!.id}/confirm`, { code: d!.code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', confirmedBy: 'code' });
    const after = (await volunteer.get('/api/family-deliveries/mine')).json();
    expect(after.find((h: { id: number }) => h.id === d!.id)).toMatchObject({
      status: 'done',
      address: null,
      phone: null,
    });

    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail', 'reason'])
      .where('action', '=', 'personal.read')
      .where('actor_id', '=', volunteer.user.id)
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.reason).toBe('delivery');
    expect(JSON.parse(audited[0]!.detail!).deliveryIds).toEqual([d!.id]);
  });

  it('lets the liaison edit the record, the community hand the family to another liaison, and refuses the rest', async () => {
    const { id } = await register({ address: '贾屯村 1组 1号' });
    await weekly(id);
    const [open] = await deliveriesOf(id);
    const edited = await liaison.patch(`/api/families/${id}`, {
      address: '贾屯村 9组 9号',
      needs: ['medicine'],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ address: '贾屯村 9组 9号', needs: ['medicine'], masked: false });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'family.edited')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    // The audit names the fields, never the new address itself.
    expect(JSON.parse(audit.detail!)).toEqual({ fields: ['address', 'needs'] });
    expect(audit.detail).not.toContain('9组');

    const next = await t.as('volunteer', OTHER_VILLAGE);
    // Outsiders, the family's own account and the liaison cannot name another liaison.
    for (const who of [family, street, otherVillage, stranger])
      expect((await who.patch(`/api/families/${id}`, { address: 'x' })).statusCode).toBe(404);
    const refused = await liaison.patch(`/api/families/${id}`, { liaisonPhone: next.user.phone });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.fields[0].field).toBe('liaisonPhone');
    // Hostile and malformed input: a field error each, and nothing written.
    for (const [body, field] of [
      [{}, 'workerName'],
      [{ phone: '12345' }, 'phone'],
      [{ nodeId: villageId }, undefined],
      [{ liaisonPhone: '13999999999' }, 'liaisonPhone'],
      [{ liaisonId: next.user.id, liaisonPhone: next.user.phone }, 'liaisonPhone'],
      [{ members: [] }, 'members'],
      [{ address: 'a\u0000b' }, 'address'],
    ] as const) {
      const res = await community.patch(`/api/families/${id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await community.get(`/api/families/${id}`)).json()).toMatchObject({
      address: '贾屯村 9组 9号',
      liaisonId: liaison.user.id,
    });

    const handed = await community.patch(`/api/families/${id}`, { liaisonPhone: next.user.phone });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json()).toMatchObject({ liaisonId: next.user.id, liaisonPhone: next.user.phone });
    // The open delivery follows the family to the new liaison; the old one loses the family.
    expect((await deliveriesOf(id)).find((d) => d.id === open!.id)?.liaison_id).toBe(next.user.id);
    expect((await next.get(`/api/families/${id}`)).statusCode).toBe(200);
    expect((await liaison.get(`/api/families/${id}`)).statusCode).toBe(404);
    const moved = await t.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'family.edited')
      .where('entity_id', '=', String(id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(moved.detail!)).toMatchObject({
      fields: ['liaisonId'],
      liaison: { from: liaison.user.id, to: next.user.id },
      deliveriesMoved: 1,
    });
    await community.patch(`/api/families/${id}`, { liaisonId: liaison.user.id });
  });

  it('pauses a service, withdrawing visits not yet begun, and resumes it with the coming week regenerated', async () => {
    const { id } = await register();
    const { id: serviceId } = await weekly(id);
    const [d] = await deliveriesOf(id);
    expect(d).toBeDefined();
    await liaison.post(`/api/family-deliveries/${d!.id}/assign`, { volunteerPhone: volunteer.user.phone });

    const noReason = await liaison.post(`/api/family-services/${serviceId}/pause`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');
    for (const who of [family, street, stranger, volunteer])
      expect((await who.post(`/api/family-services/${serviceId}/pause`, { reason: '外出' })).statusCode).toBe(
        404,
      );
    expect(await deliveriesOf(id)).toHaveLength(1);

    const paused = await liaison.post(`/api/family-services/${serviceId}/pause`, {
      reason: '孩子去外婆家一周',
    });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ active: false, pauseReason: '孩子去外婆家一周' });
    expect(await deliveriesOf(id)).toHaveLength(0);
    expect(
      (await liaison.post(`/api/family-services/${serviceId}/pause`, { reason: '再停' })).statusCode,
    ).toBe(409);
    // The job makes nothing for a paused service, and the volunteer was told the visit is off.
    await service.generate();
    expect(await deliveriesOf(id)).toHaveLength(0);
    const told = await t.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'families.delivery-withdrawn')
      .where('user_id', '=', volunteer.user.id)
      .execute();
    expect(told.map((e) => JSON.parse(e.payload).deliveryId)).toContain(d!.id);
    expect(
      JSON.stringify(await volunteer.get('/api/family-deliveries/mine').then((r) => r.json())),
    ).not.toContain(`"id":${d!.id},`);

    const resumed = await community.post(`/api/family-services/${serviceId}/resume`);
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ active: true, pauseReason: '' });
    const again = await deliveriesOf(id);
    expect(again).toHaveLength(1);
    expect(again[0]!.day).toBe(d!.day);
    expect((await community.post(`/api/family-services/${serviceId}/resume`)).statusCode).toBe(409);
    const actions = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(id))
      .where('action', 'like', 'family.service-%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'family.service-added',
      'family.service-paused',
      'family.service-resumed',
    ]);
  });

  it('dispatches a delivery as a field-work task whose claimer holds it, once, and without naming the family', async () => {
    const { id } = await register({ address: '贾屯村 7组 7号' });
    await weekly(id);
    const [d] = await deliveriesOf(id);
    for (const who of [liaison, family, stranger])
      expect((await who.post(`/api/family-deliveries/${d!.id}/dispatch`)).statusCode).toBe(403);
    expect((await otherVillage.post(`/api/family-deliveries/${d!.id}/dispatch`)).statusCode).toBe(404);
    const sent = await community.post(`/api/family-deliveries/${d!.id}/dispatch`);
    expect(sent.statusCode, sent.body).toBe(200);
    const taskId = sent.json().taskId as number;
    expect(taskId).toBeGreaterThan(0);
    expect((await community.post(`/api/family-deliveries/${d!.id}/dispatch`)).json().error.code).toBe(
      'DELIVERY_DISPATCHED',
    );
    const db = t.ctx.db.withTables<FieldworkTables & VolunteersTables>();
    const task = await db
      .selectFrom('field_tasks')
      .selectAll()
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ kind: 'delivery', status: 'open', node_id: villageId });
    expect(task.title).toContain('送菜');
    expect(task.title).not.toMatch(/王丽|7组/);

    // A volunteer of a team covering the village claims the task and so holds the delivery.
    const village = await t.node(VILLAGE);
    const team = await db
      .insertInto('alliance_teams')
      .values({
        node_id: village.id,
        node_path: village.path,
        name: `送菜队${dialect}`,
        type: 'rescue',
        leader_user_id: community.user.id,
        status: 'active',
        skills: '[]',
        created_by: null,
        created_at: 0,
        updated_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runner = await t.as('volunteer', VILLAGE);
    await db
      .insertInto('alliance_volunteers')
      .values({
        user_id: runner.user.id,
        team_id: Number(team.id),
        team_type: 'rescue',
        node_id: village.id,
        node_path: village.path,
        name: '送菜志愿者',
        phone: runner.user.phone,
        id_number: null,
        // A delivery task asks for this skill (fieldwork's task kinds); without it the claim is refused.
        skills: '["物资配送"]',
        availability: null,
        source: 'import',
        pledge_name: null,
        pledged_at: null,
        created_by: null,
        created_at: 0,
      })
      .execute();
    const claim = await runner.post(`/api/fieldwork/tasks/${taskId}/claim`);
    expect(claim.statusCode, claim.body).toBe(200);
    const holder = async () => (await deliveriesOf(id)).find((x) => x.id === d!.id)?.volunteer_id ?? null;
    await t.ctx.events.consumers.catchUp(Date.now() + 120_000);
    expect(await holder()).toBe(runner.user.id);
    const held = (await runner.get('/api/family-deliveries/mine')).json();
    expect(held.find((h: { id: number }) => h.id === d!.id)).toMatchObject({ address: '贾屯村 7组 7号' });
    // A replayed event writes nothing twice.
    await t.ctx.events.consumers.catchUp(Date.now() + 120_000);
    const assigned = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'family.delivery-assigned')
      .where('entity_id', '=', String(id))
      .execute();
    expect(assigned).toHaveLength(1);

    // Giving the task up ("can't do") releases the delivery and its address.
    const cannot = await runner.post(`/api/fieldwork/tasks/${taskId}/outcome`, {
      outcome: 'cannot',
      reason: '车坏了',
    });
    expect(cannot.statusCode, cannot.body).toBe(200);
    await t.ctx.events.consumers.catchUp(Date.now() + 120_000);
    expect(await holder()).toBeNull();
    expect(JSON.stringify((await runner.get('/api/family-deliveries/mine')).json())).not.toContain('7组');
  });

  it('generates each occurrence once however often the job runs, and keeps a done one done', async () => {
    const { id } = await register();
    await weekly(id);
    const daily = await liaison.post(`/api/families/${id}/services`, {
      kind: 'child_pickup',
      cadence: 'daily',
      windowStart: 1439,
      windowEnd: 1440,
    });
    expect(daily.statusCode, daily.body).toBe(201);
    const first = await deliveriesOf(id);
    // One weekly occurrence and the daily ones of the coming week (today's too, its window is still ahead).
    expect(first.filter((d) => d.kind === 'groceries')).toHaveLength(1);
    expect(first.filter((d) => d.kind === 'child_pickup').map((d) => d.day)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(today, n)),
    );
    const done = first.find((d) => d.kind === 'groceries')!;
    const call = await liaison.post(`/api/family-deliveries/${done.id}/call`, { note: '电话确认已收到' });
    expect(call.json()).toMatchObject({ status: 'done', confirmedBy: 'call' });

    await Promise.all([service.generate(), service.generate()]);
    await service.generate();
    const again = await deliveriesOf(id);
    const ids = (rows: Array<{ id: number }>) => rows.map((d) => d.id).sort((a, b) => a - b);
    expect(ids(again)).toEqual(ids(first));
    expect(again.find((d) => d.id === done.id)).toMatchObject({ status: 'done', confirmed_by: 'call' });

    // A day later the next daily occurrence appears, and only that one.
    await service.generate(Date.now() + 86_400_000);
    expect((await deliveriesOf(id)).length).toBe(first.length + 1);
  });

  it('turns a delivery past its window into a missed alert that reaches the liaison and the community live', async () => {
    const { id } = await register();
    await weekly(id);
    const [d] = await deliveriesOf(id);
    const liaisonStream = await openStream(base, liaison.cookie);
    const communityStream = await openStream(base, community.cookie);
    const streetStream = await openStream(base, street.cookie);

    const marked = await service.markMissed(Number(d!.due_by) + 1);
    expect(marked).toBeGreaterThanOrEqual(1);
    const isMine = (f: { type: string; data: { payload: Record<string, unknown> } }) =>
      f.type === 'families.delivery-missed' && f.data.payload.deliveryId === d!.id;
    await liaisonStream.waitFor(isMine);
    await communityStream.waitFor(isMine);
    // The street official's stream gets a later private marker but never the alert.
    await inTransaction(t.ctx.db, (trx) =>
      t.ctx.events.append(trx, {
        type: 'test.marker',
        nodePath: d!.node_path as string,
        userId: street.user.id,
        payload: { name: 'marker' },
      }),
    );
    await streetStream.waitFor((f) => f.type === 'test.marker');
    expect(streetStream.frames.some(isMine)).toBe(false);
    for (const s of [liaisonStream, communityStream, streetStream]) s.close();

    // Marked once: a second run adds no second alert, and a late code is refused.
    expect(await service.markMissed(Number(d!.due_by) + 1)).toBe(0);
    const alerts = await t.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'families.delivery-missed')
      .execute();
    expect(alerts.filter((a) => JSON.parse(a.payload).deliveryId === d!.id)).toHaveLength(1);
    const late = await liaison.post(`/api/family-deliveries/${d!.id}/confirm`, { code: d!.code });
    expect(late.statusCode).toBe(409);

    const page = (await liaison.get(`/api/families/${id}/deliveries`)).json();
    expect(page.find((x: { id: number }) => x.id === d!.id).status).toBe('missed');
    const todo = (await liaison.get('/api/families/todo')).json();
    expect(todo.deliveries.concat(todo.missed).some((x: { id: number }) => x.id === d!.id)).toBe(
      d!.day <= today,
    );
    const source = t.ctx.attention.list().find((a) => a.key === 'families.missed-deliveries')!;
    const attention = await source.list(t.ctx.db, (await t.node(VILLAGE)).path, Number(d!.due_by) + 2, 50);
    expect(attention.items.map((i) => i.link)).toContain(`/families/${id}`);
  });

  it("raises a family's urgent need to its liaison and community live, not to a street official", async () => {
    const { id } = await register();
    const liaisonStream = await openStream(base, liaison.cookie);
    const communityStream = await openStream(base, community.cookie);
    const res = await family.post(`/api/families/${id}/needs`, {
      kind: 'medicine',
      text: '老人降压药快吃完了',
    });
    expect(res.statusCode, res.body).toBe(201);
    const needId = res.json().id;
    const match = (f: { type: string; data: { payload: Record<string, unknown> } }) =>
      f.type === 'families.urgent-need' && f.data.payload.needId === needId;
    await liaisonStream.waitFor(match);
    await communityStream.waitFor(match);
    liaisonStream.close();
    communityStream.close();
    expect((await street.post(`/api/families/${id}/needs`, { kind: 'medicine', text: 'x' })).statusCode).toBe(
      404,
    );
    const todo = (await liaison.get('/api/families/todo')).json();
    expect(todo.needs.map((n: { id: number }) => n.id)).toContain(needId);
    const handled = await liaison.post(`/api/family-needs/${needId}/handled`);
    expect(handled.json().status).toBe('handled');
  });

  it('counts the week on the dashboard and names returned batches in the chronicle', async () => {
    const { id } = await register();
    await weekly(id);
    const village = await t.node(VILLAGE);
    const figure = (key: string) => t.ctx.figures.get(key)!;
    const monday = addDays(today, 1 - (((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1));
    const rows = await t.ctx.db
      .withTables<FamilyTables>()
      .selectFrom('family_deliveries')
      .select(['status'])
      .where('node_path', '>=', village.path)
      .where('day', '>=', monday)
      .where('day', '<=', addDays(monday, 6))
      .execute();
    const window = { day: today, start: 0, end: Date.now() + 86_400_000, now: Date.now() };
    expect(await figure('families.deliveries-due-week').compute(t.ctx.db, village.path, window)).toBe(
      rows.length,
    );
    expect(await figure('families.deliveries-done-week').compute(t.ctx.db, village.path, window)).toBe(
      rows.filter((r) => r.status === 'done').length,
    );
    expect(await figure('families.cared-for').compute(t.ctx.db, village.path, window)).toBeGreaterThan(0);

    const back = await centre.post(`/api/family-batches/${batchId}/returned`, { returnedDay: today });
    expect(back.statusCode, back.body).toBe(200);
    expect(await figure('families.cared-for').compute(t.ctx.db, village.path, window)).toBe(0);
    const events = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('type', 'like', 'families.batch-%')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['families.batch-returned', 'families.batch-sent']);
    expect(
      (await community.post(`/api/family-batches/${batchId}/returned`, { returnedDay: today })).statusCode,
    ).toBe(403);
  });
});
