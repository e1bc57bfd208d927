import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';

describe.each(dialects)('counselling on %s', (dialect) => {
  let t: TestApp;
  let counsellor: Client;
  let officers: Array<Client & { user: TestUser }>;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    counsellor = await t.as('counsellor', '2108');
    officers = [];
    for (let i = 0; i < 8; i += 1) officers.push(await t.as('volunteer', '210881117207'));
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
});
