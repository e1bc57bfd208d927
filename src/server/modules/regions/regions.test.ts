import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp } from '../../../../test/helpers.ts';

describe.each(dialects)('regions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  it('holds the real Yingkou tree: 1 city, 6 counties, 70 streets, 849 communities', async () => {
    const admin = await t.as('admin', '2108');
    const city = await t.node('2108');
    const detail = (await admin.get(`/api/regions/nodes/${city.id}`)).json();
    expect(detail.name).toBe('营口市');
    expect(detail.subtreeCounts).toEqual({ county: 6, street: 70, community: 849 });
    const children = (await admin.get(`/api/regions/nodes/${city.id}/children`)).json();
    expect(children.items.map((c: { name: string }) => c.name)).toEqual([
      '站前区',
      '西市区',
      '鲅鱼圈区',
      '老边区',
      '盖州市',
      '大石桥市',
    ]);
  });

  it('finds 盖州市 by the pinyin initials gz, and only inside the caller scope', async () => {
    const admin = await t.as('admin', '2108');
    const found = (await admin.get('/api/regions/search?q=gz')).json();
    expect(found[0]).toMatchObject({ name: '盖州市', code: '210881' });
    const zhanqian = await t.as('official', '210802');
    const none = (await zhanqian.get('/api/regions/search?q=gz')).json();
    expect(none.every((n: { path: string }) => n.path.startsWith('2108/210802/'))).toBe(true);
    expect(none.find((n: { name: string }) => n.name === '盖州市')).toBeUndefined();
  });

  it('names the paths a caller may see, and leaves out the rest without an error', async () => {
    const gaizhou = await t.as('official', '210881');
    const inside = await t.node('210881117');
    const outside = await t.node('210802');
    const res = await gaizhou.get(
      `/api/regions/names?paths=${encodeURIComponent([inside.path, outside.path, '2108/9999/'].join(','))}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ [inside.path]: '团甸镇' });
    const bad = await gaizhou.get('/api/regions/names?paths=drop%20table');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toMatch(/^paths/);
  });

  it('answers 404 for a node outside the caller subtree, and for its children', async () => {
    const zhanqian = await t.as('official', '210802');
    const gaizhou = await t.node('210881');
    expect((await zhanqian.get(`/api/regions/nodes/${gaizhou.id}`)).statusCode).toBe(404);
    expect((await zhanqian.get(`/api/regions/nodes/${gaizhou.id}/children`)).statusCode).toBe(404);
    const missing = await zhanqian.get('/api/regions/nodes/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('shows breadcrumbs only from the caller own root down', async () => {
    const street = await t.as('official', '210881117');
    const village = await t.node('210881117207');
    const detail = (await street.get(`/api/regions/nodes/${village.id}`)).json();
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual(['团甸镇']);
  });

  it('lets an official add a compound below a community in scope, with a derived code and pinyin', async () => {
    const official = await t.as('official', '210881117');
    const village = await t.node('210881117207');
    const res = await official.post('/api/regions/nodes', {
      parentId: village.id,
      name: '幸福小区',
      kind: 'compound',
    });
    expect(res.statusCode).toBe(201);
    const node = res.json();
    expect(node).toMatchObject({ code: '210881117207-1', kind: 'compound', custom: true });
    expect(node.path).toBe(`${village.path}210881117207-1/`);
    const found = (await official.get('/api/regions/search?q=xfxq')).json();
    expect(found.map((n: { id: number }) => n.id)).toContain(node.id);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'region.node-created')
      .execute();
    expect(audit.some((a) => a.entity_id === String(node.id))).toBe(true);
  });

  it('refuses a compound under a street, a duplicate sibling name, and a parent outside scope', async () => {
    const official = await t.as('official', '210881117');
    const street = await t.node('210881117');
    const village = await t.node('210881117207');
    const underStreet = await official.post('/api/regions/nodes', {
      parentId: street.id,
      name: '错误小区',
      kind: 'compound',
    });
    expect(underStreet.json().error.code).toBe('NODE_KIND_NOT_ALLOWED');
    await official.post('/api/regions/nodes', { parentId: village.id, name: '重名小区', kind: 'compound' });
    const dup = await official.post('/api/regions/nodes', {
      parentId: village.id,
      name: '重名小区',
      kind: 'compound',
    });
    expect(dup.statusCode).toBe(409);
    const outside = await t.node('210802001003');
    const res = await official.post('/api/regions/nodes', {
      parentId: outside.id,
      name: '越界小区',
      kind: 'compound',
    });
    expect(res.statusCode).toBe(404);
    const volunteer = await t.as('volunteer', '210881117207');
    const denied = await volunteer.post('/api/regions/nodes', {
      parentId: village.id,
      name: '志愿者小区',
      kind: 'compound',
    });
    expect(denied.statusCode).toBe(403);
  });

  it('renames and deletes custom nodes only, and keeps official divisions read-only', async () => {
    const official = await t.as('official', '210881117');
    const village = await t.node('210881117207');
    const created = (
      await official.post('/api/regions/nodes', {
        parentId: village.id,
        name: '东门卡点',
        kind: 'checkpoint',
      })
    ).json();
    const renamed = await official.patch(`/api/regions/nodes/${created.id}`, { name: '东大门卡点' });
    expect(renamed.json().name).toBe('东大门卡点');
    expect((await official.patch(`/api/regions/nodes/${village.id}`, { name: 'x' })).json().error.code).toBe(
      'NODE_NOT_CUSTOM',
    );
    expect((await official.delete(`/api/regions/nodes/${created.id}`)).statusCode).toBe(200);
    expect((await official.get(`/api/regions/nodes/${created.id}`)).statusCode).toBe(404);
  });
});
