import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { MULTIPART_TYPE, multipart, multipartHead, PNG_BYTES } from '../../../../test/platform.ts';
import type { Actor } from '../../core/access/index.ts';
import type { VolunteersTables } from '../volunteers/index.ts';
import { FieldworkRepository } from './fieldwork.repository.ts';
import { FieldworkService } from './fieldwork.service.ts';
import type { FieldworkTables } from './fieldwork.tables.ts';

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;
const dayOffset = (days: number) =>
  new Date(Date.now() + BEIJING + days * 24 * HOUR).toISOString().slice(0, 10);

describe.each(dialects)('fieldwork on %s', (dialect) => {
  let t: TestApp;
  let official: Client;
  let leader: Client & { user: { id: number } };
  let otherLeader: Client & { user: { id: number } };
  let service: FieldworkService;
  let teamId: number;
  let seq = 0;
  const db = () => t.ctx.db.withTables<FieldworkTables & VolunteersTables>();

  const makeTeam = async (name: string, leaderId: number) => {
    const n = await t.node('210881');
    const row = await db()
      .insertInto('alliance_teams')
      .values({
        node_id: n.id,
        node_path: n.path,
        name,
        type: 'rescue',
        leader_user_id: leaderId,
        status: 'active',
        skills: '[]',
        created_by: null,
        created_at: 0,
        updated_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  const volunteer = async (team: number) => {
    const c = await t.as('volunteer', '210881117207');
    // Taken before the next await: twelve volunteers made at once must not share a number.
    const mine = ++seq;
    const n = await t.node('210881117207');
    await db()
      .insertInto('alliance_volunteers')
      .values({
        user_id: c.user.id,
        team_id: team,
        team_type: 'rescue',
        node_id: n.id,
        node_path: n.path,
        name: `志愿者${mine}`,
        phone: `1370000${String(mine).padStart(4, '0')}`,
        id_number: null,
        skills: '[]',
        availability: null,
        source: 'import',
        pledge_name: null,
        pledged_at: null,
        created_by: null,
        created_at: 0,
      })
      .execute();
    return c;
  };
  const checkpoint = async (name: string, needs: Record<string, number>) => {
    const village = await t.node('210881117207');
    const node = (
      await official.post('/api/regions/nodes', { parentId: village.id, name, kind: 'checkpoint' })
    ).json();
    const res = await official.post('/api/fieldwork/checkpoints', {
      nodeId: node.id,
      kind: 'road_entry',
      location: `${name}路口`,
      hours: '00:00-24:00',
      needs,
    });
    expect(res.statusCode).toBe(200);
    return res.json().id as number;
  };
  const shiftsOf = async (cp: number) =>
    db()
      .selectFrom('field_shifts')
      .select(['id', 'starts_at', 'ends_at'])
      .where('checkpoint_id', '=', cp)
      .orderBy('starts_at')
      .execute();
  // Sign-ins are rate-limited per address: the later tests share one volunteer and one outsider.
  let worker: Client | undefined;
  const sharedVolunteer = async () => {
    worker ??= await volunteer(teamId);
    return worker;
  };
  let outsiderClient: Client | undefined;
  const outsiderOfficial = async () => {
    outsiderClient ??= await t.as('official', '210802');
    return outsiderClient;
  };
  const actorOf = (c: { user: { id: number } }) => ({ id: c.user.id, grants: [] }) as unknown as Actor;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    official = await t.as('official', '210881');
    leader = await t.as('team_leader', '210881');
    otherLeader = await t.as('team_leader', '210881');
    teamId = await makeTeam('蓝天救援队', leader.user.id);
    await makeTeam('蟠龙救援队', otherLeader.user.id);
    service = new FieldworkService(t.ctx, new FieldworkRepository(t.ctx.db));
  });
  afterAll(() => t.close());

  it('lets one team claim a checkpoint; another must request a hand-over the owner accepts', async () => {
    const cp = await checkpoint('北路口', { 设卡检查: 2 });
    const [a, b] = await Promise.all([
      leader.post(`/api/fieldwork/checkpoints/${cp}/claim`),
      otherLeader.post(`/api/fieldwork/checkpoints/${cp}/claim`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [owner, other] = a.statusCode === 200 ? [leader, otherLeader] : [otherLeader, leader];
    const req = await other.post(`/api/fieldwork/checkpoints/${cp}/handover`);
    expect(req.json().handover.toTeam.name).toBeTruthy();
    expect(
      (await other.post(`/api/fieldwork/handovers/${req.json().handover.id}/decision`, { accept: true }))
        .statusCode,
    ).toBe(403);
    const done = await owner.post(`/api/fieldwork/handovers/${req.json().handover.id}/decision`, {
      accept: true,
    });
    expect(done.json().team.name).toBe(req.json().handover.toTeam.name);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'fieldwork.%')
      .execute();
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['fieldwork.checkpoint-claimed', 'fieldwork.handover-accepted']),
    );
  });

  it('refuses collisions, runs over the cap, and shifts beyond the horizon; sign-up of several slots is all or none', async () => {
    const cp = await checkpoint('东路口', { 设卡检查: 2 });
    const cp2 = await checkpoint('西路口', { 设卡检查: 1 });
    for (const id of [cp, cp2])
      expect((await leader.post(`/api/fieldwork/checkpoints/${id}/claim`)).statusCode).toBe(200);
    expect(
      (
        await leader.post(`/api/fieldwork/checkpoints/${cp}/shifts`, {
          from: dayOffset(1),
          days: 10,
          template: '6x4',
        })
      ).json(),
    ).toEqual({ created: 60, skipped: 0 });
    await leader.post(`/api/fieldwork/checkpoints/${cp2}/shifts`, {
      from: dayOffset(1),
      days: 1,
      template: '3x8',
    });
    const v = await volunteer(teamId);
    const s = await shiftsOf(cp);
    const s2 = await shiftsOf(cp2);
    const slot = (id: number) => ({ shiftId: id, skill: '设卡检查' });
    const ok = await v.post('/api/fieldwork/signups', {
      slots: [slot(s[0]!.id), slot(s[1]!.id), slot(s[2]!.id)],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().signupIds).toHaveLength(3);
    const collision = await v.post('/api/fieldwork/signups', { slots: [slot(s2[0]!.id)] });
    expect(collision.json().error.code).toBe('SHIFT_COLLISION');
    const tooLong = await v.post('/api/fieldwork/signups', { slots: [slot(s[3]!.id)] });
    expect(tooLong.json().error.code).toBe('SHIFT_RUN_TOO_LONG');
    // After 8 hours of rest a new run may start; the whole request fails if one slot is bad.
    const mixed = await v.post('/api/fieldwork/signups', {
      slots: [slot(s[5]!.id), slot(s[s.length - 1]!.id)],
    });
    expect(mixed.json().error.code).toBe('SHIFT_BEYOND_HORIZON');
    expect((await v.post('/api/fieldwork/signups', { slots: [slot(s[5]!.id)] })).statusCode).toBe(200);
    const open = (await v.get(`/api/fieldwork/shifts?checkpointId=${cp}`)).json();
    expect(open.find((x: { id: number }) => x.id === s[0]!.id).seats[0]).toEqual({
      skill: '设卡检查',
      needed: 2,
      filled: 1,
    });
  });

  it('allows self sign-out only until the cut-off before the start', async () => {
    const cp = await checkpoint('南路口', { 排查: 1 });
    await leader.post(`/api/fieldwork/checkpoints/${cp}/claim`);
    await leader.post(`/api/fieldwork/checkpoints/${cp}/shifts`, {
      from: dayOffset(2),
      days: 1,
      template: '3x8',
    });
    const v = await volunteer(teamId);
    const [first, second] = await shiftsOf(cp);
    const ids = (
      await v.post('/api/fieldwork/signups', { slots: [{ shiftId: first!.id, skill: '排查' }] })
    ).json().signupIds;
    await expect(
      service.signOut(actorOf(v), ids[0], Number(first!.starts_at) - 2 * HOUR),
    ).rejects.toMatchObject({ code: 'SIGN_OUT_TOO_LATE' });
    expect((await v.delete(`/api/fieldwork/signups/${ids[0]}`)).statusCode).toBe(200);
    const seat = await db()
      .selectFrom('field_seats')
      .select('filled')
      .where('shift_id', '=', first!.id)
      .executeTakeFirstOrThrow();
    expect(seat.filled).toBe(0);
    expect(second).toBeTruthy();
  });

  it('gives the last seat of a shift to exactly one of many volunteers signing up at once', async () => {
    const cp = await checkpoint('集市', { 排查: 2 });
    await leader.post(`/api/fieldwork/checkpoints/${cp}/claim`);
    await leader.post(`/api/fieldwork/checkpoints/${cp}/shifts`, {
      from: dayOffset(3),
      days: 1,
      template: '3x8',
    });
    const [shift] = await shiftsOf(cp);
    const first = await volunteer(teamId);
    await first.post('/api/fieldwork/signups', { slots: [{ shiftId: shift!.id, skill: '排查' }] });
    const crowd = await Promise.all(Array.from({ length: 12 }, () => volunteer(teamId)));
    const results = await Promise.all(
      crowd.map((c) => c.post('/api/fieldwork/signups', { slots: [{ shiftId: shift!.id, skill: '排查' }] })),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.statusCode !== 200);
    expect(losers.every((r) => r.statusCode === 409 && r.json().error.code === 'SHIFT_FULL')).toBe(true);
    const signed = await db()
      .selectFrom('field_signups')
      .select('id')
      .where('shift_id', '=', shift!.id)
      .execute();
    expect(signed).toHaveLength(2);
  });

  it('checks in with the checkpoint code, shows the grid hour filled, and alerts a no-show', async () => {
    const cp = await checkpoint('车站', { 设卡检查: 1, 排查: 1 });
    await leader.post(`/api/fieldwork/checkpoints/${cp}/claim`);
    await leader.post(`/api/fieldwork/checkpoints/${cp}/shifts`, {
      from: dayOffset(0),
      days: 1,
      template: '6x4',
    });
    const now = Date.now();
    const current = (await shiftsOf(cp)).find((s) => Number(s.starts_at) <= now && Number(s.ends_at) > now)!;
    const present = await volunteer(teamId);
    const absent = await volunteer(teamId);
    await service.signUp(
      actorOf(present),
      [{ shiftId: current.id, skill: '设卡检查' }],
      Number(current.starts_at) - HOUR,
    );
    await service.signUp(
      actorOf(absent),
      [{ shiftId: current.id, skill: '排查' }],
      Number(current.starts_at) - HOUR,
    );
    const { code } = (await leader.get(`/api/fieldwork/checkpoints/${cp}/code`)).json();
    const wrongCode = code === '000000' ? '000001' : '000000';
    const refused = await present.post('/api/fieldwork/check-in', { code: wrongCode });
    expect(refused.json().error.fields[0].field).toBe('code');
    const checked = await present.post('/api/fieldwork/check-in', { code });
    expect(checked.statusCode).toBe(200);
    expect(checked.json().checkedInAt).toBeGreaterThan(0);
    const grid = (await leader.get(`/api/fieldwork/grid?teamId=${teamId}&hours=4`)).json();
    const row = grid.rows.find((r: { checkpointId: number }) => r.checkpointId === cp);
    expect(row.cells[0]).toMatchObject({ needed: 2, filled: 2 });
    const county = await t.node('210881');
    const leaderActor = {
      id: leader.user.id,
      grants: [{ id: 0, role: 'team_leader', nodeId: county.id, nodePath: county.path }],
    } as unknown as Actor;
    const late = await service.noShows(leaderActor, Number(current.starts_at) + 20 * 60_000);
    expect(late.map((a) => a.skill)).toEqual(['排查']);
    const out = await present.post('/api/fieldwork/check-out');
    expect(out.json().checkedOutAt).toBeGreaterThanOrEqual(checked.json().checkedInAt);

    // The leader marks a stand-in from the candidates the page offers: free members of the team.
    const spare = await volunteer(teamId);
    const candidates = (await leader.get(`/api/fieldwork/signups/${late[0]!.signupId}/stand-ins`)).json();
    const ids = candidates.map((c: { userId: number }) => c.userId);
    expect(ids).toContain(spare.user.id);
    expect(ids).not.toContain(present.user.id);
    expect(ids).not.toContain(absent.user.id);
    expect((await otherLeader.get(`/api/fieldwork/signups/${late[0]!.signupId}/stand-ins`)).statusCode).toBe(
      403,
    );
    const marked = await leader.post(`/api/fieldwork/signups/${late[0]!.signupId}/stand-in`, {
      userId: spare.user.id,
    });
    expect(marked.statusCode).toBe(200);
    const row2 = await db()
      .selectFrom('field_signups')
      .select(['user_id', 'stand_in_for'])
      .where('id', '=', late[0]!.signupId)
      .executeTakeFirstOrThrow();
    expect(row2).toMatchObject({ user_id: spare.user.id, stand_in_for: absent.user.id });
  });

  it('returns a lapsed task claim to the pool, closes a task with evidence the official sees', async () => {
    const village = await t.node('210881117207');
    const created = await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'other',
      title: '楼道消杀',
      windowStart: Date.now(),
      windowEnd: Date.now() + 8 * HOUR,
    });
    expect(created.json().created).toBe(1);
    const a = await volunteer(teamId);
    const b = await volunteer(teamId);
    const [task] = (await a.get('/api/fieldwork/tasks?status=open')).json();
    await service.claimTask(actorOf(a), task.id, Date.now() - 3 * HOUR);
    const pool = (await b.get('/api/fieldwork/tasks?status=open')).json();
    expect(pool.find((x: { id: number }) => x.id === task.id)).toMatchObject({
      status: 'open',
      claimExpiresAt: null,
    });
    expect((await b.post(`/api/fieldwork/tasks/${task.id}/claim`)).json()).toMatchObject({
      status: 'claimed',
      claimedByMe: true,
    });
    expect((await a.post(`/api/fieldwork/tasks/${task.id}/claim`)).json().error.code).toBe('TASK_TAKEN');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const { payload, headers } = multipart('after.png', png);
    const up = await b.request(
      'POST',
      `/api/files?ownerType=field-task&ownerId=${task.id}`,
      payload,
      headers,
    );
    expect(up.statusCode).toBe(201);
    const done = await b.post(`/api/fieldwork/tasks/${task.id}/outcome`, {
      outcome: 'done',
      note: '已消杀',
      counts: { 'm²': 300 },
    });
    expect(done.json().task).toMatchObject({ status: 'done', outcome: { counts: { 'm²': 300 } } });
    const files = (await official.get(`/api/files?ownerType=field-task&ownerId=${task.id}`)).json();
    expect(files).toHaveLength(1);
    const outsider = await outsiderOfficial();
    expect((await outsider.get(`/api/files?ownerType=field-task&ownerId=${task.id}`)).json()).toEqual([]);
    expect((await outsider.get('/api/fieldwork/tasks')).json()).toEqual([]);
  });

  it('uploads queued photos once after reconnect, including after a failed upload mid-way', async () => {
    const village = await t.node('210881117207');
    await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'screening',
      title: `离线排查${dialect}`,
      windowStart: Date.now(),
      windowEnd: Date.now() + 8 * HOUR,
    });
    const v = await sharedVolunteer();
    const task = (await v.get('/api/fieldwork/tasks?status=open'))
      .json()
      .find((x: { title: string }) => x.title === `离线排查${dialect}`);
    await v.post(`/api/fieldwork/tasks/${task.id}/claim`);
    const send = (clientId: string, name: string) => {
      const { payload, headers } = multipart(name, PNG_BYTES);
      return v.request('POST', `/api/fieldwork/tasks/${task.id}/evidence/${clientId}`, payload, headers);
    };
    // The phone's queue: two photos, then the completion made offline.
    const first = await send('photo-aaaa-0001', 'before.png');
    expect(first.json()).toMatchObject({ replayed: false });
    // The second upload is cut off mid-file (the network dropped): nothing is kept.
    const cut = Buffer.concat([multipartHead('after.png'), PNG_BYTES.subarray(0, 20)]);
    const broken = await v.request('POST', `/api/fieldwork/tasks/${task.id}/evidence/photo-aaaa-0002`, cut, {
      'content-type': MULTIPART_TYPE,
    });
    expect(broken.statusCode).toBe(400);
    // Back online, the queue sends everything again: the first photo's answer had been lost.
    const again = await send('photo-aaaa-0001', 'before.png');
    expect(again.json()).toMatchObject({ replayed: true, file: { id: first.json().file.id } });
    const second = await send('photo-aaaa-0002', 'after.png');
    expect(second.json()).toMatchObject({ replayed: false });
    const completedAt = Date.now() - 1;
    const body = { outcome: 'done', note: '离线完成', counts: { 户: 12 }, completedAt };
    const key = { 'idempotency-key': `done-${task.id}-${dialect}` };
    const closed = await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, body, key);
    expect(closed.json()).toMatchObject({
      task: { status: 'done' },
      receipt: { completedAt, replayed: false },
    });
    const replay = await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, body, key);
    expect(replay.json().receipt).toEqual({ ...closed.json().receipt, replayed: true });

    const files = (await official.get(`/api/files?ownerType=field-task&ownerId=${task.id}`)).json();
    expect(files.map((f: { name: string }) => f.name).sort()).toEqual(['after.png', 'before.png']);
    const audits = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'task')
      .where('entity_id', '=', String(task.id))
      .where('action', '=', 'fieldwork.task-done')
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('stores a photo sent twice at once only once', async () => {
    const village = await t.node('210881117207');
    await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'publicity',
      title: `双发${dialect}`,
      windowStart: Date.now(),
      windowEnd: Date.now() + 8 * HOUR,
    });
    const v = await sharedVolunteer();
    const task = (await v.get('/api/fieldwork/tasks?status=open'))
      .json()
      .find((x: { title: string }) => x.title === `双发${dialect}`);
    await v.post(`/api/fieldwork/tasks/${task.id}/claim`);
    const { payload, headers } = multipart('poster.png', PNG_BYTES);
    const results = await Promise.all(
      [0, 1].map(() =>
        v.request('POST', `/api/fieldwork/tasks/${task.id}/evidence/photo-bbbb-0001`, payload, headers),
      ),
    );
    for (const r of results) {
      if (r.statusCode !== 200) expect(r.json().error.code).toBe('EVIDENCE_UPLOADING');
    }
    expect(results.some((r) => r.statusCode === 200)).toBe(true);
    const files = (await official.get(`/api/files?ownerType=field-task&ownerId=${task.id}`)).json();
    expect(files).toHaveLength(1);
  });

  it('makes the next occurrence of a recurring task when it is done, once', async () => {
    const village = await t.node('210881117207');
    const start = Date.now() - HOUR;
    await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'other',
      title: `集市每日消杀${dialect}`,
      windowStart: start,
      windowEnd: start + 6 * HOUR,
      repeatDays: 1,
    });
    const v = await sharedVolunteer();
    const mine = async () =>
      (await official.get('/api/fieldwork/tasks'))
        .json()
        .filter((x: { title: string }) => x.title === `集市每日消杀${dialect}`);
    const [task] = await mine();
    expect(task.repeatDays).toBe(1);
    await v.post(`/api/fieldwork/tasks/${task.id}/claim`);
    const key = { 'idempotency-key': `recur-${task.id}-${dialect}` };
    await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, { outcome: 'done' }, key);
    await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, { outcome: 'done' }, key);
    const all = await mine();
    expect(all).toHaveLength(2);
    const next = all.find((x: { id: number }) => x.id !== task.id);
    expect(next).toMatchObject({
      status: 'open',
      repeatDays: 1,
      windowStart: start + 24 * HOUR,
      windowEnd: start + 30 * HOUR,
    });
  });

  it('lets a root official edit the task kinds; their skills gate the claim and their evidence the completion', async () => {
    const village = await t.node('210881117207');
    const body = { name: '入户测温', skills: ['测温'], photos: 1, counts: ['测温人数'] };
    expect((await official.put('/api/fieldwork/task-kinds/temperature', body)).statusCode).toBe(403);
    const command = await t.as('command_centre', '2108');
    const kinds = (await command.put('/api/fieldwork/task-kinds/temperature', body)).json();
    expect(kinds.find((k: { code: string }) => k.code === 'temperature')).toMatchObject({
      ...body,
      builtIn: false,
    });
    const bad = await command.put('/api/fieldwork/task-kinds/Bad-Code', body);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'code', code: 'TASK_KIND_FORMAT' });
    const unknown = await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'no_such_kind',
      title: 'x',
      windowStart: Date.now(),
      windowEnd: Date.now() + HOUR,
    });
    expect(unknown.json().error).toMatchObject({ code: 'TASK_KIND_UNKNOWN', fields: [{ field: 'kind' }] });

    await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'temperature',
      title: `入户测温${dialect}`,
      windowStart: Date.now(),
      windowEnd: Date.now() + 8 * HOUR,
    });
    const v = await volunteer(teamId);
    const [task] = (await v.get('/api/fieldwork/tasks?status=open'))
      .json()
      .filter((x: { title: string }) => x.title === `入户测温${dialect}`);
    expect(task).toMatchObject({ kindName: '入户测温', requires: { photos: 1, counts: ['测温人数'] } });
    const refused = await v.post(`/api/fieldwork/tasks/${task.id}/claim`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TASK_SKILL_MISSING');
    expect(refused.json().error.message).toContain('测温');
    await db()
      .updateTable('alliance_volunteers')
      .set({ skills: JSON.stringify(['测温']) })
      .where('user_id', '=', v.user.id)
      .execute();
    expect((await v.post(`/api/fieldwork/tasks/${task.id}/claim`)).json().status).toBe('claimed');

    const noCount = await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, { outcome: 'done' });
    expect(noCount.json().error).toMatchObject({
      code: 'TASK_COUNTS_MISSING',
      fields: [{ field: 'counts' }],
    });
    const counts = { 测温人数: 40 };
    const noPhoto = await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, { outcome: 'done', counts });
    expect(noPhoto.json().error).toMatchObject({
      code: 'TASK_PHOTOS_MISSING',
      fields: [{ field: 'photos' }],
    });
    expect(noPhoto.json().error.message).toContain('1');
    const { payload, headers } = multipart('thermo.png', PNG_BYTES);
    const up = await v.request(
      'POST',
      `/api/fieldwork/tasks/${task.id}/evidence/thermo-0001`,
      payload,
      headers,
    );
    expect(up.statusCode).toBe(200);
    const done = await v.post(`/api/fieldwork/tasks/${task.id}/outcome`, { outcome: 'done', counts });
    expect(done.json().task).toMatchObject({ status: 'done', outcome: { counts } });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'fieldwork.task-kind-set')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('sends one task to each place under the chosen ones (every building of these compounds)', async () => {
    const village = await t.node('210881117207');
    const parent = (
      await official.post('/api/regions/nodes', {
        parentId: village.id,
        name: `批次小区${dialect}`,
        kind: 'checkpoint',
      })
    ).json();
    for (const name of ['1号楼', '2号楼', '3号楼'])
      await official.post('/api/regions/nodes', { parentId: parent.id, name, kind: 'checkpoint' });
    const res = await official.post('/api/fieldwork/tasks', {
      nodeIds: [parent.id],
      eachChild: true,
      kind: 'disinfection',
      title: `逐栋消杀${dialect}`,
      windowStart: Date.now(),
      windowEnd: Date.now() + 8 * HOUR,
    });
    expect(res.json().created).toBe(3);
    const tasks = (await official.get(`/api/fieldwork/tasks?nodeId=${parent.id}`)).json();
    expect(tasks.map((x: { place: string }) => x.place).sort()).toEqual(['1号楼', '2号楼', '3号楼']);
  });

  it('lists overdue tasks to the official who created them', async () => {
    const village = await t.node('210881117207');
    await official.post('/api/fieldwork/tasks', {
      nodeIds: [village.id],
      kind: 'delivery',
      title: `逾期配送${dialect}`,
      windowStart: Date.now() - 5 * HOUR,
      windowEnd: Date.now() - HOUR,
    });
    const overdue = (await official.get('/api/fieldwork/tasks?createdByMe=true&overdue=true')).json();
    expect(overdue.map((x: { title: string }) => x.title)).toContain(`逾期配送${dialect}`);
    expect(overdue.every((x: { overdue: boolean; createdByMe: boolean }) => x.overdue && x.createdByMe)).toBe(
      true,
    );
    expect((await leader.get('/api/fieldwork/tasks?createdByMe=true&overdue=true')).json()).toEqual([]);
  });

  it('registers a meal brought to a checkpoint and shows it to the team on duty, not to outsiders', async () => {
    const cp = await checkpoint('饭点卡点', { 设卡检查: 1 });
    await leader.post(`/api/fieldwork/checkpoints/${cp}/claim`);
    const resident = await outsiderOfficial();
    const points = (await resident.get('/api/fieldwork/support-points?q=饭点')).json();
    expect(points.map((p: { id: number }) => p.id)).toContain(cp);
    const brought = await resident.post(`/api/fieldwork/checkpoints/${cp}/supports`, {
      giver: '老王面馆',
      what: '热汤面',
      quantity: '12 碗',
    });
    expect(brought.statusCode).toBe(200);
    const v = await sharedVolunteer();
    expect((await v.get(`/api/fieldwork/checkpoints/${cp}/supports`)).json()).toEqual([
      expect.objectContaining({ giver: '老王面馆', what: '热汤面', quantity: '12 碗' }),
    ]);
    expect((await resident.get(`/api/fieldwork/checkpoints/${cp}/supports`)).statusCode).toBe(404);
  });

  it('edits a checkpoint plan and issues a service certificate from check-in and check-out', async () => {
    const cp = await checkpoint('证明卡点', { 设卡检查: 1 });
    const edited = await official.put(`/api/fieldwork/checkpoints/${cp}`, {
      kind: 'market',
      location: '集市东口',
      hours: '06:00-22:00',
      needs: { 设卡检查: 2, 排查: 1 },
    });
    expect(edited.json()).toMatchObject({ kind: 'market', hours: '06:00-22:00', needs: { 排查: 1 } });
    const v = await sharedVolunteer();
    const pdf = await v.get('/api/fieldwork/my-duty/certificate.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('scopes checkpoints: an official of another district sees none, a volunteer may not read the grid', async () => {
    const outsider = await outsiderOfficial();
    expect((await outsider.get('/api/fieldwork/checkpoints')).json()).toEqual([]);
    const any = (await official.get('/api/fieldwork/checkpoints')).json();
    expect((await outsider.get(`/api/fieldwork/checkpoints/${any[0].id}`)).statusCode).toBe(404);
    const v = await volunteer(teamId);
    expect((await v.get('/api/fieldwork/grid')).statusCode).toBe(403);
  });
});
