import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, Client, type TestApp, type TestUser } from '../../../../test/helpers.ts';
import { baseUrlOf, openStream } from '../../../../test/platform.ts';
import type { DrawInputs, Order, Round, Visit } from '../../../contracts/supervision.ts';
import { drawRound, sha256Hex } from '../../../contracts/supervision-draw.ts';
import { SupervisionRepository } from './supervision.repository.ts';
import { SupervisionService } from './supervision.service.ts';
import type { SupervisionTables } from './supervision.tables.ts';

/** The first dialect's draw, which the second must reproduce byte for byte. */
const drawnOn = new Map<string, string>();
const SEED = 'Yingkou 2020-02-18 public dice 3 1 4 1 5 9 2 6';

describe.each(dialects)('supervision on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let command: Client;
  let villageOfficial: Client & { user: TestUser };
  let otherVillageOfficial: Client & { user: TestUser };
  let inspectors: Array<Client & { user: TestUser }>;
  const signIn = async (user: TestUser) => {
    const c = Object.assign(new Client(t.app), { user });
    expect((await c.login(user.phone)).statusCode).toBe(200);
    return c;
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = baseUrlOf(t.app.server);
    command = await t.as('command_centre', '2108');
    villageOfficial = await t.as('official', '210881117207');
    otherVillageOfficial = await t.as('official', '210881117208');
    // P1 also holds an official grant on 团甸镇: never drawn for a target inside it.
    inspectors = [];
    inspectors.push(
      await signIn(
        await t.createUser(
          [
            { role: 'inspector', node: '2108' },
            { role: 'official', node: '210881117' },
          ],
          '督查员甲',
        ),
      ),
    );
    for (const name of ['督查员乙', '督查员丙', '督查员丁'])
      inspectors.push(await signIn(await t.createUser([{ role: 'inspector', node: '2108' }], name)));
  });
  afterAll(() => t.close());

  const ok = <T>(res: { statusCode: number; body: string; json: () => unknown }, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };

  /** A round through freeze and commitment (to `seed`), ready to draw. */
  const plannedRound = async (opts: {
    node: string;
    sample: number;
    unannounced?: boolean;
    pool?: Array<{ userId: number; recuseNodeIds?: number[] }>;
    seed?: string;
  }) => {
    const node = await t.node(opts.node);
    const round = ok<Round>(
      await command.post('/api/supervision/rounds', {
        title: `督查 ${opts.node}`,
        nodeId: node.id,
        targetKind: 'community',
        sample: opts.sample,
        perTarget: 2,
        unannounced: opts.unannounced ?? false,
        visitsFrom: Date.now(),
        leadUserId: null,
      }),
    );
    ok(
      await command.put(`/api/supervision/rounds/${round.id}/pool`, {
        members: opts.pool ?? inspectors.map((i) => ({ userId: i.user.id })),
      }),
    );
    ok(await command.post(`/api/supervision/rounds/${round.id}/freeze`));
    ok(
      await command.post(`/api/supervision/rounds/${round.id}/commit`, {
        commitment: sha256Hex(opts.seed ?? SEED),
        drawAt: Date.now(),
      }),
    );
    return round;
  };

  it('draws as a pure function of the frozen list and the published seed, identically on every dialect', async () => {
    const round = await plannedRound({ node: '210881', sample: 12 });
    const drawn = ok<Round>(await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: SEED }));
    expect(drawn.status).toBe('drawn');
    expect(drawn.seed).toBe(SEED);

    const inputs = ok<DrawInputs>(
      await t.anonymous().get(`/api/public/supervision/rounds/${round.id}/inputs`),
    );
    expect(inputs.seed).toBe(SEED);
    const rerun = drawRound({
      targets: inputs.targets,
      pool: inputs.pool,
      seed: SEED,
      sample: inputs.sample,
      perTarget: inputs.perTarget,
    });
    expect(rerun.picks).toEqual(inputs.recorded);
    expect(rerun.picks).toHaveLength(12);
    for (const p of rerun.picks) expect(new Set(p.inspectors).size).toBe(2);
    const verify = ok<Record<string, boolean>>(
      await t.anonymous().get(`/api/public/supervision/rounds/${round.id}/verify`),
    );
    expect(verify).toMatchObject({ commitmentOk: true, listHashOk: true, poolHashOk: true, drawOk: true });

    // The visits made are the re-run's targets with the re-run's inspectors.
    const visits = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`));
    const byPool = new Map(inputs.pool.map((p, i) => [p.key, inspectors[i]!.user.id]));
    expect(visits.map((v) => v.targetLabel).sort()).toEqual(
      rerun.picks.map((p) => inputs.targets[p.target]!.label).sort(),
    );
    for (const v of visits) {
      const pick = rerun.picks.find((p) => inputs.targets[p.target]!.path === v.nodePath)!;
      expect(v.inspectors.map((i) => i.id).sort()).toEqual(
        pick.inspectors.map((i) => byPool.get(inputs.pool[i]!.key)).sort(),
      );
    }

    // Each drawn inspector is told once, personally, of their own number of visits (one batch of events).
    const told = await t.ctx.db
      .selectFrom('events')
      .select(['user_id', 'payload'])
      .where('type', '=', 'supervision.visits-assigned')
      .where('payload', 'like', `{"roundId":${round.id},%`)
      .execute();
    const perInspector = new Map<number, number>();
    for (const v of visits)
      for (const i of v.inspectors) perInspector.set(i.id, (perInspector.get(i.id) ?? 0) + 1);
    expect(
      told.map((e) => [Number(e.user_id), JSON.parse(e.payload).visits]).sort((a, b) => a[0]! - b[0]!),
    ).toEqual([...perInspector].sort((a, b) => a[0] - b[0]));

    const fingerprint = JSON.stringify(rerun.picks.map((p) => [inputs.targets[p.target]!.key, p.inspectors]));
    const earlier = [...drawnOn.values()][0];
    if (earlier) expect(fingerprint).toBe(earlier);
    drawnOn.set(dialect, fingerprint);
  });

  it('never draws an inspector for a target inside a subtree they hold a grant on, nor one recused explicitly', async () => {
    const jiuzhai = await t.node('210881109');
    const [p1, p2, p3, p4] = inspectors.map((i) => i.user.id) as [number, number, number, number];
    const round = await plannedRound({
      node: '210881',
      sample: 400,
      pool: [{ userId: p1 }, { userId: p2, recuseNodeIds: [jiuzhai.id] }, { userId: p3 }, { userId: p4 }],
      seed: `${SEED} recusal`,
    });
    ok(await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: `${SEED} recusal` }));
    const visits = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`));
    const tuandian = (await t.node('210881117')).path;
    const inTuandian = visits.filter((v) => v.nodePath.startsWith(tuandian));
    const inJiuzhai = visits.filter((v) => v.nodePath.startsWith(jiuzhai.path));
    expect(inTuandian.length).toBeGreaterThan(3);
    expect(inJiuzhai.length).toBeGreaterThan(3);
    for (const v of inTuandian) expect(v.inspectors.map((i) => i.id)).not.toContain(p1);
    for (const v of inJiuzhai) expect(v.inspectors.map((i) => i.id)).not.toContain(p2);
    // Elsewhere both are drawn: the recusal is about the place, not the person.
    const rest = visits.filter(
      (v) => !v.nodePath.startsWith(tuandian) && !v.nodePath.startsWith(jiuzhai.path),
    );
    const drawnElsewhere = new Set(rest.flatMap((v) => v.inspectors.map((i) => i.id)));
    expect(drawnElsewhere).toContain(p1);
    expect(drawnElsewhere).toContain(p2);
  });

  it('never draws an inspector for the village of their own responsibility area (包联), as it stands at the freeze', async () => {
    const village = await t.node('210881117207');
    const p3 = inspectors[2]!.user;
    const area = ok<{ id: number }>(
      await command.post('/api/cadres/areas', { leaderId: p3.id, nodeId: village.id, tier: 'town' }),
    );
    try {
      const round = await plannedRound({ node: '210881117', sample: 400, seed: `${SEED} area` });
      const inputs = ok<DrawInputs>(await command.get(`/api/public/supervision/rounds/${round.id}/inputs`));
      // The area is frozen into the pool's published recusals, so the public re-run honours it too.
      expect(inputs.pool[2]!.recuse).toContain(village.path);
      ok(await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: `${SEED} area` }));
      const visits = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`));
      const there = visits.filter((v) => v.nodePath.startsWith(village.path));
      expect(there).toHaveLength(1);
      expect(there[0]!.inspectors.map((i) => i.id)).not.toContain(p3.id);
      const elsewhere = visits.filter((v) => !v.nodePath.startsWith(village.path));
      expect(elsewhere.flatMap((v) => v.inspectors.map((i) => i.id))).toContain(p3.id);
    } finally {
      ok(await command.post(`/api/cadres/areas/${area.id}/end`, {}));
    }
  });

  it('freezes shops (the grocery directory) as a target list, keyed by shop, with their own checklist', async () => {
    const village = await t.node('210881117207');
    for (const name of ['贾屯便民超市', '贾屯平价菜店']) {
      const res = await villageOfficial.post('/api/grocery/shops', {
        nodeId: village.id,
        name,
        address: '贾屯村中街',
        phone: '0417-7200000',
        areaNodeIds: [village.id],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const round = ok<Round>(
      await command.post('/api/supervision/rounds', {
        title: '商超督查',
        nodeId: village.id,
        targetKind: 'shop',
        sample: 1,
        perTarget: 2,
        visitsFrom: Date.now(),
      }),
    );
    ok(
      await command.put(`/api/supervision/rounds/${round.id}/pool`, {
        members: inspectors.map((i) => ({ userId: i.user.id })),
      }),
    );
    const frozen = ok<Round>(await command.post(`/api/supervision/rounds/${round.id}/freeze`));
    expect(frozen.listCount).toBe(2);
    ok(
      await command.post(`/api/supervision/rounds/${round.id}/commit`, {
        commitment: sha256Hex(`${SEED} shop`),
        drawAt: Date.now(),
      }),
    );
    const inputs = ok<DrawInputs>(await command.get(`/api/public/supervision/rounds/${round.id}/inputs`));
    expect(inputs.targets.map((x) => x.label).sort()).toEqual(['贾屯平价菜店', '贾屯便民超市'].sort());
    expect(inputs.targets.every((x) => x.key.startsWith('shop:'))).toBe(true);
    const lists = ok<Record<string, Array<{ key: string }>>>(
      await command.get('/api/supervision/checklists'),
    );
    expect(lists.shop!.map((i) => i.key)).toContain('price-posted');
  });

  it("refuses hostile input field by field, and writes nothing outside the caller's subtree", async () => {
    const node = await t.node('210881117');
    const body = {
      title: '敌意输入',
      nodeId: node.id,
      targetKind: 'community',
      sample: 3,
      perTarget: 2,
      visitsFrom: Date.now(),
    };
    const refused = async (res: { statusCode: number; json: () => unknown }, field: string) => {
      expect(res.statusCode).toBe(400);
      const error = (res.json() as { error: { fields: Array<{ field: string }> } }).error;
      expect(error.fields.map((f) => f.field)).toContain(field);
    };
    const before = await t.ctx.db
      .withTables<SupervisionTables>()
      .selectFrom('sup_rounds')
      .select('id')
      .execute();
    await refused(await command.post('/api/supervision/rounds', { ...body, title: '督查\u0000' }), 'title');
    await refused(await command.post('/api/supervision/rounds', { ...body, title: '\ud800' }), 'title');
    await refused(await command.post('/api/supervision/rounds', { ...body, perTarget: 1 }), 'perTarget');
    await refused(await command.post('/api/supervision/rounds', { ...body, sample: '3' }), 'sample');
    await refused(await command.post('/api/supervision/rounds', { ...body, sample: 2.5 }), 'sample');
    await refused(
      await command.post('/api/supervision/rounds', { ...body, targetKind: 'people' }),
      'targetKind',
    );
    await refused(await command.post('/api/supervision/rounds', { ...body, nodeId: -1 }), 'nodeId');
    await refused(await command.get("/api/supervision/orders?status=open' or 1=1 --"), 'status');
    // A district's command centre cannot plan a round over another district, nor an official at all.
    const zhanqian = await t.as('command_centre', '210802');
    expect([403, 404]).toContain((await zhanqian.post('/api/supervision/rounds', body)).statusCode);
    expect((await villageOfficial.post('/api/supervision/rounds', body)).statusCode).toBe(403);
    const after = await t.ctx.db
      .withTables<SupervisionTables>()
      .selectFrom('sup_rounds')
      .select('id')
      .execute();
    expect(after).toEqual(before);
  });

  it('refuses any change to a frozen list, a seed that does not match, and a draw over a tampered list', async () => {
    const node = await t.node('210881117');
    const round = ok<Round>(
      await command.post('/api/supervision/rounds', {
        title: '冻结测试',
        nodeId: node.id,
        targetKind: 'community',
        sample: 3,
        perTarget: 2,
        visitsFrom: Date.now(),
      }),
    );
    ok(
      await command.put(`/api/supervision/rounds/${round.id}/pool`, {
        members: inspectors.slice(1).map((i) => ({ userId: i.user.id })),
      }),
    );
    const drawEarly = await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: SEED });
    expect(drawEarly.json().error.code).toBe('SUPERVISION_NOT_COMMITTED');
    const frozen = ok<Round>(await command.post(`/api/supervision/rounds/${round.id}/freeze`));
    expect(frozen.listHash).toMatch(/^[0-9a-f]{64}$/);

    const changePool = await command.put(`/api/supervision/rounds/${round.id}/pool`, {
      members: [{ userId: inspectors[0]!.user.id }],
    });
    expect(changePool.statusCode).toBe(409);
    expect(changePool.json().error.code).toBe('SUPERVISION_ROUND_FROZEN');
    expect((await command.post(`/api/supervision/rounds/${round.id}/freeze`)).statusCode).toBe(409);

    ok(
      await command.post(`/api/supervision/rounds/${round.id}/commit`, {
        commitment: sha256Hex(SEED),
        drawAt: Date.now(),
      }),
    );
    const recommit = await command.post(`/api/supervision/rounds/${round.id}/commit`, {
      commitment: sha256Hex('another seed entirely'),
      drawAt: Date.now(),
    });
    expect(recommit.json().error.code).toBe('SUPERVISION_ALREADY_COMMITTED');
    const wrongSeed = await command.post(`/api/supervision/rounds/${round.id}/draw`, {
      seed: 'not the seed at all',
    });
    expect(wrongSeed.json().error.code).toBe('SUPERVISION_SEED_MISMATCH');

    // Someone edits the frozen list in the database: the recomputed hash no longer matches.
    await t.ctx.db
      .withTables<SupervisionTables>()
      .updateTable('sup_round_targets')
      .set({ node_path: '2108/210802/' })
      .where('round_id', '=', round.id)
      .where('position', '=', 0)
      .execute();
    const tampered = await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: SEED });
    expect(tampered.statusCode).toBe(409);
    expect(tampered.json().error.code).toBe('SUPERVISION_LIST_CHANGED');
    const visits = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`));
    expect(visits).toEqual([]);
  });

  describe('an unannounced visit to 贾屯村', () => {
    let round: Round;
    let visit: Visit;
    let inspector: Client & { user: TestUser };
    let order: Order;

    it('stays invisible to the village before it starts, on the API and on the live stream', async () => {
      const stream = await openStream(base, villageOfficial.cookie);
      round = await plannedRound({
        node: '210881117207',
        sample: 1,
        unannounced: true,
        pool: inspectors.slice(1).map((i) => ({ userId: i.user.id })),
      });
      ok(await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: SEED }));
      [visit] = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`)) as [Visit];
      expect(visit.unannounced).toBe(true);
      inspector = inspectors.find((i) => i.user.id === visit.inspectors[0]!.id)!;

      expect(ok<Visit[]>(await villageOfficial.get(`/api/supervision/visits?roundId=${round.id}`))).toEqual(
        [],
      );
      expect((await villageOfficial.get(`/api/supervision/visits/${visit.id}`)).statusCode).toBe(404);
      const county = await t.as('official', '210881');
      expect(ok<Visit[]>(await county.get(`/api/supervision/visits?roundId=${round.id}`))).toEqual([]);
      // Nor can anyone compute it: the seed of an unannounced round stays closed until the results.
      const pub = ok<{ seed: string | null; targets: unknown[] }>(
        await t.anonymous().get(`/api/public/supervision/rounds/${round.id}`),
      );
      expect(pub.seed).toBeNull();
      expect(pub.targets).toEqual([]);
      expect((await t.anonymous().get(`/api/public/supervision/rounds/${round.id}/verify`)).statusCode).toBe(
        409,
      );
      // The inspector sees their assignment.
      const mine = ok<Visit[]>(await inspector.get('/api/supervision/visits?mine=true'));
      expect(mine.map((v) => v.id)).toContain(visit.id);

      ok(await inspector.post(`/api/supervision/visits/${visit.id}/start`));
      const started = await stream.waitFor((f) => f.data.type === 'supervision.visit-started');
      const before = stream.frames.filter((f) => f.id < started.id);
      expect(before.filter((f) => f.data.type.startsWith('supervision.'))).toEqual([]);
      stream.close();
      const seen = ok<Visit[]>(await villageOfficial.get(`/api/supervision/visits?roundId=${round.id}`));
      expect(seen.map((v) => v.id)).toEqual([visit.id]);
    });

    it('records a finding once however often the offline queue syncs it', async () => {
      const finding = {
        clientId: randomUUID(),
        visitId: visit.id,
        item: 'cadre-on-post',
        rule: '村干部须在岗在位',
        severity: 'major',
        note: '村委会值班室无人',
        photoIds: [],
        observedAt: Date.now() - 60_000,
      };
      const first = ok<{ orders: Order[]; replayed: string[] }>(
        await inspector.post('/api/supervision/findings/sync', { findings: [finding] }),
      );
      const again = ok<{ orders: Order[]; replayed: string[] }>(
        await inspector.post('/api/supervision/findings/sync', { findings: [finding] }),
      );
      expect(again.orders[0]!.id).toBe(first.orders[0]!.id);
      expect(again.replayed).toEqual([finding.clientId]);
      const changed = await inspector.post('/api/supervision/findings', { ...finding, note: '另一段内容' });
      expect(changed.statusCode).toBe(409);
      order = first.orders[0]!;
      expect(order.status).toBe('open');
      expect(order.deadline).toBeGreaterThan(Date.now());
      const all = ok<Order[]>(await command.get(`/api/supervision/orders?roundId=${round.id}`));
      expect(all).toHaveLength(1);
    });

    it('lets only the inspector close after the village answers, and a closed order never reopens', async () => {
      expect(
        (await villageOfficial.post(`/api/supervision/orders/${order.id}/close`, { note: '自己销号' }))
          .statusCode,
      ).toBe(403);
      const early = await inspector.post(`/api/supervision/orders/${order.id}/close`, {
        note: '未整改就销号',
      });
      expect(early.json().error.code).toBe('SUPERVISION_ORDER_STATE');
      const answered = ok<Order>(
        await villageOfficial.post(`/api/supervision/orders/${order.id}/answer`, {
          answer: '已安排两名村干部轮流值守',
          evidenceIds: ['photo-1'],
        }),
      );
      expect(answered.status).toBe('answered');
      // An inspector of another visit may not close it; neither may the command centre.
      const stranger = inspectors.find((i) => !visit.inspectors.some((v) => v.id === i.user.id))!;
      expect([403, 404]).toContain(
        (await stranger.post(`/api/supervision/orders/${order.id}/close`, { note: '代销号' })).statusCode,
      );
      expect(
        (await command.post(`/api/supervision/orders/${order.id}/close`, { note: '代销号' })).statusCode,
      ).toBe(403);
      const closed = ok<Order>(
        await inspector.post(`/api/supervision/orders/${order.id}/close`, { note: '复查已整改' }),
      );
      expect(closed.status).toBe('closed');

      const reanswer = await villageOfficial.post(`/api/supervision/orders/${order.id}/answer`, {
        answer: '再答一次',
        evidenceIds: ['photo-2'],
      });
      expect(reanswer.json().error.code).toBe('SUPERVISION_ORDER_CLOSED');
      const sendBack = await inspector.post(`/api/supervision/orders/${order.id}/send-back`, {
        reason: '反复',
      });
      expect(sendBack.json().error.code).toBe('SUPERVISION_ORDER_CLOSED');
      // A new finding is the only way back: a new order.
      const fresh = ok<Order>(
        await inspector.post('/api/supervision/findings', {
          clientId: randomUUID(),
          visitId: visit.id,
          item: 'publicity',
          rule: '防疫宣传须张贴到位',
          severity: 'minor',
        }),
      );
      expect(fresh.id).not.toBe(order.id);
      expect(fresh.status).toBe('open');
      expect(ok<Order>(await command.get(`/api/supervision/orders/${order.id}`)).status).toBe('closed');
    });

    it('shows a village official only their own orders and hides discipline records from every official', async () => {
      const own = ok<Order[]>(await villageOfficial.get('/api/supervision/orders'));
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((o) => o.nodePath === visit.nodePath)).toBe(true);
      expect(ok<Order[]>(await otherVillageOfficial.get('/api/supervision/orders'))).toEqual([]);
      expect((await otherVillageOfficial.get(`/api/supervision/orders/${order.id}`)).statusCode).toBe(404);

      const record = ok<{ id: number; userName: string }>(
        await command.post('/api/supervision/discipline', {
          findingId: order.id,
          userId: villageOfficial.user.id,
          measure: 'warning',
          reason: '值守缺位',
        }),
      );
      expect(record.userName).toBeTruthy();
      for (const official of [
        villageOfficial,
        await t.as('official', '210881'),
        await t.as('official', '2108'),
      ]) {
        expect((await official.get('/api/supervision/discipline')).statusCode).toBe(403);
        const audit = await official.get('/api/audit?action=supervision.discipline-recorded');
        if (audit.statusCode === 200) expect(JSON.stringify(audit.json())).not.toContain('值守缺位');
      }
      const discipline = await t.as('discipline', '2108');
      const seen = ok<Array<{ id: number; reason: string }>>(
        await discipline.get('/api/supervision/discipline'),
      );
      expect(seen.map((d) => d.id)).toContain(record.id);
    });

    it('publishes the round with its targets and rectified counts and no personal data', async () => {
      ok(await command.post(`/api/supervision/rounds/${round.id}/publish`));
      const res = await t.anonymous().get(`/api/public/supervision/rounds/${round.id}`);
      const pub = ok<{ seed: string; totals: { findings: number; rectified: number }; targets: unknown[] }>(
        res,
      );
      expect(pub.seed).toBe(SEED);
      expect(pub.totals).toMatchObject({ findings: 2, rectified: 1 });
      for (const i of inspectors) expect(res.body).not.toContain(i.user.phone);
      expect(res.body).not.toContain('督查员');
      expect(res.body).not.toContain(villageOfficial.user.phone);
    });
  });

  it('reminds before the deadline, escalates an overdue order to the next level once, and extends in bulk', async () => {
    const service = new SupervisionService(t.ctx, new SupervisionRepository(t.ctx.db));
    const round = await plannedRound({ node: '210881117208', sample: 1, seed: `${SEED} clock` });
    ok(await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed: `${SEED} clock` }));
    const [visit] = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`)) as [Visit];
    const inspector = inspectors.find((i) => i.user.id === visit.inspectors[0]!.id)!;
    const order = ok<Order>(
      await inspector.post('/api/supervision/findings', {
        clientId: randomUUID(),
        visitId: visit.id,
        item: 'gathering-ban',
        rule: '禁止聚集',
        severity: 'critical',
      }),
    );
    const dueSoon = await service.sweep(order.deadline - 3600_000);
    expect(dueSoon.reminded).toBeGreaterThanOrEqual(1);
    const late = order.deadline + 1;
    const first = await service.sweep(late);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    expect((await service.sweep(late)).escalated).toBe(0);
    const escalated = ok<Order>(await command.get(`/api/supervision/orders/${order.id}`));
    expect(escalated.escalatedAt).toBe(late);

    const bulk = ok<{ matched: number; changed: number }>(
      await command.post('/api/supervision/orders/bulk', {
        filter: { roundId: round.id, status: 'open' },
        action: { kind: 'extend', days: 5, reason: '暴雪延期' },
      }),
    );
    expect(bulk).toMatchObject({ matched: 1, changed: 1 });
    const extended = ok<Order>(await command.get(`/api/supervision/orders/${order.id}`));
    expect(extended.deadline).toBe(order.deadline + 5 * 24 * 3600_000);
    const notOurs = await otherVillageOfficial.post('/api/supervision/orders/bulk', {
      filter: { roundId: round.id },
      action: { kind: 'extend', days: 5, reason: '自行延期' },
    });
    expect(notOurs.statusCode).toBe(403);
  });

  /** An open order on a fresh visit of a village under 团甸镇, recorded by one of the visit's inspectors. */
  const orderOn = async (seed: string, item = 'gathering-ban') => {
    const round = await plannedRound({ node: '210881117208', sample: 1, seed });
    ok(await command.post(`/api/supervision/rounds/${round.id}/draw`, { seed }));
    const [visit] = ok<Visit[]>(await command.get(`/api/supervision/visits?roundId=${round.id}`)) as [Visit];
    const inspector = inspectors.find((i) => i.user.id === visit.inspectors[0]!.id)!;
    const res = await inspector.post('/api/supervision/findings', {
      clientId: randomUUID(),
      visitId: visit.id,
      item,
      rule: '禁止聚集',
      severity: 'critical',
    });
    return { res, visit, inspector };
  };

  it('raises an overdue order up the configured ladder by elapsed time, audited, alerting each level live', async () => {
    const service = new SupervisionService(t.ctx, new SupervisionRepository(t.ctx.db));
    const town = await t.as('official', '210881117');
    const county = await t.as('official', '210881');
    expect((await town.put('/api/supervision/escalation', { steps: [{ afterHours: 0 }] })).statusCode).toBe(
      403,
    );
    const descending = await command.put('/api/supervision/escalation', {
      steps: [{ afterHours: 48 }, { afterHours: 0 }],
    });
    expect(descending.statusCode).toBe(400);
    ok(
      await command.put('/api/supervision/escalation', {
        steps: [{ afterHours: 0 }, { afterHours: 48 }, { afterHours: 120 }],
      }),
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'supervision.escalation-set')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0]!.detail)).after.steps).toHaveLength(3);

    const order = ok<Order>((await orderOn(`${SEED} ladder`)).res);
    const townStream = await openStream(base, town.cookie);
    const countyStream = await openStream(base, county.cookie);
    const levelOf = async () =>
      ok<Order>(await command.get(`/api/supervision/orders/${order.id}`)).escalationLevel;
    const HOUR = 3600_000;
    const townPath = (await t.node('210881117')).path;
    const countyPath = (await t.node('210881')).path;

    await service.sweep(order.deadline + 1);
    expect(await levelOf()).toBe(1);
    const toTown = await townStream.waitFor(
      (f) => f.data.type === 'supervision.orders-escalated' && f.data.payload.level === 1,
    );
    expect(Object.keys(toTown.data.payload.nodes as Record<string, number>)).toContain(townPath);

    // Within 48 h nothing moves further; past it the county hears; a repeat sweep changes nothing.
    await service.sweep(order.deadline + 47 * HOUR);
    expect(await levelOf()).toBe(1);
    await service.sweep(order.deadline + 49 * HOUR);
    expect(await levelOf()).toBe(2);
    const toCounty = await countyStream.waitFor(
      (f) => f.data.type === 'supervision.orders-escalated' && f.data.payload.level === 2,
    );
    expect(Object.keys(toCounty.data.payload.nodes as Record<string, number>)).toContain(countyPath);
    expect((await service.sweep(order.deadline + 49 * HOUR)).escalated).toBe(0);
    await service.sweep(order.deadline + 121 * HOUR);
    expect(await levelOf()).toBe(3);
    townStream.close();
    countyStream.close();

    const sweeps = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'supervision.sweep')
      .execute();
    expect(sweeps.some((r) => JSON.parse(String(r.detail)).levels?.['2'] >= 1)).toBe(true);
  });

  it('checklist templates are editable by the command centre, audited, and bind the findings', async () => {
    expect(
      (
        await villageOfficial.put('/api/supervision/checklists/community', {
          items: [{ key: 'x', zh: '某项', en: 'Item' }],
        })
      ).statusCode,
    ).toBe(403);
    const items = [
      { key: 'gathering-ban', zh: '无聚集性活动', en: 'No gatherings' },
      { key: 'fever-clinic-referral', zh: '发热人员及时转诊', en: 'Fever cases referred at once' },
    ];
    const saved = ok<Record<string, Array<{ key: string }>>>(
      await command.put('/api/supervision/checklists/community', { items }),
    );
    expect(saved.community!.map((i) => i.key)).toEqual(['gathering-ban', 'fever-clinic-referral']);
    // The other kinds keep their built-in lists.
    expect(saved.compound!.length).toBeGreaterThan(0);
    const listed = ok<Record<string, Array<{ key: string }>>>(
      await villageOfficial.get('/api/supervision/checklists'),
    );
    expect(listed.community).toEqual(items);

    const added = await orderOn(`${SEED} template`, 'fever-clinic-referral');
    ok(added.res);
    const removed = await added.inspector.post('/api/supervision/findings', {
      clientId: randomUUID(),
      visitId: added.visit.id,
      item: 'publicity',
      rule: '宣传',
      severity: 'minor',
    });
    expect(removed.statusCode).toBe(400);
    expect(removed.json().error.code).toBe('SUPERVISION_UNKNOWN_ITEM');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['entity_id'])
      .where('action', '=', 'supervision.checklist-set')
      .execute();
    expect(audit.map((r) => r.entity_id)).toEqual(['checklist:community']);
  });

  it('offers the discipline role the officials responsible for a finding, and no one else', async () => {
    const discipline = await t.as('discipline', '2108');
    const order = ok<Order>((await orderOn(`${SEED} officials`)).res);
    const named = ok<Array<{ id: number; name: string }>>(
      await discipline.get(`/api/supervision/findings/${order.id}/officials`),
    );
    expect(named.map((u) => u.id)).toContain(otherVillageOfficial.user.id);
    expect(named.map((u) => u.id)).not.toContain(villageOfficial.user.id);
    expect(
      (await otherVillageOfficial.get(`/api/supervision/findings/${order.id}/officials`)).statusCode,
    ).toBe(403);
  });
});
