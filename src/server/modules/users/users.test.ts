import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp } from '../../../../test/helpers.ts';

describe.each(dialects)('users on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  const newUser = (phone: string, nodeId: number, role = 'official') => ({
    phone,
    name: '新用户',
    password: 'Welcome2020',
    grants: [{ role, nodeId }],
  });

  it('creates a user with a grant on a street, who then signs in and sees only that subtree', async () => {
    const admin = await t.as('admin', '2108');
    const street = await t.node('210881117');
    const res = await admin.post('/api/users', newUser('13511110001', street.id));
    expect(res.statusCode).toBe(201);
    expect(res.json().phone).toBe('135****0001');
    const user = t.anonymous();
    expect((await user.login('13511110001', 'Welcome2020')).statusCode).toBe(200);
    const roots = (await user.get('/api/regions/roots')).json();
    expect(roots.map((r: { name: string }) => r.name)).toEqual(['团甸镇']);
    const county = await t.node('210881');
    expect((await user.get(`/api/regions/nodes/${county.id}`)).statusCode).toBe(404);
  });

  it('refuses a duplicate phone with the field named', async () => {
    const admin = await t.as('admin', '2108');
    const street = await t.node('210881117');
    await admin.post('/api/users', newUser('13511110002', street.id));
    const dup = await admin.post('/api/users', newUser('13511110002', street.id));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0]).toMatchObject({ field: 'phone', code: 'PHONE_TAKEN' });
  });

  it('keeps an official from granting outside their subtree or above their role', async () => {
    const official = await t.as('official', '210881');
    const zhanqian = await t.node('210802');
    const outside = await official.post('/api/users', newUser('13511110003', zhanqian.id));
    expect(outside.statusCode).toBe(404);
    const inside = await t.node('210881117');
    const above = await official.post('/api/users', newUser('13511110004', inside.id, 'command_centre'));
    expect(above.statusCode).toBe(403);
    expect(above.json().error.code).toBe('ROLE_NOT_ASSIGNABLE');
    const count = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('phone', 'in', ['13511110003', '13511110004'])
      .execute();
    expect(count).toEqual([]);
  });

  it('lists users of the subtree with masked phones, and shows the full phone on an audited detail read', async () => {
    const official = await t.as('official', '210881117');
    const inScope = await t.createUser([{ role: 'volunteer', node: '210881117207' }], '贾屯村甲');
    await t.createUser([{ role: 'volunteer', node: '210802' }], '站前区乙');
    const list = (await official.get('/api/users?pageSize=200')).json();
    const names = list.items.map((u: { name: string }) => u.name);
    expect(names).toContain('贾屯村甲');
    expect(names).not.toContain('站前区乙');
    expect(list.items.every((u: { phone: string }) => u.phone.includes('****'))).toBe(true);
    const detail = (await official.get(`/api/users/${inScope.id}`)).json();
    expect(detail.phone).toBe(inScope.phone);
    const reads = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal.read')
      .where('entity_id', '=', String(inScope.id))
      .execute();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor_id).toBe(official.user.id);
  });

  it('a team leader reads users of their subtree masked, without an audited unmasking', async () => {
    const leader = await t.as('team_leader', '210881117');
    const member = await t.createUser([{ role: 'volunteer', node: '210881117207' }], '队员');
    const detail = (await leader.get(`/api/users/${member.id}`)).json();
    expect(detail.phone).toContain('****');
  });

  it('adds and removes a grant, and a disabled user can no longer sign in', async () => {
    const official = await t.as('official', '210881');
    const member = await t.createUser([{ role: 'volunteer', node: '210881117207' }], '待停用');
    const street = await t.node('210881117');
    const added = await official.post(`/api/users/${member.id}/grants`, {
      role: 'gate_keeper',
      nodeId: street.id,
    });
    expect(added.statusCode).toBe(201);
    const grant = added.json().grants.find((g: { role: string }) => g.role === 'gate_keeper');
    expect((await official.delete(`/api/users/${member.id}/grants/${grant.id}`)).statusCode).toBe(200);
    const disabled = await official.patch(`/api/users/${member.id}`, { status: 'disabled' });
    expect(disabled.json().status).toBe('disabled');
    expect((await t.anonymous().login(member.phone)).statusCode).toBe(403);
  });

  it('searches names literally: % and _ typed by the user are not wildcards', async () => {
    const admin = await t.as('admin', '2108');
    await t.createUser([{ role: 'resident', node: '210802' }], '百分之百');
    await t.createUser([{ role: 'resident', node: '210802' }], '50%_居民');
    const percent = (await admin.get(`/api/users?q=${encodeURIComponent('%')}&pageSize=200`)).json();
    expect(percent.items.map((u: { name: string }) => u.name)).toEqual(['50%_居民']);
    const underscore = (await admin.get(`/api/users?q=${encodeURIComponent('_居')}&pageSize=200`)).json();
    expect(underscore.items.map((u: { name: string }) => u.name)).toEqual(['50%_居民']);
  });

  it('filters by node and role, and paginates', async () => {
    const admin = await t.as('admin', '2108');
    const village = await t.node('210881117207');
    for (let i = 0; i < 3; i += 1)
      await t.createUser([{ role: 'resident', node: '210881117207' }], `居民${i}`);
    const page1 = (await admin.get(`/api/users?nodeId=${village.id}&role=resident&pageSize=2&page=1`)).json();
    const page2 = (await admin.get(`/api/users?nodeId=${village.id}&role=resident&pageSize=2&page=2`)).json();
    expect(page1.total).toBe(3);
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(1);
  });
});
