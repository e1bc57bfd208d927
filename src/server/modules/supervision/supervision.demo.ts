import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Role } from '../../../contracts/permissions.ts';
import { CHECKLISTS, type Severity, type TargetKind } from '../../../contracts/supervision.ts';
import type { Actor } from '../../core/access/index.ts';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { SupervisionRepository } from './supervision.repository.ts';
import { SupervisionService } from './supervision.service.ts';
import type { SupervisionTables } from './supervision.tables.ts';

const DAY = 24 * 3600_000;
/** A 1×1 PNG: the evidence photo of a demo answer. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const RULES = ['未落实“五不”要求', '台账不全', '值守缺位', '防护不到位', '宣传不到位'];
type State = 'closed' | 'answered' | 'open' | 'overdue' | 'escalated' | 'sent-back';

/**
 * Two rounds over the Yingkou tree, scaled down from the seed's district (300+ random visits,
 * ~100 unannounced, 31 rectified, 3 cadres disciplined): a published random round of 60 visits
 * and an unannounced round of 20 still under way, with findings in every state, 31 of them
 * rectified, and three discipline records.
 */
export async function seedSupervision(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const db = ctx.db.withTables<SupervisionTables>();
  if (await db.selectFrom('sup_rounds').select('id').limit(1).executeTakeFirst()) return;
  const service = new SupervisionService(ctx, new SupervisionRepository(ctx.db));
  const actor = (phone: string, role: Role, code: string): Actor => ({
    id: demo.userId(phone),
    name: '',
    phone,
    locale: 'zh-CN',
    grants: [{ id: 0, role, nodeId: demo.nodeId(code), nodePath: demo.nodePath(code) }],
    sessionId: '',
    csrfToken: '',
  });
  const command = actor('13800000001', 'command_centre', '2108');
  const inspectors = ['13800000012', '13800000016', '13800000017'].map((p) => actor(p, 'inspector', '2108'));
  const byId = new Map(inspectors.map((i) => [i.id, i]));
  const now = Date.now();

  const runRound = async (title: string, code: string, sample: number, unannounced: boolean) => {
    const round = await service.createRound(command, {
      title,
      nodeId: demo.nodeId(code),
      targetKind: 'community',
      sample,
      perTarget: 2,
      unannounced,
      visitsFrom: now - 10 * DAY,
      leadUserId: inspectors[0]!.id,
    });
    await service.setPool(
      command,
      round.id,
      inspectors.map((i) => ({ userId: i.id, recuseNodeIds: [] })),
    );
    await service.freeze(command, round.id);
    await service.commit(command, round.id, { drawAt: now });
    await service.draw(command, round.id, {});
    return { round, visits: await service.visits(command, { roundId: round.id }) };
  };

  let findingNo = 0;
  const record = async (visit: Awaited<ReturnType<typeof service.visits>>[number], state: State) => {
    const inspector = byId.get(visit.inspectors[0]!.id)!;
    const items = CHECKLISTS[visit.targetKind as TargetKind];
    const severity: Severity = (['minor', 'major', 'critical'] as const)[findingNo % 3]!;
    const item = items[findingNo % items.length]!;
    findingNo += 1;
    const { order } = await service.recordFinding(inspector, {
      clientId: randomUUID(),
      visitId: visit.id,
      item: item.key,
      rule: RULES[findingNo % RULES.length]!,
      severity,
      note: `${item.zh}：现场检查发现问题`,
      photoIds: [],
      observedAt: now - 9 * DAY,
    });
    if (state === 'overdue' || state === 'escalated') {
      await db
        .updateTable('sup_findings')
        .set({ deadline: now - DAY })
        .where('id', '=', order.id)
        .execute();
      return order.id;
    }
    if (state === 'open') return order.id;
    const file = await ctx.files.save(command, {
      ownerType: 'sup-order',
      ownerId: String(order.id),
      name: '整改照片.png',
      stream: Readable.from([PNG]),
    });
    await service.answer(command, order.id, { answer: '已按要求整改，附现场照片', evidenceIds: [file.id] });
    if (state === 'answered') return order.id;
    if (state === 'sent-back') {
      await service.sendBack(inspector, order.id, { reason: '复查仍未整改到位', extendDays: 3 });
      return order.id;
    }
    await service.close(inspector, order.id, '复查已整改到位，予以销号');
    return order.id;
  };

  const plan = (counts: Partial<Record<State, number>>): State[] =>
    Object.entries(counts).flatMap(([s, n]) => Array.from({ length: n }, () => s as State));

  // Round one: random, across the city, results published.
  const first = await runRound('2020年2月第一轮“双随机”督查', '2108', 60, false);
  const firstStates = plan({ closed: 24, answered: 4, open: 4, overdue: 3, escalated: 2, 'sent-back': 1 });
  const firstIds: number[] = [];
  for (const [i, state] of firstStates.entries()) {
    firstIds.push(await record(first.visits[i % first.visits.length]!, state));
  }
  for (const v of first.visits.slice(firstStates.length)) {
    await service.startVisit(byId.get(v.inspectors[0]!.id)!, v.id);
    await service.finishVisit(byId.get(v.inspectors[0]!.id)!, v.id);
  }
  await service.sweep(now);
  await service.publish(command, first.round.id);

  // Round two: unannounced (五不), 盖州市, under way: half the visits made so far.
  const second = await runRound('2020年2月“五不”暗访', '210881', 20, true);
  const secondStates = plan({ closed: 7, answered: 2, open: 2, overdue: 1 });
  for (const [i, state] of secondStates.entries()) await record(second.visits[i % 10]!, state);

  // Three cadres held to account over round one's findings (the seed's district disciplined three).
  const discipline = actor('13800000015', 'discipline', '2108');
  const cadres = ['13800000004', '13800000003', '13800000006'];
  const measures = ['criticism', 'warning', 'removal'] as const;
  for (const [i, phone] of cadres.entries()) {
    await service.recordDiscipline(discipline, {
      findingId: firstIds[firstIds.length - 1 - i]!,
      userId: demo.userId(phone),
      measure: measures[i]!,
      reason: '督查发现问题整改不力',
    });
  }
}
