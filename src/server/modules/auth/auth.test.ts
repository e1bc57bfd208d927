import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../../../../test/helpers.ts';
import { MAX_FAILURES } from './index.ts';

describe.each(dialects)('auth on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  it('logs in by phone and password, sets an HttpOnly SameSite session cookie, and returns the scoped profile', async () => {
    const user = await t.createUser([{ role: 'official', node: '210881' }]);
    const client = t.anonymous();
    const res = await client.login(user.phone);
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'xh_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    const me = res.json();
    expect(me.grants).toEqual([expect.objectContaining({ role: 'official', nodeName: '盖州市' })]);
    expect(me.permissions).toContain('users.manage');
    expect((await client.get('/api/auth/me')).json().id).toBe(user.id);
  });

  it('answers a wrong password and an unknown phone the same way', async () => {
    const user = await t.createUser([{ role: 'volunteer', node: '210802' }]);
    const wrong = await t.anonymous().login(user.phone, 'nope12345');
    const unknown = await t.anonymous().login('13312345678', 'nope12345');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe(unknown.json().error.code);
  });

  it(`locks the account after ${MAX_FAILURES} failures, even for the right password`, async () => {
    const user = await t.createUser([{ role: 'volunteer', node: '210802' }]);
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) {
      expect((await t.anonymous().login(user.phone, 'wrong-pass1')).statusCode).toBe(401);
    }
    const locking = await t.anonymous().login(user.phone, 'wrong-pass1');
    expect(locking.statusCode).toBe(423);
    const right = await t.anonymous().login(user.phone, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('refuses a state change without the CSRF token, and one marked cross-site', async () => {
    const client = await t.as('official', '210881');
    const body = { currentPassword: TEST_PASSWORD, newPassword: 'Another123' };
    const noToken = await client.request('POST', '/api/auth/password', body, { 'x-csrf-token': '' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF');
    const crossSite = await client.request('POST', '/api/auth/password', body, {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('answers the page’s session question with 200 whether signed in or not', async () => {
    const client = await t.as('official', '210881');
    expect((await client.get('/api/auth/session')).json().me.id).toBe(client.user.id);
    const signedOut = await t.anonymous().get('/api/auth/session');
    expect([signedOut.statusCode, signedOut.json()]).toEqual([200, { me: null }]);
  });

  it('changes the password, ends other sessions and keeps this one', async () => {
    const client = await t.as('official', '210881');
    const other = t.anonymous();
    await other.login(client.user.phone);
    const res = await client.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Changed123',
    });
    expect(res.statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.anonymous().login(client.user.phone, 'Changed123')).statusCode).toBe(200);
  });

  it('names the field and the reason in the caller language', async () => {
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '123', password: 'x' },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.fields[0]).toMatchObject({
      field: 'phone',
      code: 'PHONE_FORMAT',
      message: expect.stringContaining('手机号'),
    });
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '123', password: 'x' },
      headers: { 'accept-language': 'en-US' },
    });
    expect(en.json().error.fields[0].message).toMatch(/phone number/);
  });
});
