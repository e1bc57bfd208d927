import { idCheckDigit } from '../../../contracts/alliance.ts';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { addDays, beijingDay } from '../../core/figures/index.ts';
import { ReturneesRepository } from './returnees.repository.ts';
import { slotDeadline } from './returnees.service.ts';
import type { ReturneeTables } from './returnees.tables.ts';

/** Returnees of 贾屯村 and 五大门社区 in every category and state, with a fortnight of visits. */
const DEMO = [
  {
    community: '210881117207',
    name: '赵春生',
    from: '4201',
    category: 'high',
    state: 'isolating',
    daysAgo: 9,
  },
  {
    community: '210881117207',
    name: '钱秀梅',
    from: '4403',
    category: 'medium',
    state: 'isolating',
    daysAgo: 12,
  },
  {
    community: '210881117207',
    name: '孙立国',
    from: '3702',
    category: 'medium',
    state: 'isolating',
    daysAgo: 3,
  },
  {
    community: '210881117207',
    name: '李桂兰',
    from: '2101',
    category: 'low',
    state: 'registered',
    daysAgo: 0,
  },
  {
    community: '210881117207',
    name: '周建华',
    from: '4201',
    category: 'medium',
    state: 'released',
    daysAgo: 16,
  },
  {
    community: '210802001003',
    name: '吴海燕',
    from: '1101',
    category: 'medium',
    state: 'isolating',
    daysAgo: 6,
  },
  {
    community: '210802001003',
    name: '郑志强',
    from: '3301',
    category: 'low',
    state: 'registered',
    daysAgo: 1,
  },
] as const;

function demoId(seq: number): string {
  const first17 = `210881${1960 + seq * 3}0${(seq % 9) + 1}1${seq}${String(seq).padStart(3, '0')}`.slice(
    0,
    17,
  );
  return first17 + idCheckDigit(first17);
}

export async function seedReturnees(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new ReturneesRepository(ctx.db);
  const rules = new Map((await repo.rules()).map((r) => [r.category, r]));
  const now = Date.now();
  const today = beijingDay(now);
  const officer = demo.userId('13800000004');
  const ids = new Map<string, number>();
  for (const [seq, p] of DEMO.entries()) {
    const arrival = addDays(today, -p.daysAgo);
    await inTransaction(ctx.db, async (trx) => {
      const [id] = await repo.insertReturnees(
        [
          {
            node_id: demo.nodeId(p.community),
            node_path: demo.nodePath(p.community),
            name: p.name,
            id_number: demoId(seq + 1),
            phone: `1390417${String(seq).padStart(4, '0')}`,
            address: `${seq + 1}组 ${seq + 3}号`,
            from_code: p.from,
            arrival_day: arrival,
            transport: seq % 2 ? 'car' : 'train',
            transport_no: seq % 2 ? '辽H·D1234' : `G${1230 + seq}`,
            companions: seq % 3,
            category: p.category,
            status: 'registered',
            measure: null,
            start_day: null,
            end_day: null,
            per_day: null,
            released_at: null,
            room_id: null,
            created_by: officer,
            created_at: now - p.daysAgo * 86_400_000,
            updated_at: now,
          },
        ],
        trx,
      );
      if (id !== undefined) ids.set(p.name, id);
      if (id === undefined || p.state === 'registered') return;
      const rule = rules.get(p.category)!;
      const end = addDays(arrival, rule.days - 1);
      await repo.startPeriod(
        id,
        {
          category: p.category,
          measure: rule.measure,
          start_day: arrival,
          end_day: end,
          per_day: rule.per_day,
        },
        trx,
      );
      const q = trx.withTables<ReturneeTables>();
      const rows = [];
      for (let day = arrival; day <= end; day = addDays(day, 1)) {
        for (let slot = 0; slot < rule.per_day; slot += 1) {
          const due = slotDeadline(day, slot, rule.per_day);
          // Past visits were made (one missed a day ago, one reading a little warm); today's later ones wait.
          const done = due < now - 3600_000;
          const missed = done && seq === 2 && day === addDays(today, -1) && slot === 0;
          rows.push({
            returnee_id: id,
            node_path: demo.nodePath(p.community),
            day,
            slot,
            due_at: due,
            status: !done ? 'planned' : missed ? 'missed' : 'seen_ok',
            temp_x10: done && !missed ? 362 + ((seq + slot) % 6) : null,
            symptoms: '[]',
            performed_by: done ? officer : null,
            performed_at: done ? due - 1800_000 : null,
            released_at: null,
          });
        }
      }
      await q.insertInto('returnee_visits').values(rows).execute();
      if (p.state === 'released') await repo.release(id, now - 3600_000, trx);
    });
  }
  await seedFacilityAndContacts(ctx, demo, repo, ids, officer, today, now);
}

/**
 * The street's central isolation hotel with a few rooms; the high-category returnee sleeps in one,
 * and two of the village's people are listed as his close contacts.
 */
async function seedFacilityAndContacts(
  ctx: AppContext,
  demo: DemoDirectory,
  repo: ReturneesRepository,
  ids: Map<string, number>,
  officer: number,
  today: string,
  now: number,
): Promise<void> {
  const street = '210881117';
  await inTransaction(ctx.db, async (trx) => {
    const { id } = await repo.insertFacility(
      {
        node_id: demo.nodeId(street),
        node_path: demo.nodePath(street),
        name: '鲅鱼圈区集中隔离点（海滨酒店）',
        address: '鲅鱼圈区平安大街 88 号',
        created_at: now,
      },
      trx,
    );
    await repo.insertRooms(
      id,
      demo.nodePath(street),
      [
        { label: '101', capacity: 2 },
        { label: '102', capacity: 1 },
        { label: '201', capacity: 2 },
        { label: '202', capacity: 1 },
      ],
      trx,
    );
    const [room] = await repo.rooms([id], trx);
    const guest = ids.get('赵春生');
    if (room && guest !== undefined && (await repo.takeBed(room.id, trx)))
      await repo.setRoom(guest, null, room.id, trx);
    const contacts = [
      { name: '孙立国', relation: 'colleague', day: addDays(today, -10) },
      { name: '钱秀梅', relation: 'household', day: addDays(today, -9) },
    ];
    await repo.insertContacts(
      contacts
        .filter((c) => guest !== undefined && ids.has(c.name))
        .map((c) => ({
          case_id: guest!,
          contact_id: ids.get(c.name)!,
          node_path: demo.nodePath('210881117207'),
          relation: c.relation,
          last_contact_day: c.day,
          created_by: officer,
          created_at: now,
        })),
      trx,
    );
  });
}
