import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp } from '../../../../test/helpers.ts';

describe.each(dialects)('audit log on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  it('names the place of each entry, not only its path', async () => {
    const official = await t.as('official', '210881117207');
    const parent = await t.node('210881117207');
    const created = await official.post('/api/regions/nodes', {
      parentId: parent.id,
      name: '审计小区',
      kind: 'compound',
    });
    expect(created.statusCode).toBe(201);
    const inspector = await t.as('inspector', '210881');
    const log = (await inspector.get('/api/audit?action=region.node-created')).json();
    expect(log.items.length).toBeGreaterThan(0);
    for (const entry of log.items) {
      const node = await t.ctx.db
        .selectFrom('nodes')
        .select('name')
        .where('path', '=', entry.nodePath)
        .executeTakeFirst();
      expect(entry.nodeName).toBe(node?.name ?? null);
    }
    expect(log.items.map((e: { nodeName: string }) => e.nodeName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/审计小区|贾屯村/)]),
    );
  });
});
