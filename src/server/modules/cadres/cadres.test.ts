import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { multipart, PNG_BYTES, reopen, testCli } from '../../../../test/platform.ts';
import { ledger as ledgerCommand } from '../../../cli/commands/database.ts';
import { inTransaction } from '../../core/db/index.ts';
import type { CadresTables } from './cadres.tables.ts';

const JIATUN = '210881117207';
const TUANDIAN = '210881117';

async function until<T>(probe: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

describe.each(dialects)('cadres on %s', (dialect) => {
  let t: TestApp;
  let command: Client & { user: { id: number } };
  let cadre: Client & { user: { id: number } };
  let assessor: Client & { user: { id: number } };
  let farAssessor: Client & { user: { id: number } };
  let official: Client & { user: { id: number } };
  let admin: Client;
  let jiatun: { id: number; path: string; name: string };
  const db = () => t.ctx.db.withTables<CadresTables>();

  const record = (client: Client, cadreId: number, content: string, evidence: string[] = []) =>
    client.post(`/api/cadres/people/${cadreId}/ledger`, {
      occurredAt: Date.now() - 3600_000,
      nodeId: jiatun.id,
      place: '贾屯村村委会',
      content,
      evidence,
    });

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    command = await t.as('command_centre', '2108');
    admin = await t.as('admin', '2108');
    cadre = await t.as('official', JIATUN);
    assessor = await t.as('inspector', '2108');
    farAssessor = await t.as('inspector', '2108');
    official = await t.as('official', TUANDIAN);
    jiatun = await t.node(JIATUN);
    const area = await command.post('/api/cadres/areas', {
      leaderId: cadre.user.id,
      nodeId: jiatun.id,
      tier: 'village',
    });
    expect(area.statusCode).toBe(200);
    const group = (
      await command.post('/api/cadres/groups', { name: '第二考核组', nodeId: (await t.node(TUANDIAN)).id })
    ).json();
    expect(
      (await command.post(`/api/cadres/groups/${group.id}/members`, { userId: assessor.user.id })).statusCode,
    ).toBe(200);
    const far = (
      await command.post('/api/cadres/groups', { name: '第四考核组', nodeId: (await t.node('210802')).id })
    ).json();
    await command.post(`/api/cadres/groups/${far.id}/members`, { userId: farAssessor.user.id });
  });
  afterAll(() => t.close());

  it('pairs a leader with a village only; the coverage tree, figures and attention show who holds which', async () => {
    const town = await t.node('210881117');
    expect(
      (
        await command.post('/api/cadres/areas', { leaderId: cadre.user.id, nodeId: town.id, tier: 'town' })
      ).json().error.code,
    ).toBe('CADRE_AREA_KIND');
    expect(
      (
        await command.post('/api/cadres/areas', {
          leaderId: cadre.user.id,
          nodeId: jiatun.id,
          tier: 'village',
        })
      ).statusCode,
    ).toBe(409);
    const coverage = (await command.get(`/api/cadres/coverage?nodeId=${town.id}`)).json();
    const place = coverage.towns[0].places.find((p: { id: number }) => p.id === jiatun.id);
    expect(place.leaders.map((l: { id: number }) => l.id)).toEqual([cadre.user.id]);
    expect(coverage.covered).toBe(1);
    expect(coverage.uncovered).toBe(coverage.towns[0].places.length - 1);
    const dash = (await command.get(`/api/dashboard?nodeId=${town.id}`)).json();
    const figure = (key: string) => dash.figures.find((f: { key: string }) => f.key === key)?.value;
    expect(figure('cadres.areas-covered')).toBe(1);
    expect(figure('cadres.areas-uncovered')).toBe(coverage.uncovered);
    const attention = dash.attention.find((a: { key: string }) => a.key === 'cadres.uncovered');
    expect(attention.total).toBe(coverage.uncovered);
    expect(attention.items.some((i: { title: string }) => i.title === jiatun.name)).toBe(false);
  });

  it('a group member records an entry with evidence; the cadre, the group and the command centre read it, nobody else', async () => {
    const { payload, headers } = multipart('photo.png', PNG_BYTES);
    const upload = await assessor.request(
      'POST',
      `/api/files?ownerType=cadre-ledger&ownerId=${cadre.user.id}`,
      payload,
      headers,
    );
    expect(upload.statusCode).toBe(201);
    const entry = await record(assessor, cadre.user.id, '入户走访 12 户', [upload.json().id]);
    expect(entry.statusCode).toBe(200);
    expect(entry.json()).toMatchObject({ kind: 'record', seq: 1, evidence: [upload.json().id] });

    for (const reader of [cadre, assessor, command]) {
      const ledger = (await reader.get(`/api/cadres/people/${cadre.user.id}/ledger`)).json();
      expect(ledger.entries.map((e: { content: string }) => e.content)).toContain('入户走访 12 户');
    }
    for (const outsider of [official, farAssessor]) {
      expect((await outsider.get(`/api/cadres/people/${cadre.user.id}/ledger`)).statusCode).toBe(404);
      expect((await record(outsider, cadre.user.id, '越权记录')).statusCode).toBeGreaterThanOrEqual(403);
      expect(
        (await outsider.get(`/api/files?ownerType=cadre-ledger&ownerId=${cadre.user.id}`)).json(),
      ).toEqual([]);
    }
    expect((await cadre.get(`/api/cadres/people/${cadre.user.id}/ledger`)).json().entries).toHaveLength(1);
    const reads = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id'])
      .where('action', '=', 'cadres.ledger-read')
      .where('entity_id', '=', String(cadre.user.id))
      .execute();
    // The group member's and the command centre's reads are audited; the cadre's own is not.
    expect(reads.map((r) => Number(r.actor_id)).sort()).toEqual([assessor.user.id, command.user.id].sort());
  });

  it('a correction is a new entry pointing at the old one, which stays byte for byte as it was', async () => {
    const first = (await record(assessor, cadre.user.id, '召开调度会（时间有误）')).json();
    const before = await db()
      .selectFrom('cadre_ledger')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    const fix = await assessor.post(`/api/cadres/ledger/${first.id}/corrections`, {
      content: '召开调度会，时间更正为上午',
    });
    expect(fix.statusCode).toBe(200);
    expect(fix.json()).toMatchObject({ kind: 'correction', correctsId: first.id, seq: first.seq + 1 });
    const after = await db()
      .selectFrom('cadre_ledger')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const again = await assessor.post(`/api/cadres/ledger/${first.id}/corrections`, { content: '再改一次' });
    expect(again.json().error.code).toBe('CADRE_ENTRY_CORRECTED');
    const page = (await cadre.get(`/api/cadres/people/${cadre.user.id}/ledger`)).json();
    expect(page.entries.find((e: { id: number }) => e.id === first.id).correctedBy).toBe(fix.json().id);
    expect(
      (await farAssessor.post(`/api/cadres/ledger/${fix.json().id}/corrections`, { content: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await admin.get('/api/cadres/ledger/verify')).json()).toMatchObject({ ok: true });
  });

  it('facts the platform holds become ledger entries once, for sitting leaders only', async () => {
    const append = (actorId: number, payload: Record<string, unknown>) =>
      inTransaction(t.ctx.db, (trx) =>
        t.ctx.events.append(trx, {
          type: 'supervision.rectification-answered',
          nodePath: jiatun.path,
          actorId,
          payload,
        }),
      );
    const onTime = await append(cadre.user.id, { orderId: 7, onTime: true });
    const late = await append(cadre.user.id, { orderId: 8, onTime: false });
    const stranger = await append(official.user.id, { orderId: 9, onTime: true });
    const platform = () =>
      db()
        .selectFrom('cadre_ledger')
        .select(['source_event_id', 'cadre_id', 'content'])
        .where('kind', '=', 'platform')
        .execute();
    const rows = await until(async () => {
      const r = await platform();
      return r.length >= 1 && r;
    });
    expect(rows.map((r) => Number(r.source_event_id))).toEqual([onTime.id]);
    expect(rows[0]?.content).toContain('贾屯村');
    // A replay (the catch-up pass after a restart) adds nothing.
    await t.ctx.events.consumers.catchUp(Date.now() + 120_000);
    expect((await platform()).map((r) => Number(r.source_event_id))).toEqual([onTime.id]);
    expect([late.id, stranger.id]).not.toContain(Number(rows[0]?.source_event_id));
  });

  it("refuses hostile input field by field, and nothing is written outside the caller's subtree", async () => {
    const refused = async (res: { statusCode: number; json: () => unknown }, field: string) => {
      expect(res.statusCode).toBe(400);
      const error = (res.json() as { error: { fields: Array<{ field: string }> } }).error;
      expect(error.fields.map((f) => f.field)).toContain(field);
    };
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('cadre_ledger')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ) +
      Number(
        (
          await db()
            .selectFrom('cadre_areas')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await refused(await record(assessor, cadre.user.id, '走访\u0000'), 'content');
    await refused(await record(assessor, cadre.user.id, '\udc00'), 'content');
    // The chain position is the server's to give: a client's seq is an unknown field.
    const forged = await assessor.post(`/api/cadres/people/${cadre.user.id}/ledger`, {
      occurredAt: Date.now(),
      nodeId: jiatun.id,
      place: '村委会',
      content: '走访',
      seq: 1,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('VALIDATION');
    await refused(await command.get(`/api/cadres/people/${cadre.user.id}/ledger?before=abc`), 'before');
    await refused(await command.get(`/api/cadres/people/${cadre.user.id}/ledger?limit=100000`), 'limit');
    await refused(
      await command.post('/api/cadres/areas', { leaderId: cadre.user.id, nodeId: jiatun.id, tier: 'mayor' }),
      'tier',
    );
    await refused(
      await command.post('/api/cadres/areas', {
        leaderId: cadre.user.id,
        nodeId: jiatun.id,
        tier: 'village',
        duties: ['x'.repeat(101)],
      }),
      'duties.0',
    );
    // Another district's command centre, an ordinary official and a far assessor touch nothing here.
    const zhanqian = await t.as('command_centre', '210802');
    expect([403, 404]).toContain(
      (
        await zhanqian.post('/api/cadres/areas', {
          leaderId: official.user.id,
          nodeId: jiatun.id,
          tier: 'town',
        })
      ).statusCode,
    );
    expect(
      (
        await official.post('/api/cadres/areas', {
          leaderId: official.user.id,
          nodeId: jiatun.id,
          tier: 'town',
        })
      ).statusCode,
    ).toBe(403);
    expect((await zhanqian.get(`/api/cadres/people/${cadre.user.id}/ledger`)).statusCode).toBe(404);
    expect([403, 404]).toContain((await record(farAssessor, cadre.user.id, '越界记录')).statusCode);
    expect(await count()).toBe(before);
  });

  it('detects an edited, a deleted and a reordered ledger entry', async () => {
    for (let i = 0; i < 3; i += 1) await record(assessor, cadre.user.id, `巡查卡点 ${i}`);
    const verify = async () => (await admin.get('/api/cadres/ledger/verify')).json();
    expect((await verify()).ok).toBe(true);
    const rows = await db()
      .selectFrom('cadre_ledger')
      .selectAll()
      .where('cadre_id', '=', cadre.user.id)
      .orderBy('seq')
      .execute();
    const [a, b, c] = rows.slice(-3);
    if (!a || !b || !c) throw new Error('entries missing');

    await db()
      .updateTable('cadre_ledger')
      .set({ content: '巡查卡点（改）' })
      .where('id', '=', a.id)
      .execute();
    const edited = await verify();
    expect(edited.ok).toBe(false);
    expect(edited.problems).toContainEqual({
      cadreId: cadre.user.id,
      seq: a.seq,
      problem: 'content altered',
    });
    await db().updateTable('cadre_ledger').set({ content: a.content }).where('id', '=', a.id).execute();
    expect((await verify()).ok).toBe(true);

    // Swap two entries' places in the chain.
    await db().updateTable('cadre_ledger').set({ seq: -1 }).where('id', '=', a.id).execute();
    await db().updateTable('cadre_ledger').set({ seq: a.seq }).where('id', '=', b.id).execute();
    await db().updateTable('cadre_ledger').set({ seq: b.seq }).where('id', '=', a.id).execute();
    const reordered = await verify();
    expect(reordered.ok).toBe(false);
    expect(reordered.problems.some((p: { seq: number }) => p.seq === a.seq)).toBe(true);
    await db().updateTable('cadre_ledger').set({ seq: -1 }).where('id', '=', a.id).execute();
    await db().updateTable('cadre_ledger').set({ seq: b.seq }).where('id', '=', b.id).execute();
    await db().updateTable('cadre_ledger').set({ seq: a.seq }).where('id', '=', a.id).execute();
    expect((await verify()).ok).toBe(true);

    await db().deleteFrom('cadre_ledger').where('id', '=', b.id).execute();
    const deleted = await verify();
    expect(deleted.ok).toBe(false);
    expect(deleted.problems[0]).toMatchObject({
      cadreId: cadre.user.id,
      seq: c.seq,
      problem: `missing entries ${b.seq}..${b.seq}`,
    });
    // The cadre's own check sees it too; an outsider cannot even ask.
    expect((await cadre.get(`/api/cadres/people/${cadre.user.id}/ledger/verify`)).json().ok).toBe(false);
    expect((await official.get(`/api/cadres/people/${cadre.user.id}/ledger/verify`)).statusCode).toBe(404);
    const cli = async () => {
      const { cli: c, out } = testCli(t.ctx.config, reopen(t));
      return { code: await ledgerCommand(['verify'], c), out: out.join('\n') };
    };
    const broken = await cli();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`cadre ${cadre.user.id} entry ${c.seq}: missing entries`);
    await db().insertInto('cadre_ledger').values(b).execute();
    expect((await verify()).ok).toBe(true);
    expect(await cli()).toMatchObject({ code: 0 });
  });

  it('nominates with ledger evidence, approves, publishes; the public list names the cadre, with press', async () => {
    const entries = (await command.get(`/api/cadres/people/${cadre.user.id}/ledger`)).json().entries;
    const foreign = await t.as('official', '210802');
    expect(
      (
        await command.post('/api/cadres/nominations', {
          cadreId: foreign.user.id,
          reason: '无包联',
          evidence: [entries[0].id],
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await official.post('/api/cadres/nominations', { cadreId: cadre.user.id, reason: 'x', evidence: [1] }))
        .statusCode,
    ).toBe(403);
    const nomination = await command.post('/api/cadres/nominations', {
      cadreId: cadre.user.id,
      reason: '包联贾屯村期间入户走访，按期整改',
      evidence: [entries[0].id],
    });
    expect(nomination.statusCode).toBe(200);
    const id = nomination.json().id;
    expect((await command.post('/api/cadres/lists', { title: '空名单' })).json().error.code).toBe(
      'CADRE_NOTHING_TO_PUBLISH',
    );
    expect(
      (await command.post(`/api/cadres/nominations/${id}/decision`, { approve: true })).json().status,
    ).toBe('approved');
    expect(
      (await command.post(`/api/cadres/nominations/${id}/decision`, { approve: false })).json().error.code,
    ).toBe('CADRE_NOMINATION_STATE');
    expect(
      (
        await command.post(`/api/cadres/nominations/${id}/press`, {
          title: '营口日报报道',
          url: 'https://example.org/a',
        })
      ).statusCode,
    ).toBe(200);
    const list = await command.post('/api/cadres/lists', { title: '优秀干部名单（第一批）' });
    expect(list.statusCode).toBe(200);
    const pub = (await t.anonymous().get('/api/public/cadres/lists')).json();
    expect(pub[0]).toMatchObject({ title: '优秀干部名单（第一批）' });
    expect(pub[0].cadres).toEqual([
      {
        name: `official@${JIATUN}`,
        places: [jiatun.name],
        reason: '包联贾屯村期间入户走访，按期整改',
        press: [{ title: '营口日报报道', url: 'https://example.org/a' }],
      },
    ]);
    // The public page carries no ledger content.
    expect(JSON.stringify(pub)).not.toContain('入户走访 12 户');
    const event = await t.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'cadres.list-published')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ count: 1 });
    expect(event.payload).not.toContain('official@');
  });
});
