import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/server/core/access/index.ts';
import { SupervisionRepository } from '../src/server/modules/supervision/supervision.repository.ts';
import { SupervisionService } from '../src/server/modules/supervision/supervision.service.ts';
import type { SupervisionTables } from '../src/server/modules/supervision/supervision.tables.ts';
import { loginAs, newPage, pickOption, startE2E } from './support.ts';

const COMMAND = '13800000001';
const INSPECTOR = '13800000012';
const SECOND_INSPECTOR = '13800000016';
const VILLAGE_OFFICIAL = '13800000004';
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
});
