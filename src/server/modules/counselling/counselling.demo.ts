import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { CounsellingRepository } from './counselling.repository.ts';

const HOUR = 3600_000;

/**
 * The city counsellor's next three days (09:00, 14:00 and 20:00 Beijing, 50 minutes), two of them
 * booked under aliases by the village resident, one crisis request answered this morning, two courses.
 */
export async function seedCounselling(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new CounsellingRepository(ctx.db);
  const counsellor = demo.userId('13800000014');
  const resident = demo.userId('13800000010');
  const node = demo.nodePath('2108');
  const village = demo.nodePath('210881117207');
  const now = Date.now();
  const beijingMidnight = Math.floor((now + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
  await inTransaction(ctx.db, async (trx) => {
    const slots: number[] = [];
    for (let day = 1; day <= 3; day += 1) {
      for (const hour of [9, 14, 20]) {
        slots.push(
          await repo.insertSlot(
            {
              counsellor_id: counsellor,
              node_path: node,
              starts_at: beijingMidnight + day * 24 * HOUR + hour * HOUR,
              minutes: 50,
            },
            trx,
          ),
        );
      }
    }
    for (const [i, alias] of ['夜班护士', '值勤民警家属'].entries()) {
      const slotId = slots[i * 2]!;
      await repo.takeSlot(slotId, now, trx);
      await repo.insertBooking(
        {
          slot_id: slotId,
          node_path: node,
          booker_id: resident,
          alias,
          phone: i === 0 ? null : '13904179999',
        },
        trx,
      );
    }
    const crisis = await repo.insertCrisis(
      {
        node_path: village,
        requester_id: resident,
        alias: '匿名',
        phone: null,
        source: 'request',
        booking_id: null,
        status: 'open',
        answered_by: null,
        answered_at: null,
        escalated_at: null,
        created_at: now - 2 * HOUR,
      },
      trx,
    );
    await repo.answerCrisis(crisis, counsellor, now - 2 * HOUR + 90_000, trx);
    // Public WHO guides stand in for the counsellors' own recordings, which are uploaded in use.
    const guide = await repo.insertCourse(
      {
        title: '压力之下做要紧事（世卫组织图解指南）',
        kind: 'pdf',
        url: 'https://www.who.int/publications/i/item/9789240003927',
        audiences: JSON.stringify(['police', 'medical', 'families', 'residents']),
        minutes: 30,
      },
      trx,
    );
    await repo.insertCourse(
      {
        title: '疫情期间的心理健康与社会心理考虑（世卫组织）',
        kind: 'pdf',
        url: 'https://www.who.int/publications/i/item/WHO-2019-nCoV-MentalHealth-2020.1',
        audiences: JSON.stringify(['police', 'medical']),
        minutes: 15,
      },
      trx,
    );
    await repo.complete(guide, resident, now - HOUR, trx);
  });
}
