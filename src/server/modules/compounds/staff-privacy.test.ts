import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { type CompoundFixture, makeCompound } from './compounds.fixtures.ts';

/** Issue 7, "privacy": compound staff phones are masked unless asked for, with a purpose, and audited. */
describe.each(dialects)('compound staff phones on %s', (dialect) => {
  let t: TestApp;
  let c: CompoundFixture;
  let keeperView: Client;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    c = await makeCompound(t, '210881117207', { households: 1 });
    const saved = await c.official.put(`/api/compounds/${c.id}`, {
      address: '团甸镇贾屯村 1 号',
      mode: 'fenced',
      gates: [{ name: '南门', lanes: ['person'] }],
      staff: [{ name: '王保安', role: '门岗', phone: '13912340001' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    keeperView = await t.as('official', '210881117207');
  });
  afterAll(() => t.close());

  const audits = () =>
    t.ctx.db
      .selectFrom('audit_log')
      .select(['reason'])
      .where('action', '=', 'personal.read')
      .where('entity_type', '=', 'compound')
      .execute();

  it('masks staff phones on every list and detail by default, without an audit row', async () => {
    const list = (await keeperView.get('/api/compounds?pageSize=200')).json().items;
    const mine = list.find((x: { id: number }) => x.id === c.id);
    expect(mine.staff).toEqual([{ name: '王保安', role: '门岗', phone: '139****0001' }]);
    const detail = (await keeperView.get(`/api/compounds/${c.id}`)).json();
    expect(detail.staff[0].phone).toBe('139****0001');
    expect(await audits()).toEqual([]);
  });

  it('unmasks on request with a purpose the reader chose, and audits that purpose', async () => {
    const noPurpose = await keeperView.get(`/api/compounds/${c.id}?unmask=1`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.fields).toEqual([
      expect.objectContaining({ field: 'purpose', code: 'PURPOSE_REQUIRED' }),
    ]);
    const full = await keeperView.get(
      `/api/compounds/${c.id}?unmask=1&purpose=${encodeURIComponent('联系门岗核实访客')}`,
    );
    expect(full.json().staff[0].phone).toBe('13912340001');
    expect(await audits()).toEqual([{ reason: '联系门岗核实访客' }]);
  });

  it('writes the purpose the reader gives to the audit row of other sensitive reads', async () => {
    const purpose = encodeURIComponent('核实返乡人员');
    const user = await t.createUser([{ role: 'volunteer', node: '210881117207' }], '李四');
    expect((await keeperView.get(`/api/users/${user.id}?purpose=${purpose}`)).json().phone).toBe(user.phone);
    const resident = await keeperView.get(`/api/residents/${c.residents[0]}?purpose=${purpose}`);
    expect(resident.statusCode).toBe(200);
    const volunteers = await keeperView.get(`/api/volunteers?unmask=1&purpose=${purpose}`);
    expect(volunteers.statusCode).toBe(200);
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['entity_type', 'reason'])
      .where('action', '=', 'personal.read')
      .where('reason', '=', '核实返乡人员')
      .execute();
    expect(rows.map((r) => r.entity_type).sort()).toEqual(['resident', 'user']);
  });
});
