import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Role } from '../src/contracts/permissions.ts';
import type { Actor } from '../src/server/core/access/index.ts';
import { SupervisionRepository } from '../src/server/modules/supervision/supervision.repository.ts';
import { SupervisionService } from '../src/server/modules/supervision/supervision.service.ts';
import type { SupervisionTables } from '../src/server/modules/supervision/supervision.tables.ts';
import { loginAs, newPage, pickOption, startE2E } from './support.ts';

const COMMAND = '13800000001';
const INSPECTOR = '13800000012';
const SECOND_INSPECTOR = '13800000016';
const VILLAGE_OFFICIAL = '13800000004';
const THIRD_INSPECTOR = '13800000017';
const DISCIPLINE = '13800000015';
const RESIDENT = '13800000010';
/** A 1×1 PNG standing in for a phone camera shot. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('supervision in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an inspector records a finding with a photo on a phone, the village answers with evidence, the inspector closes it, the public page shows it rectified', async () => {
    const { ctx } = env.server;
    const userId = async (phone: string) =>
      Number(
        (await ctx.db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow())
          .id,
      );
    const node = async (code: string) =>
      ctx.db.selectFrom('nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
    const city = await node('2108');
    const village = await node('210881117207');
    const command: Actor = {
      id: await userId(COMMAND),
      name: '',
      phone: COMMAND,
      locale: 'zh-CN',
      grants: [{ id: 0, role: 'command_centre', nodeId: Number(city.id), nodePath: city.path }],
      sessionId: '',
      csrfToken: '',
    };
    const service = new SupervisionService(ctx, new SupervisionRepository(ctx.db));
    const round = await service.createRound(command, {
      title: '贾屯村随机督查',
      nodeId: Number(village.id),
      targetKind: 'community',
      sample: 1,
      perTarget: 2,
      unannounced: false,
      visitsFrom: Date.now(),
      leadUserId: null,
    });
    await service.setPool(command, round.id, [
      { userId: await userId(INSPECTOR), recuseNodeIds: [] },
      { userId: await userId(SECOND_INSPECTOR), recuseNodeIds: [] },
    ]);
    await service.freeze(command, round.id);
    await service.commit(command, round.id, { drawAt: Date.now() });
    await service.draw(command, round.id, {});
    const [visit] = await service.visits(command, { roundId: round.id });
    expect(visit).toBeDefined();

    const phone = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await loginAs(phone, INSPECTOR);
    await phone.goto(`/supervision/visits/${visit!.id}`);
    await pickOption(phone, 'finding-item', '', '干部在岗');
    await phone.getByTestId('finding-rule').fill('村干部须在岗在位');
    await phone.getByTestId('finding-note').fill('村委会值班室无人值守');
    await phone
      .getByTestId('finding-photo')
      .setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await phone.getByTestId('finding-submit').click();
    const db = ctx.db.withTables<SupervisionTables>();
    await expect
      .poll(
        async () =>
          (await db.selectFrom('sup_findings').select('id').where('visit_id', '=', visit!.id).execute())
            .length,
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    const finding = await db
      .selectFrom('sup_findings')
      .select(['id', 'photo_ids'])
      .where('visit_id', '=', visit!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(finding.photo_ids)).toHaveLength(1);
    await phone.getByTestId(`order-${finding.id}`).waitFor();

    const official = (await newPage(env.browser, env.server)).page;
    await loginAs(official, VILLAGE_OFFICIAL);
    await official.goto(`/supervision/orders/${finding.id}`);
    await official.getByTestId('answer-text').fill('已安排两名村干部轮流值守，附排班表照片');
    await official
      .getByTestId('answer-evidence')
      .setInputFiles({ name: 'roster.png', mimeType: 'image/png', buffer: PNG });
    await official.getByTestId('answer-submit').and(official.locator(':enabled')).click();
    await official.getByTestId('order-status').filter({ hasText: '已反馈待复查' }).waitFor();

    await phone.goto(`/supervision/orders/${finding.id}`);
    await phone.getByTestId('close-note').fill('复查已整改到位');
    await phone.getByTestId('close-order').click();
    await phone.getByTestId('order-status').filter({ hasText: '已销号' }).waitFor();

    await service.publish(command, round.id);
    const visitor = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await visitor.goto(`/public/supervision/${round.id}`);
    await visitor.getByTestId(`rectified-${visit!.targetLabel}`).filter({ hasText: '1' }).waitFor();
    await visitor.getByTestId('rerun').click();
    await visitor.getByText('重新抽取结果与公布一致').waitFor();
  }, 180_000);

  it('the command centre plans, freezes, commits, draws and publishes a round in the browser and extends overdue orders in bulk; the discipline role records a decision; the public list links the round', async () => {
    const { ctx } = env.server;
    const command = (await newPage(env.browser, env.server)).page;
    command.setDefaultTimeout(30_000);
    await loginAs(command, COMMAND);
    await command.goto('/supervision/rounds');
    await command.getByTestId('round-title').fill('浏览器规划的随机督查');
    await command.getByTestId('round-create').click();
    await command.getByTestId('round-status').filter({ hasText: '筹备' }).waitFor();
    await pickOption(command, 'pool-select', '三组', '市督查组三组');
    await command.keyboard.press('Escape');
    await pickOption(command, 'pool-select', '二组', '市督查组二组');
    await command.keyboard.press('Escape');
    await command.getByTestId('pool-save').click();
    await command.getByTestId('pool-count').filter({ hasText: '2' }).waitFor();
    await command.getByTestId('round-freeze').click();
    await command.getByTestId('round-status').filter({ hasText: '清单已冻结' }).waitFor();
    await command.getByTestId('round-commit').click();
    await command.getByTestId('round-status').filter({ hasText: '种子已承诺' }).waitFor();
    await command.getByTestId('commitment').waitFor();
    await command.getByTestId('round-draw').click();
    await command.getByTestId('round-status').filter({ hasText: '已抽取' }).waitFor();
    const roundId = Number(new URL(command.url()).pathname.split('/').pop());
    const db = ctx.db.withTables<SupervisionTables>();
    const inspectors = await db
      .selectFrom('sup_visit_inspectors')
      .innerJoin('users', 'users.id', 'sup_visit_inspectors.user_id')
      .select('users.phone')
      .where('round_id', '=', roundId)
      .execute();
    expect(new Set(inspectors.map((i) => i.phone))).toEqual(new Set([THIRD_INSPECTOR, SECOND_INSPECTOR]));
    await command.getByTestId('round-publish').click();
    await command.getByTestId('round-status').filter({ hasText: '已公开' }).waitFor();

    // Bulk over the filter: every overdue order in scope gets the form's default three more days.
    const overdueBefore = await db
      .selectFrom('sup_findings')
      .select(['id', 'deadline'])
      .where('status', '=', 'open')
      .where('deadline', '<', Date.now())
      .execute();
    expect(overdueBefore.length).toBeGreaterThan(0);
    await command.goto('/supervision/orders?status=overdue');
    await command.getByTestId('bulk-text').fill('暴雪封路，统一延期');
    await command.getByTestId('bulk-run').click();
    await command.getByText(`匹配 ${overdueBefore.length} 条，处理 ${overdueBefore.length} 条`).waitFor();
    const moved = await db
      .selectFrom('sup_findings')
      .select('deadline')
      .where('id', '=', overdueBefore[0]!.id)
      .executeTakeFirstOrThrow();
    expect(Number(moved.deadline)).toBe(Number(overdueBefore[0]!.deadline) + 3 * 24 * 3600_000);

    // A finding at 贾屯村, whose official the discipline role will name.
    const idOf = async (phone: string) =>
      Number(
        (await ctx.db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow())
          .id,
      );
    const nodeOf = (code: string) =>
      ctx.db.selectFrom('nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
    const city = await nodeOf('2108');
    const actor = async (phone: string, role: 'command_centre' | 'inspector'): Promise<Actor> => ({
      id: await idOf(phone),
      name: '',
      phone,
      locale: 'zh-CN',
      grants: [{ id: 0, role, nodeId: Number(city.id), nodePath: city.path }],
      sessionId: '',
      csrfToken: '',
    });
    const service = new SupervisionService(ctx, new SupervisionRepository(ctx.db));
    const centre = await actor(COMMAND, 'command_centre');
    const planned = await service.createRound(centre, {
      title: '贾屯村问责前督查',
      nodeId: Number((await nodeOf('210881117207')).id),
      targetKind: 'community',
      sample: 1,
      perTarget: 2,
      unannounced: false,
      visitsFrom: Date.now(),
      leadUserId: null,
    });
    await service.setPool(centre, planned.id, [
      { userId: await idOf(INSPECTOR), recuseNodeIds: [] },
      { userId: await idOf(SECOND_INSPECTOR), recuseNodeIds: [] },
    ]);
    await service.freeze(centre, planned.id);
    await service.commit(centre, planned.id, { drawAt: Date.now() });
    await service.draw(centre, planned.id, {});
    const [jiatun] = await service.visits(centre, { roundId: planned.id });
    await service.recordFinding(await actor(INSPECTOR, 'inspector'), {
      clientId: randomUUID(),
      visitId: jiatun!.id,
      item: 'cadre-on-post',
      rule: '值班脱岗被通报',
      severity: 'major',
      note: '',
      photoIds: [],
    });

    const discipline = (await newPage(env.browser, env.server)).page;
    discipline.setDefaultTimeout(30_000);
    await loginAs(discipline, DISCIPLINE);
    await discipline.goto('/supervision/discipline');
    await pickOption(discipline, 'discipline-finding', '值班脱岗', '值班脱岗被通报');
    await pickOption(discipline, 'discipline-cadre', '', '贾屯村干部');
    await pickOption(discipline, 'discipline-measure', '', '警告');
    await discipline.getByTestId('discipline-reason').fill('整改逾期未反馈，经查属实');
    await discipline.getByTestId('discipline-save').click();
    await discipline.getByTestId('discipline-list').getByText('整改逾期未反馈，经查属实').waitFor();

    const visitor = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await visitor.goto('/public/supervision');
    await visitor.getByTestId(`public-round-${roundId}`).click();
    await visitor.getByTestId('rerun').click();
    await visitor.getByText('重新抽取结果与公布一致').waitFor();
  }, 240_000);

  it("shows 纪实台账 in the menu of exactly the roles that hold cadres.read, an inspector's phone included", async () => {
    const menuOf = async (phone: string, viewport?: 'phone') => {
      const page = (await newPage(env.browser, env.server, viewport ? { viewport } : {})).page;
      await loginAs(page, phone);
      if (viewport) await page.getByTestId('menu-toggle').click();
      await page.getByRole('menuitem').first().waitFor();
      return page.getByRole('menuitem').filter({ hasText: '纪实台账' });
    };
    const cases: Array<[string, Role, 'phone' | undefined]> = [
      [VILLAGE_OFFICIAL, 'official', undefined],
      [INSPECTOR, 'inspector', 'phone'],
      [COMMAND, 'command_centre', undefined],
      [RESIDENT, 'resident', undefined],
      [DISCIPLINE, 'discipline', undefined],
    ];
    for (const [phone, role, viewport] of cases) {
      const item = await menuOf(phone, viewport);
      if (ROLE_PERMISSIONS[role].includes('cadres.read')) await item.waitFor();
      else expect(await item.count(), role).toBe(0);
    }
    // Both sides are exercised: roles with the permission and roles without it.
    expect(cases.filter(([, role]) => ROLE_PERMISSIONS[role].includes('cadres.read'))).toHaveLength(3);
  }, 120_000);
});
