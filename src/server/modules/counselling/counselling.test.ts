import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';
import { CounsellingRepository, createCounsellingService } from './index.ts';

describe.each(dialects)('counselling on %s', (dialect) => {
  let t: TestApp;
  let counsellor: Client;
  let officers: Array<Client & { user: TestUser }>;
  let centre: Client;
  let official: Client;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    counsellor = await t.as('counsellor', '2108');
    officers = [];
    for (let i = 0; i < 8; i += 1) officers.push(await t.as('volunteer', '210881117207'));
    centre = await t.as('command_centre', '2108');
    official = await t.as('official', '210881117207');
  });
  afterAll(() => t.close());

  it('books the last slot once when eight people ask at the same moment', async () => {
    const slot = (
      await counsellor.post('/api/counselling/slots', { startsAt: Date.now() + 86_400_000, minutes: 50 })
    ).json();
    const results = await Promise.all(
      officers.map((o, i) => o.post(`/api/counselling/slots/${slot.id}/book`, { alias: `民警${i}` })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(
      results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'SLOT_TAKEN'),
    ).toBe(true);
    const rows = await t.ctx.db
      .selectFrom('counselling_bookings' as never)
      .select('id' as never)
      .where('slot_id' as never, '=', slot.id as never)
      .execute();
    expect(rows).toHaveLength(1);
    const open = (await officers[0]!.get('/api/counselling/slots')).json() as Array<{ id: number }>;
    expect(open.some((s) => s.id === slot.id)).toBe(false);
  });

  it('shows the counsellor the alias only, never the account, and fills in nothing by itself', async () => {
    const slot = (
      await counsellor.post('/api/counselling/slots', { startsAt: Date.now() + 2 * 86_400_000, minutes: 30 })
    ).json();
    const booker = officers[0]!;
    const res = await booker.post(`/api/counselling/slots/${slot.id}/book`, { alias: '夜班民警' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ alias: '夜班民警', phone: null });
    const seen = (await counsellor.get('/api/counselling/bookings')).json();
    expect(seen.find((b: { id: number }) => b.id === res.json().id)).toMatchObject({ alias: '夜班民警' });
    const text = JSON.stringify(seen);
    expect(text).toContain('夜班民警');
    expect(text).not.toContain(booker.user.phone);
    expect(text).not.toMatch(/volunteer@|bookerId|booker_id/);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'counselling.booked')
      .execute();
    expect(audit.map((a) => a.detail).join()).not.toContain('夜班民警');
    // Only counsellors see bookings.
    expect((await booker.get('/api/counselling/bookings')).statusCode).toBe(403);
  });

  it('lets the booker cancel (the slot opens again) and the counsellor record a no-show, once', async () => {
    const slot = (
      await counsellor.post('/api/counselling/slots', { startsAt: Date.now() + 3 * 86_400_000, minutes: 50 })
    ).json();
    const booker = officers[1]!;
    const booking = (await booker.post(`/api/counselling/slots/${slot.id}/book`, {})).json();
    expect(booking).toMatchObject({ alias: null, phone: null });
    // Somebody else's booking is not theirs to cancel.
    expect(
      (await officers[2]!.post(`/api/counselling/my-bookings/${booking.id}/cancel`, {})).statusCode,
    ).toBe(404);
    expect((await booker.post(`/api/counselling/my-bookings/${booking.id}/cancel`, {})).statusCode).toBe(200);
    const mine = (await booker.get('/api/counselling/my-bookings')).json();
    expect(mine.find((b: { id: number }) => b.id === booking.id).status).toBe('cancelled');
    const open = (await booker.get('/api/counselling/slots')).json() as Array<{ id: number }>;
    expect(open.some((s) => s.id === slot.id)).toBe(true);

    const again = (
      await officers[3]!.post(`/api/counselling/slots/${slot.id}/book`, { alias: '家属' })
    ).json();
    const noShow = await counsellor.post(`/api/counselling/bookings/${again.id}/outcome`, {
      status: 'no_show',
    });
    expect(noShow.statusCode, noShow.body).toBe(200);
    const twice = await counsellor.post(`/api/counselling/bookings/${again.id}/outcome`, { status: 'done' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('BOOKING_CLOSED');
    const schedule = (await counsellor.get('/api/counselling/schedule')).json();
    expect(schedule.find((s: { id: number }) => s.id === slot.id)).toMatchObject({ status: 'booked' });
  });

  it('sends "I need help now" live to the counsellors, escalates it unanswered after the set time, and tells the command centre counts only', async () => {
    const asker = officers[4]!;
    const res = await asker.post('/api/counselling/crises', { alias: '求助者甲', phone: '13904178888' });
    expect(res.statusCode, res.body).toBe(201);
    const ack = res.json();
    expect(ack).toMatchObject({ status: 'open', hotline: '12356' });
    const live = await t.ctx.db
      .selectFrom('events')
      .select(['permission', 'payload'])
      .where('type', '=', 'counselling.crisis')
      .execute();
    expect(live.at(-1)).toMatchObject({ permission: 'counselling.publish' });
    expect(live.at(-1)!.payload).not.toContain('求助者甲');
    const board = (await counsellor.get('/api/counselling/crises')).json();
    expect(board.find((c: { id: number }) => c.id === ack.id)).toMatchObject({
      alias: '求助者甲',
      status: 'open',
    });

    // Nobody answers: the job escalates it once the set time has passed, not before.
    const service = createCounsellingService(t.ctx, 5 * 60_000);
    expect(await service.escalateUnanswered(ack.createdAt + 4 * 60_000)).toBe(0);
    expect(await service.escalateUnanswered(ack.createdAt + 6 * 60_000)).toBeGreaterThanOrEqual(1);
    expect(await service.escalateUnanswered(ack.createdAt + 7 * 60_000)).toBe(0);
    const escalation = await t.ctx.db
      .selectFrom('events')
      .select(['permission', 'payload'])
      .where('type', '=', 'counselling.crisis-escalated')
      .execute();
    const mineEsc = escalation.find((e) => JSON.parse(e.payload).crisisId === ack.id)!;
    expect(mineEsc.permission).toBe('counselling.supervise');
    expect(mineEsc.payload).not.toContain('求助者甲');
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'counselling_crisis')
      .where('entity_id', '=', String(ack.id))
      .execute();
    expect(audited.map((a) => a.action)).toContain('counselling.crisis-escalated');

    const summary = await centre.get('/api/counselling/summary');
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().escalated.map((c: { id: number }) => c.id)).toContain(ack.id);
    expect(summary.json().crisesWaiting).toBeGreaterThanOrEqual(1);
    expect(summary.body).not.toMatch(/求助者甲|13904178888|夜班民警/);
    // Officials and the command centre never read the counsellors' boards.
    expect((await centre.get('/api/counselling/crises')).statusCode).toBe(403);
    expect((await centre.get('/api/counselling/bookings')).statusCode).toBe(403);
    expect((await official.get('/api/counselling/summary')).statusCode).toBe(403);

    expect((await counsellor.post(`/api/counselling/crises/${ack.id}/answer`, {})).statusCode).toBe(200);
    const second = await counsellor.post(`/api/counselling/crises/${ack.id}/answer`, {});
    expect(second.json().error.code).toBe('CRISIS_ANSWERED');
    const status = (await asker.get('/api/counselling/crises/mine')).json();
    expect(status.find((c: { id: number }) => c.id === ack.id).status).toBe('answered');
  });

  it('escalates a crisis a counsellor flags in a session at once, audited, naming no one', async () => {
    const slot = (
      await counsellor.post('/api/counselling/slots', { startsAt: Date.now() + 4 * 86_400_000, minutes: 50 })
    ).json();
    const booking = (
      await officers[5]!.post(`/api/counselling/slots/${slot.id}/book`, { alias: '急诊医生' })
    ).json();
    const flagged = await counsellor.post(`/api/counselling/bookings/${booking.id}/crisis`, {});
    expect(flagged.statusCode, flagged.body).toBe(201);
    const summary = (await centre.get('/api/counselling/summary')).json();
    expect(summary.escalated.find((c: { id: number }) => c.id === flagged.json().id)).toMatchObject({
      source: 'flag',
      status: 'escalated',
    });
    expect(JSON.stringify(summary)).not.toContain('急诊医生');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'counselling.crisis-flagged')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).not.toContain('急诊医生');
    // Another counsellor's session cannot be flagged by someone who does not hold it.
    const other = await t.as('counsellor', '2108');
    expect((await other.post(`/api/counselling/bookings/${booking.id}/crisis`, {})).statusCode).toBe(404);
  });

  it('counts a course view and a completion once per person', async () => {
    const id = await new CounsellingRepository(t.ctx.db).insertCourse(
      { title: '睡眠与压力', kind: 'audio', url: '/files/sleep.mp3', audiences: '["police"]', minutes: 10 },
      t.ctx.db,
    );
    const [a, b] = [officers[6]!, officers[7]!];
    expect((await a.post(`/api/counselling/courses/${id}/view`, {})).json()).toMatchObject({
      views: 1,
      mine: 'viewed',
    });
    await a.post(`/api/counselling/courses/${id}/view`, {});
    const done = (await a.post(`/api/counselling/courses/${id}/complete`, {})).json();
    expect(done).toMatchObject({ views: 1, completions: 1, mine: 'completed' });
    await b.post(`/api/counselling/courses/${id}/complete`, {});
    const seen = (await counsellor.get('/api/counselling/courses')).json();
    expect(seen.find((c: { id: number }) => c.id === id)).toMatchObject({
      views: 2,
      completions: 2,
      mine: 'new',
      audiences: ['police'],
    });
    expect((await a.post('/api/counselling/courses/999999/view', {})).statusCode).toBe(404);
  });
});
