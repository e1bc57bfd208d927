import { randomBytes } from 'node:crypto';
import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import type { VolunteersTables } from '../volunteers/index.ts';
import { FieldworkRepository } from './fieldwork.repository.ts';
import type { FieldworkTables } from './fieldwork.tables.ts';

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

/** Checkpoints below 贾屯村 and 团甸镇 villages, claimed by 蓝天救援队, with a week of 4-hour shifts. */
const DEMO_CHECKPOINTS = [
  {
    parent: '210881117207',
    name: '贾屯村北路口卡点',
    kind: 'road_entry',
    needs: { 设卡检查: 2, 排查: 1 },
    claim: true,
  },
  { parent: '210881117207', name: '贾屯村集市卡点', kind: 'market', needs: { 设卡检查: 1 }, claim: true },
  {
    parent: '210881117207',
    name: '贾屯村南路口卡点',
    kind: 'road_entry',
    needs: { 设卡检查: 2 },
    claim: false,
  },
] as const;

export async function seedFieldwork(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const db = ctx.db.withTables<FieldworkTables & VolunteersTables>();
  const repo = new FieldworkRepository(ctx.db);
  const team = await db
    .selectFrom('alliance_teams')
    .select(['id'])
    .where('name', '=', '蓝天救援队')
    .executeTakeFirst();
  const volunteerId = demo.userId('13800000005');
  const official = demo.userId('13800000004');
  const now = Date.now();
  const today = Math.floor((now + BEIJING) / (24 * HOUR)) * 24 * HOUR - BEIJING;
  await inTransaction(ctx.db, async (trx) => {
    for (const [i, cp] of DEMO_CHECKPOINTS.entries()) {
      const parent = await trx
        .selectFrom('nodes')
        .select(['id', 'path', 'depth'])
        .where('id', '=', demo.nodeId(cp.parent))
        .executeTakeFirstOrThrow();
      const code = `${cp.parent}F${String(i + 1).padStart(2, '0')}`;
      if (await trx.selectFrom('nodes').select('id').where('code', '=', code).executeTakeFirst()) continue;
      const node = await trx
        .insertInto('nodes')
        .values({
          code,
          name: cp.name,
          kind: 'checkpoint',
          parent_id: parent.id,
          path: `${parent.path}${code}/`,
          depth: parent.depth + 1,
          initials: '',
          pinyin: '',
          custom: 1,
          created_at: now,
          created_by: official,
        })
        .returning(['id', 'path'])
        .executeTakeFirstOrThrow();
      await repo.insertCheckpoint(
        {
          node_id: node.id,
          node_path: node.path,
          name: cp.name,
          kind: cp.kind,
          location: `${cp.name.replace('卡点', '')}`,
          hours: '00:00-24:00',
          needs: JSON.stringify(cp.needs),
          support: '热水、口罩、夜间照明',
          team_id: cp.claim && team ? team.id : null,
          claimed_at: cp.claim && team ? now : null,
          code_secret: randomBytes(16).toString('hex'),
          created_by: official,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      const spans: Array<[number, number]> = [];
      for (let h = 0; h < 7 * 24; h += 4) spans.push([today + h * HOUR, today + (h + 4) * HOUR]);
      await repo.insertShifts({ node_id: node.id, node_path: node.path }, spans, cp.needs, trx);
      if (i !== 0) continue;
      // Some seats filled, so the grid shows green hours beside the gaps.
      const shifts = await trx
        .withTables<FieldworkTables>()
        .selectFrom('field_shifts')
        .select(['id', 'starts_at', 'ends_at'])
        .where('checkpoint_id', '=', node.id)
        .orderBy('starts_at')
        .execute();
      // From the third day on, so the first days stay open for a new sign-up beside these.
      for (const s of shifts.filter((_, k) => k % 3 === 0 && k >= 18)) {
        await repo.takeSeat(s.id, '设卡检查', trx);
        await repo.insertSignup(
          {
            shift_id: s.id,
            checkpoint_id: node.id,
            node_path: node.path,
            user_id: volunteerId,
            skill: '设卡检查',
            starts_at: Number(s.starts_at),
            ends_at: Number(s.ends_at),
            checked_in_at: null,
            checked_out_at: null,
            stand_in_for: null,
            created_at: now,
          },
          trx,
        );
      }
      const task = (title: string, kind: string, status: string) => ({
        node_id: node.id,
        node_path: node.path,
        kind,
        title,
        priority: 'normal',
        window_start: now - 2 * HOUR,
        window_end: now + 10 * HOUR,
        status,
        batch_id: `demo-${kind}`,
        claimed_by: status === 'done' ? volunteerId : null,
        claim_expires_at: null,
        note: status === 'done' ? '已完成喷洒消毒' : '',
        counts: status === 'done' ? JSON.stringify({ 'm²': 400 }) : '{}',
        reason: null,
        done_at: status === 'done' ? now - HOUR : null,
        created_by: official,
        created_at: now - 3 * HOUR,
        updated_at: now - HOUR,
        repeat_days: kind === 'disinfection' ? 1 : null,
        follows_id: null,
      });
      await repo.insertTasks(
        [
          task('卡点周边消杀', 'disinfection', 'done'),
          task('集市入口宣传', 'publicity', 'open'),
          task('返乡人员排查', 'screening', 'open'),
          {
            ...task('集市摊位消杀', 'disinfection', 'open'),
            window_end: now - HOUR,
            batch_id: 'demo-market',
          },
        ],
        trx,
      );
      await repo.insertSupport(
        {
          checkpoint_id: node.id,
          node_path: node.path,
          giver: '老刘饺子馆',
          what: '热饺子',
          quantity: '30 份',
          brought_at: now - 2 * HOUR,
          registered_by: official,
          created_at: now - 2 * HOUR,
        },
        trx,
      );
    }
  });
}
