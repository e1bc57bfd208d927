import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Locale } from '../../../contracts/common.ts';
import {
  type Checkpoint,
  type CheckpointBody,
  CLAIM_MINUTES,
  DEFAULT_TASK_KINDS,
  type Grid,
  type Needs,
  SHIFT_RULES,
  type Shift,
  type SupportBody,
  type Task,
  type TaskKind,
  type TaskKindBody,
  type TaskKindDef,
} from '../../../contracts/fieldwork.ts';
import type { StoredFile } from '../../../contracts/files.ts';
import {
  type Actor,
  assertPathAccess,
  canAccessPath,
  hasPermission,
  loadInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { type Db, inTransaction, withIdempotency } from '../../core/db/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../core/errors.ts';
import { TextPdf } from '../../core/pdf/index.ts';
import type { FieldworkRepository } from './fieldwork.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;
/** The check-in code changes every 5 minutes; the previous one is still accepted (a slow typist). */
const CODE_WINDOW_MS = 5 * 60_000;
/** An evidence upload that has held its client id this long without a file died with its server. */
const STALE_UPLOAD_MS = 2 * 60_000;

const TEMPLATES = { '3x8': [0, 8], '6x4': [0, 4], '2x12': [8, 12] } as const;

export function checkInCode(secret: string, at: number): string {
  const window = Math.floor(at / CODE_WINDOW_MS);
  const mac = createHmac('sha256', secret).update(String(window)).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** Hours of the Beijing day a checkpoint must be staffed: "08:00-20:00" → [8, 20]. */
function staffed(hours: string): [number, number] {
  const [a, b] = hours.split('-').map((h) => Number(h.slice(0, 2)));
  return [a ?? 0, b ?? 24];
}

type CheckpointRow = Awaited<ReturnType<FieldworkRepository['listCheckpoints']>>[number];
type TaskRow = NonNullable<Awaited<ReturnType<FieldworkRepository['task']>>>;

export class FieldworkService {
  constructor(
    private readonly ctx: AppContext,
    private readonly repo: FieldworkRepository,
  ) {}

  private async audited(
    trx: Db,
    actor: Actor,
    action: string,
    entity: { type: string; id: number | string; path: string },
    detail: Record<string, unknown>,
    event?: { permission?: 'fieldwork.read'; payload?: Record<string, unknown>; userId?: number },
  ) {
    await this.ctx.audit.record(trx, {
      actorId: actor.id,
      action,
      entityType: entity.type,
      entityId: entity.id,
      nodePath: entity.path,
      detail,
    });
    if (event) {
      await this.ctx.events.append(trx, {
        type: action,
        nodePath: entity.path,
        actorId: actor.id,
        permission: event.userId ? null : 'fieldwork.read',
        userId: event.userId ?? null,
        payload: event.payload ?? detail,
      });
    }
  }

  // ---- checkpoints ----

  async setUpCheckpoint(actor: Actor, body: CheckpointBody): Promise<Checkpoint> {
    const node = await loadInScope(actor, 'fieldwork.manage', this.repo.node(body.nodeId));
    if (node.kind !== 'checkpoint') throw badRequest('NOT_A_CHECKPOINT', 'nodeId');
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      if (await this.repo.checkpoint(node.id, trx)) throw conflict('CHECKPOINT_EXISTS');
      await this.repo.insertCheckpoint(
        {
          node_id: node.id,
          node_path: node.path,
          name: node.name,
          kind: body.kind,
          location: body.location,
          hours: body.hours,
          needs: JSON.stringify(body.needs),
          support: body.support,
          team_id: null,
          claimed_at: null,
          code_secret: randomBytes(16).toString('hex'),
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'fieldwork.checkpoint-set-up',
        { type: 'checkpoint', id: node.id, path: node.path },
        { kind: body.kind, needs: body.needs },
      );
    });
    return this.checkpoint(actor, node.id);
  }

  private toCheckpoint(r: CheckpointRow): Checkpoint {
    return {
      id: r.node_id,
      name: r.name,
      path: r.node_path,
      kind: r.kind as Checkpoint['kind'],
      location: r.location,
      hours: r.hours,
      needs: JSON.parse(r.needs) as Needs,
      support: r.support,
      team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
      claimedAt: r.claimed_at,
      handover:
        r.handover_id && r.to_team_id
          ? { id: r.handover_id, toTeam: { id: r.to_team_id, name: r.to_team_name ?? '' } }
          : null,
    };
  }

  /** Officials see their subtree; a team leader the checkpoints in the team's area (owned or claimable). */
  async checkpoints(
    actor: Actor,
    q: { nodeId?: number; claim: 'all' | 'mine' | 'unclaimed' },
  ): Promise<Checkpoint[]> {
    let under: string | undefined;
    if (q.nodeId) {
      const node = await loadInScope(actor, 'fieldwork.read', this.repo.node(q.nodeId));
      under = node.path;
    }
    const team = q.claim === 'mine' ? (await this.repo.teamsLedBy(actor.id))[0] : undefined;
    if (q.claim === 'mine' && !team) return [];
    const rows = await this.repo.listCheckpoints(scopePaths(actor, 'fieldwork.read'), {
      ...(under ? { under } : {}),
      ...(team ? { teamId: team.id } : {}),
      unclaimed: q.claim === 'unclaimed',
    });
    return rows.map((r) => this.toCheckpoint(r));
  }

  async checkpoint(actor: Actor, id: number): Promise<Checkpoint> {
    const row = await loadInScope(actor, 'fieldwork.read', this.repo.checkpoint(id));
    const [full] = await this.repo.listCheckpoints([row.node_path], {});
    if (!full) throw notFound();
    return this.toCheckpoint(full);
  }

  /** The team of `actor` whose area covers `path` (a leader may lead more than one). */
  private async leadingTeamFor(actor: Actor, path: string) {
    const team = (await this.repo.teamsLedBy(actor.id)).find((t) => path.startsWith(t.node_path));
    if (!team) throw new AppError('NOT_TEAM_LEADER', 403);
    return team;
  }

  async claim(actor: Actor, id: number): Promise<Checkpoint> {
    const row = await loadInScope(actor, 'fieldwork.lead', this.repo.checkpoint(id));
    const team = await this.leadingTeamFor(actor, row.node_path);
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.claim(id, team.id, Date.now(), trx))) throw conflict('CHECKPOINT_CLAIMED');
      await this.audited(
        trx,
        actor,
        'fieldwork.checkpoint-claimed',
        { type: 'checkpoint', id, path: row.node_path },
        { teamId: team.id, team: team.name, checkpoint: row.name },
        {},
      );
    });
    return this.checkpoint(actor, id);
  }

  /** Another team asks to take over; the owning team's leader or an official decides. */
  async requestHandover(actor: Actor, id: number): Promise<Checkpoint> {
    const row = await loadInScope(actor, 'fieldwork.lead', this.repo.checkpoint(id));
    const team = await this.leadingTeamFor(actor, row.node_path);
    if (row.team_id == null) throw conflict('CHECKPOINT_UNCLAIMED');
    if (row.team_id === team.id) throw conflict('CHECKPOINT_YOURS');
    await inTransaction(this.ctx.db, async (trx) => {
      if (await this.repo.openHandover(id, trx)) throw conflict('HANDOVER_OPEN');
      const hid = await this.repo.insertHandover(
        {
          checkpoint_id: id,
          node_path: row.node_path,
          from_team_id: row.team_id as number,
          to_team_id: team.id,
          status: 'open',
          requested_by: actor.id,
          decided_by: null,
          created_at: Date.now(),
          decided_at: null,
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'fieldwork.handover-requested',
        { type: 'handover', id: hid, path: row.node_path },
        { checkpointId: id, toTeamId: team.id },
        {},
      );
    });
    return this.checkpoint(actor, id);
  }

  async decideHandover(actor: Actor, handoverId: number, accept: boolean): Promise<Checkpoint> {
    const h = await loadInScope(actor, 'fieldwork.read', this.repo.handover(handoverId));
    const owner = await this.repo.team(h.from_team_id);
    const official = canAccessPath(actor, 'fieldwork.manage', h.node_path);
    if (!official && owner?.leader_user_id !== actor.id) throw new AppError('NOT_TEAM_LEADER', 403);
    await inTransaction(this.ctx.db, async (trx) => {
      const res = await this.repo.decideHandover(
        handoverId,
        accept ? 'accepted' : 'declined',
        actor.id,
        Date.now(),
        trx,
      );
      if (Number(res.numUpdatedRows) !== 1) throw conflict('HANDOVER_DECIDED');
      if (accept) await this.repo.setOwner(h.checkpoint_id, h.to_team_id, Date.now(), trx);
      await this.audited(
        trx,
        actor,
        accept ? 'fieldwork.handover-accepted' : 'fieldwork.handover-declined',
        { type: 'handover', id: handoverId, path: h.node_path },
        { checkpointId: h.checkpoint_id, fromTeamId: h.from_team_id, toTeamId: h.to_team_id },
        {},
      );
    });
    return this.checkpoint(actor, h.checkpoint_id);
  }

  /** Changes a checkpoint's duty plan; shifts already made keep their seats. */
  async editCheckpoint(actor: Actor, id: number, body: Omit<CheckpointBody, 'nodeId'>): Promise<Checkpoint> {
    const row = await loadInScope(actor, 'fieldwork.manage', this.repo.checkpoint(id));
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.updateCheckpoint(
        id,
        {
          kind: body.kind,
          location: body.location,
          hours: body.hours,
          needs: JSON.stringify(body.needs),
          support: body.support,
          updated_at: Date.now(),
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'fieldwork.checkpoint-edited',
        { type: 'checkpoint', id, path: row.node_path },
        { kind: body.kind, hours: body.hours, needs: body.needs },
      );
    });
    return this.checkpoint(actor, id);
  }

  /** Checkpoints a resident or a restaurant may bring meals to: names and places, nothing personal. */
  async supportPoints(q: { q?: string | undefined }) {
    const rows = await this.repo.supportPoints(q.q);
    return rows.map((r) => ({ id: r.node_id, name: r.name, location: r.location, support: r.support }));
  }

  /** Anyone signed in may say what they brought; the checkpoint page lists it for the people on duty. */
  async registerSupport(actor: Actor, id: number, body: SupportBody, now = Date.now()) {
    const cp = await this.repo.checkpoint(id);
    if (!cp) throw notFound();
    const broughtAt = Math.min(body.broughtAt ?? now, now);
    const sid = await inTransaction(this.ctx.db, async (trx) => {
      const sid = await this.repo.insertSupport(
        {
          checkpoint_id: id,
          node_path: cp.node_path,
          giver: body.giver,
          what: body.what,
          quantity: body.quantity,
          brought_at: broughtAt,
          registered_by: actor.id,
          created_at: now,
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'fieldwork.support-registered',
        { type: 'support', id: sid, path: cp.node_path },
        { what: body.what, quantity: body.quantity },
        { payload: { checkpointId: id } },
      );
      return sid;
    });
    return { id: sid, giver: body.giver, what: body.what, quantity: body.quantity, broughtAt };
  }

  /** What arrived at a checkpoint: officials of its subtree, and the volunteers of the owning team. */
  async supports(actor: Actor, id: number) {
    const cp = await this.repo.checkpoint(id);
    if (!cp) throw notFound();
    if (!canAccessPath(actor, 'fieldwork.read', cp.node_path)) {
      const v = await this.repo.volunteer(actor.id);
      if (cp.team_id == null || (v?.team_id !== cp.team_id && cp.team_leader !== actor.id)) throw notFound();
    }
    const rows = await this.repo.listSupports(id);
    return rows.map((r) => ({
      id: r.id,
      giver: r.giver,
      what: r.what,
      quantity: r.quantity,
      broughtAt: Number(r.brought_at),
    }));
  }

  async code(actor: Actor, id: number, now = Date.now()) {
    const row = await loadInScope(actor, 'fieldwork.read', this.repo.checkpoint(id));
    return {
      code: checkInCode(row.code_secret, now),
      validUntil: (Math.floor(now / CODE_WINDOW_MS) + 1) * CODE_WINDOW_MS,
    };
  }

  // ---- shifts ----

  /** Shifts from a template (3 × 8 h, 6 × 4 h, 2 × 12 h, Beijing time) within the staffed hours. */
  async generateShifts(
    actor: Actor,
    id: number,
    body: { from: string; days: number; template: keyof typeof TEMPLATES },
  ) {
    const row = await this.repo.checkpoint(id);
    if (!row) throw notFound();
    const owner = row.team_id ? await this.repo.team(row.team_id) : undefined;
    if (
      !(
        canAccessPath(actor, 'fieldwork.manage', row.node_path) ||
        (owner && owner.leader_user_id === actor.id)
      )
    ) {
      assertPathAccess(actor, 'fieldwork.manage', row.node_path);
    }
    const [first, length] = TEMPLATES[body.template];
    const [open, close] = staffed(row.hours);
    const day0 = Date.parse(`${body.from}T00:00:00Z`) - BEIJING;
    const spans: Array<[number, number]> = [];
    for (let d = 0; d < body.days; d += 1) {
      for (let h = first; h + length <= 24; h += length) {
        if (h >= open && h + length <= close)
          spans.push([day0 + d * DAY + h * HOUR, day0 + d * DAY + (h + length) * HOUR]);
      }
    }
    const needs = JSON.parse(row.needs) as Needs;
    const created = await inTransaction(this.ctx.db, async (trx) => {
      const n = await this.repo.insertShifts(row, spans, needs, trx);
      await this.audited(
        trx,
        actor,
        'fieldwork.shifts-generated',
        { type: 'checkpoint', id, path: row.node_path },
        { ...body, created: n },
        {},
      );
      return n;
    });
    return { created, skipped: spans.length - created };
  }

  /** The team a volunteer stands duty for: their roster team, else the team they lead. */
  private async dutyTeam(actor: Actor): Promise<number> {
    const v = await this.repo.volunteer(actor.id);
    if (v?.team_id) return v.team_id;
    const led = (await this.repo.teamsLedBy(actor.id))[0];
    if (led) return led.id;
    throw new AppError('NO_TEAM', 403);
  }

  async openShifts(actor: Actor, q: { checkpointId?: number }, now = Date.now()): Promise<Shift[]> {
    const teamId = await this.dutyTeam(actor);
    const rows = await this.repo.teamShifts(
      teamId,
      actor.id,
      now - 12 * HOUR,
      now + SHIFT_RULES.horizonDays * DAY,
      q.checkpointId,
    );
    const shifts = new Map<number, Shift>();
    for (const r of rows) {
      let s = shifts.get(r.id);
      if (!s) {
        s = {
          id: r.id,
          checkpointId: r.checkpoint_id,
          checkpoint: r.name,
          startsAt: Number(r.starts_at),
          endsAt: Number(r.ends_at),
          seats: [],
          mine: r.mine_id
            ? {
                id: r.mine_id,
                skill: r.mine_skill ?? '',
                checkedInAt: r.checked_in_at,
                checkedOutAt: r.checked_out_at,
              }
            : null,
        };
        shifts.set(r.id, s);
      }
      s.seats.push({ skill: r.skill, needed: r.needed, filled: r.filled });
    }
    return [...shifts.values()].filter((s) => s.endsAt > now);
  }

  /**
   * Signs the volunteer up for several slots at once, all or none. Refused: a shift of another
   * team, past the horizon, overlapping one already held, or making a run of duty longer than
   * the cap without the required rest. The seat itself is taken by a conditional update.
   */
  async signUp(actor: Actor, slots: Array<{ shiftId: number; skill: string }>, now = Date.now()) {
    const teamId = await this.dutyTeam(actor);
    return inTransaction(this.ctx.db, async (trx) => {
      const wanted = [];
      for (const slot of slots) {
        const shift = await this.repo.shift(slot.shiftId, trx);
        if (!shift || shift.team_id !== teamId) throw notFound();
        if (shift.starts_at <= now)
          throw new AppError('SHIFT_STARTED', 409, {}, [
            { field: 'slots', in: 'body', code: 'SHIFT_STARTED' },
          ]);
        if (shift.starts_at > now + SHIFT_RULES.horizonDays * DAY)
          throw new AppError('SHIFT_BEYOND_HORIZON', 409, { days: SHIFT_RULES.horizonDays });
        if (!(await this.repo.seatExists(shift.id, slot.skill, trx)))
          throw badRequest('SKILL_NOT_NEEDED', 'skill', { skill: slot.skill });
        wanted.push({ ...shift, skill: slot.skill });
      }
      wanted.sort((a, b) => a.starts_at - b.starts_at);
      const span = SHIFT_RULES.maxConsecutiveHours * HOUR + SHIFT_RULES.restHours * HOUR;
      const first = wanted[0]!.starts_at;
      const last = wanted[wanted.length - 1]!.ends_at;
      const held = await this.repo.signupsOf(actor.id, first - span - DAY, last + span + DAY, trx);
      const spans = held.map((h) => [Number(h.starts_at), Number(h.ends_at)] as [number, number]);
      for (const w of wanted) {
        if (spans.some(([s, e]) => s < w.ends_at && e > w.starts_at))
          throw conflict('SHIFT_COLLISION', { at: w.starts_at });
        spans.push([w.starts_at, w.ends_at]);
      }
      assertRunsWithinCap(spans);
      const ids: number[] = [];
      for (const w of wanted) {
        if (!(await this.repo.takeSeat(w.id, w.skill, trx))) throw conflict('SHIFT_FULL', { skill: w.skill });
        const sid = await this.repo.insertSignup(
          {
            shift_id: w.id,
            checkpoint_id: w.checkpoint_id,
            node_path: w.node_path,
            user_id: actor.id,
            skill: w.skill,
            starts_at: w.starts_at,
            ends_at: w.ends_at,
            checked_in_at: null,
            checked_out_at: null,
            stand_in_for: null,
            created_at: now,
          },
          trx,
        );
        ids.push(sid);
        await this.audited(
          trx,
          actor,
          'fieldwork.signed-up',
          { type: 'signup', id: sid, path: w.node_path },
          { shiftId: w.id, skill: w.skill },
          { payload: { checkpointId: w.checkpoint_id, shiftId: w.id } },
        );
      }
      return { signupIds: ids };
    });
  }

  async signOut(actor: Actor, signupId: number, now = Date.now()) {
    await inTransaction(this.ctx.db, async (trx) => {
      const s = await this.repo.signup(signupId, trx);
      if (!s || s.user_id !== actor.id) throw notFound();
      if (s.starts_at - now < SHIFT_RULES.signOutCutoffHours * HOUR) {
        throw conflict('SIGN_OUT_TOO_LATE', { hours: SHIFT_RULES.signOutCutoffHours });
      }
      await this.repo.deleteSignup(signupId, trx);
      await this.repo.releaseSeat(s.shift_id, s.skill, trx);
      await this.audited(
        trx,
        actor,
        'fieldwork.signed-out',
        { type: 'signup', id: signupId, path: s.node_path },
        { shiftId: s.shift_id },
        {
          payload: { checkpointId: s.checkpoint_id, shiftId: s.shift_id },
        },
      );
    });
    return { ok: true as const };
  }

  /** Check-in with the code shown at the checkpoint: proves presence without requiring position. */
  async checkIn(
    actor: Actor,
    body: { code: string; lat?: number | undefined; lng?: number | undefined },
    now = Date.now(),
  ) {
    const s = await this.repo.currentSignup(actor.id, now, SHIFT_RULES.checkInEarlyMinutes * 60_000);
    if (!s) throw conflict('NO_CURRENT_SHIFT');
    const cp = await this.repo.checkpoint(s.checkpoint_id);
    if (!cp) throw notFound();
    const ok = [now, now - CODE_WINDOW_MS].some((at) => checkInCode(cp.code_secret, at) === body.code);
    if (!ok) throw badRequest('CHECKIN_CODE_WRONG', 'code');
    if (s.checked_in_at != null) return this.dutyOf(s.id);
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.updateSignup(s.id, { checked_in_at: now }, trx);
      const position = body.lat != null && body.lng != null ? { lat: body.lat, lng: body.lng } : null;
      await this.audited(
        trx,
        actor,
        'fieldwork.checked-in',
        { type: 'signup', id: s.id, path: s.node_path },
        { position },
        {
          payload: { checkpointId: s.checkpoint_id, shiftId: s.shift_id },
        },
      );
    });
    return this.dutyOf(s.id);
  }

  async checkOut(actor: Actor, now = Date.now()) {
    const s = await this.repo.openDuty(actor.id);
    if (!s) throw conflict('NOT_ON_DUTY');
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.updateSignup(s.id, { checked_out_at: now }, trx);
      await this.audited(
        trx,
        actor,
        'fieldwork.checked-out',
        { type: 'signup', id: s.id, path: s.node_path },
        {},
        {
          payload: { checkpointId: s.checkpoint_id, shiftId: s.shift_id },
        },
      );
    });
    return this.dutyOf(s.id);
  }

  private async dutyOf(id: number) {
    const s = await this.repo.signup(id);
    const cp = s ? await this.repo.checkpoint(s.checkpoint_id) : undefined;
    if (!s || !cp) throw notFound();
    return {
      signupId: s.id,
      checkpoint: cp.name,
      startsAt: Number(s.starts_at),
      endsAt: Number(s.ends_at),
      checkedInAt: s.checked_in_at == null ? null : Number(s.checked_in_at),
      checkedOutAt: s.checked_out_at == null ? null : Number(s.checked_out_at),
    };
  }

  /** The volunteer's own record: shifts from 30 days back, hours credited from check-in/out. */
  async myDuty(actor: Actor, now = Date.now()) {
    const rows = await this.repo.duties(actor.id, now - 30 * DAY);
    const items = rows.map((r) => ({
      signupId: r.id,
      checkpoint: r.name,
      startsAt: Number(r.starts_at),
      endsAt: Number(r.ends_at),
      checkedInAt: r.checked_in_at == null ? null : Number(r.checked_in_at),
      checkedOutAt: r.checked_out_at == null ? null : Number(r.checked_out_at),
    }));
    const hours = items.reduce(
      (sum, i) => (i.checkedInAt && i.checkedOutAt ? sum + (i.checkedOutAt - i.checkedInAt) / HOUR : sum),
      0,
    );
    return { items, hours: Math.round(hours * 10) / 10 };
  }

  /** The service certificate: every shift checked in and out, and the hours credited, as a PDF. */
  async certificate(actor: Actor, locale: Locale, now = Date.now()): Promise<Uint8Array> {
    const rows = await this.repo.duties(actor.id, 0);
    const served = rows.filter((r) => r.checked_in_at != null && r.checked_out_at != null);
    const v = await this.repo.volunteer(actor.id);
    const team = v?.team_id ? await this.repo.team(v.team_id) : (await this.repo.teamsLedBy(actor.id))[0];
    const en = locale === 'en';
    const fmt = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
    const hours = served.reduce(
      (sum, r) => sum + (Number(r.checked_out_at) - Number(r.checked_in_at)) / HOUR,
      0,
    );
    const pdf = await TextPdf.create(
      en ? 'Volunteer service certificate' : '志愿服务证明',
      en ? 'Xinghuo · service certificate' : '星火 · 志愿服务证明',
    );
    const name = v?.name ?? actor.name;
    pdf.paragraph(
      en
        ? `${name}${team ? ` of ${team.name}` : ''} served ${served.length} shifts on duty at checkpoints, ${Math.round(hours * 10) / 10} hours in all, credited from on-duty check-in to check-out.`
        : `${name}${team ? `（${team.name}）` : ''}参加卡点值守 ${served.length} 班，共计 ${Math.round(hours * 10) / 10} 小时（按到岗签到至签退计）。`,
      11,
    );
    pdf.gap(10);
    pdf.table(
      [
        en ? ['Checkpoint', 'Check-in', 'Check-out', 'Hours'] : ['卡点', '签到', '签退', '小时'],
        ...served.map((r) => [
          r.name,
          fmt(Number(r.checked_in_at)),
          fmt(Number(r.checked_out_at)),
          String(Math.round(((Number(r.checked_out_at) - Number(r.checked_in_at)) / HOUR) * 10) / 10),
        ]),
      ],
      [4, 3, 3, 1],
    );
    pdf.gap(10);
    pdf.paragraph(en ? `Issued ${fmt(now)} (Beijing time)` : `开具时间：${fmt(now)}（北京时间）`, 9, {
      grey: true,
    });
    await this.ctx.audit.record(this.ctx.db, {
      actorId: actor.id,
      action: 'fieldwork.certificate-issued',
      entityType: 'user',
      entityId: actor.id,
      nodePath: v?.node_path ?? team?.node_path ?? '/',
      detail: { shifts: served.length, hours: Math.round(hours * 10) / 10 },
    });
    return pdf.save();
  }

  /**
   * Checkpoint × hour for the next `hours` hours: filled / needed summed by skill, and what is
   * short. A staffed hour with no shift at all counts as wholly uncovered.
   */
  async grid(
    actor: Actor,
    q: { nodeId?: number; teamId?: number; from?: number; hours: number; gapsOnly: boolean },
    now = Date.now(),
  ): Promise<Grid> {
    let scope = scopePaths(actor, 'fieldwork.read');
    if (q.nodeId) {
      const node = await loadInScope(actor, 'fieldwork.read', this.repo.node(q.nodeId));
      scope = [node.path];
    }
    if (q.teamId) {
      const team = await this.repo.team(q.teamId);
      if (!team || !scope.some((p) => team.node_path.startsWith(p) || p.startsWith(team.node_path)))
        throw notFound();
    }
    const from = q.from ?? Math.floor(now / HOUR) * HOUR;
    const to = from + q.hours * HOUR;
    const [checkpoints, seats] = await Promise.all([
      this.repo.gridCheckpoints(scope, q.teamId),
      this.repo.gridSeats(scope, from, to, q.teamId),
    ]);
    type Cell = { needed: number; filled: number; short: Record<string, number>; covered: boolean };
    const cells = new Map<number, Cell[]>();
    for (const c of checkpoints) {
      cells.set(
        c.node_id,
        Array.from({ length: q.hours }, () => ({ needed: 0, filled: 0, short: {}, covered: false })),
      );
    }
    for (const s of seats) {
      const row = cells.get(s.checkpoint_id);
      if (!row) continue;
      const a = Math.max(0, Math.floor((Number(s.starts_at) - from) / HOUR));
      const b = Math.min(q.hours, Math.ceil((Number(s.ends_at) - from) / HOUR));
      for (let i = a; i < b; i += 1) {
        const cell = row[i]!;
        cell.covered = true;
        cell.needed += s.needed;
        cell.filled += s.filled;
        if (s.filled < s.needed) cell.short[s.skill] = (cell.short[s.skill] ?? 0) + s.needed - s.filled;
      }
    }
    const rows: Grid['rows'] = [];
    for (const c of checkpoints) {
      const [open, close] = staffed(c.hours);
      const needs = JSON.parse(c.needs) as Needs;
      const total = Object.values(needs).reduce((x, y) => x + y, 0);
      let gapHours = 0;
      const out = cells.get(c.node_id)!.map((cell, i) => {
        const hourOfDay = new Date(from + i * HOUR + BEIJING).getUTCHours();
        if (!cell.covered && hourOfDay >= open && hourOfDay < close) {
          cell.needed = total;
          cell.short = { ...needs };
        }
        if (cell.filled < cell.needed) gapHours += 1;
        const short = Object.entries(cell.short)
          .map(([k, v]) => `${k}-${v}`)
          .join(' ');
        return { needed: cell.needed, filled: cell.filled, short };
      });
      if (q.gapsOnly && gapHours === 0) continue;
      rows.push({ checkpointId: c.node_id, name: c.name, team: c.team_name ?? null, cells: out, gapHours });
    }
    return { from, hours: q.hours, rows };
  }

  async noShows(actor: Actor, now = Date.now()) {
    const rows = await this.repo.noShows(
      scopePaths(actor, 'fieldwork.read'),
      now,
      SHIFT_RULES.noShowMinutes * 60_000,
    );
    return rows.map((r) => ({
      signupId: r.id,
      checkpoint: r.name,
      startsAt: Number(r.starts_at),
      volunteer: r.volunteer,
      skill: r.skill,
    }));
  }

  /** The signup and its checkpoint's team, if the caller leads that team. */
  private async ledSignup(actor: Actor, signupId: number) {
    const s = await loadInScope(actor, 'fieldwork.lead', this.repo.signup(signupId));
    const cp = await this.repo.checkpoint(s.checkpoint_id);
    if (!cp?.team_id || cp.team_leader !== actor.id) throw new AppError('NOT_TEAM_LEADER', 403);
    return { s, teamId: cp.team_id };
  }

  /** Team members free for the whole shift, the ones with the shift's skill first. */
  async standInCandidates(actor: Actor, signupId: number) {
    const { s, teamId } = await this.ledSignup(actor, signupId);
    const rows = await this.repo.freeTeamVolunteers(teamId, Number(s.starts_at), Number(s.ends_at));
    return rows
      .map((r) => ({
        userId: Number(r.user_id),
        name: r.name,
        hasSkill: (JSON.parse(r.skills) as string[]).includes(s.skill),
      }))
      .sort((a, b) => Number(b.hasSkill) - Number(a.hasSkill));
  }

  /** The leader marks a stand-in for a no-show: the seat passes to another volunteer of the team. */
  async standIn(actor: Actor, signupId: number, userId: number) {
    const { s, teamId } = await this.ledSignup(actor, signupId);
    const v = await this.repo.volunteer(userId);
    if (!v || v.team_id !== teamId) throw badRequest('NOT_IN_TEAM', 'userId');
    await inTransaction(this.ctx.db, async (trx) => {
      const clash = await this.repo.signupsOf(userId, Number(s.starts_at), Number(s.ends_at), trx);
      if (clash.length > 0) throw conflict('SHIFT_COLLISION', { at: s.starts_at });
      await this.repo.updateSignup(signupId, { user_id: userId, stand_in_for: s.user_id }, trx);
      await this.audited(
        trx,
        actor,
        'fieldwork.stand-in',
        { type: 'signup', id: signupId, path: s.node_path },
        { from: s.user_id, to: userId },
        {
          payload: { checkpointId: s.checkpoint_id, shiftId: s.shift_id },
        },
      );
    });
    return { ok: true as const };
  }

  // ---- tasks ----

  /** The subtrees whose tasks the caller sees: officials their subtree, volunteers their team's area. */
  private async taskScope(actor: Actor): Promise<string[]> {
    if (hasPermission(actor, 'fieldwork.read')) return scopePaths(actor, 'fieldwork.read');
    const v = await this.repo.volunteer(actor.id);
    const team = v?.team_id ? await this.repo.team(v.team_id) : undefined;
    return team ? [team.node_path] : [];
  }

  async createTasks(
    actor: Actor,
    body: {
      nodeIds: number[];
      kind: TaskKind;
      title: string;
      priority: 'normal' | 'urgent';
      windowStart: number;
      windowEnd: number;
      repeatDays?: number | undefined;
      eachChild?: boolean | undefined;
    },
  ) {
    if (body.windowEnd <= body.windowStart) throw badRequest('WINDOW_ORDER', 'windowEnd');
    if (!(await this.taskKinds()).some((k) => k.code === body.kind))
      throw badRequest('TASK_KIND_UNKNOWN', 'kind', { kind: body.kind });
    let nodes: Array<{ id: number; path: string }> = [];
    for (const id of new Set(body.nodeIds)) {
      const node = await loadInScope(actor, 'fieldwork.manage', this.repo.node(id));
      nodes.push(node);
    }
    if (body.eachChild) {
      const children = [];
      for (const n of nodes) children.push(...(await this.repo.children(n.id)));
      nodes = children;
    }
    if (nodes.length === 0 || nodes.length > 500)
      throw badRequest('TASK_BATCH_SIZE', 'nodeIds', { count: nodes.length });
    const batchId = randomUUID();
    const now = Date.now();
    const ids = await inTransaction(this.ctx.db, async (trx) => {
      const ids = await this.repo.insertTasks(
        nodes.map((n) => ({
          node_id: n.id,
          node_path: n.path,
          kind: body.kind,
          title: body.title,
          priority: body.priority,
          window_start: body.windowStart,
          window_end: body.windowEnd,
          status: 'open',
          batch_id: batchId,
          claimed_by: null,
          claim_expires_at: null,
          note: '',
          counts: '{}',
          reason: null,
          done_at: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          repeat_days: body.repeatDays ?? null,
          follows_id: null,
        })),
        trx,
      );
      const root = commonRoot(nodes.map((n) => n.path));
      await this.audited(
        trx,
        actor,
        'fieldwork.tasks-created',
        { type: 'task-batch', id: batchId, path: root },
        { kind: body.kind, title: body.title, count: nodes.length, repeatDays: body.repeatDays ?? null },
        {},
      );
      return ids.map((r) => r.id);
    });
    return { batchId, created: nodes.length, taskIds: ids };
  }

  // ---- task kinds (decision 0606) ----

  /** The built-in kinds overlaid with officials' changes, then the kinds they added. */
  async taskKinds(): Promise<TaskKindDef[]> {
    const rows = new Map((await this.repo.taskKinds()).map((r) => [r.code, r]));
    const stored = (code: string) => {
      const r = rows.get(code)!;
      return {
        name: r.name,
        skills: JSON.parse(r.skills) as string[],
        photos: r.photos,
        counts: JSON.parse(r.counts) as string[],
      };
    };
    const out: TaskKindDef[] = Object.entries(DEFAULT_TASK_KINDS).map(([code, def]) => ({
      code,
      ...(rows.has(code) ? stored(code) : def),
      builtIn: true,
    }));
    for (const code of rows.keys())
      if (!(code in DEFAULT_TASK_KINDS)) out.push({ code, ...stored(code), builtIn: false });
    return out;
  }

  /**
   * The list is one for the whole platform, so only a manager at a tree's root changes it. Tasks
   * already made keep their kind; the new requirements apply to claims and closings from now on.
   */
  async setTaskKind(actor: Actor, code: string, body: TaskKindBody): Promise<TaskKindDef[]> {
    const root = scopePaths(actor, 'fieldwork.manage').find((p) => p === `${p.split('/')[0]}/`);
    if (!root) throw new AppError('FORBIDDEN', 403);
    const before = (await this.taskKinds()).find((k) => k.code === code) ?? null;
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.putTaskKind(
        {
          code,
          name: body.name,
          skills: JSON.stringify([...new Set(body.skills)]),
          photos: body.photos,
          counts: JSON.stringify([...new Set(body.counts)]),
          updated_by: actor.id,
          updated_at: now,
        },
        trx,
      );
      await this.audited(
        trx,
        actor,
        'fieldwork.task-kind-set',
        { type: 'task-kind', id: code, path: root },
        { before, after: body },
      );
    });
    return this.taskKinds();
  }

  private toTask(r: TaskRow, actor: Actor, now: number, kinds: TaskKindDef[]): Task {
    const kind = kinds.find((k) => k.code === r.kind);
    const lapsed = r.status === 'claimed' && (r.claim_expires_at ?? 0) <= now;
    const status = lapsed ? 'open' : (r.status as Task['status']);
    return {
      id: r.id,
      nodeId: r.node_id,
      place: r.place,
      kind: r.kind,
      kindName: kind?.name ?? r.kind,
      requires: { photos: kind?.photos ?? 0, counts: kind?.counts ?? [] },
      title: r.title,
      priority: r.priority as Task['priority'],
      windowStart: Number(r.window_start),
      windowEnd: Number(r.window_end),
      status,
      batchId: r.batch_id,
      claimedByMe: status === 'claimed' && r.claimed_by === actor.id,
      claimExpiresAt: status === 'claimed' ? Number(r.claim_expires_at) : null,
      outcome:
        r.done_at || r.reason
          ? {
              note: r.note,
              counts: JSON.parse(r.counts) as Record<string, number>,
              reason: r.reason,
              at: Number(r.done_at ?? r.updated_at),
            }
          : null,
      overdue: (status === 'open' || status === 'claimed') && Number(r.window_end) < now,
      repeatDays: r.repeat_days,
      createdByMe: r.created_by === actor.id,
    };
  }

  async tasks(
    actor: Actor,
    q: { nodeId?: number; status?: string; mine: boolean; createdByMe?: boolean; overdue?: boolean },
    now = Date.now(),
  ): Promise<Task[]> {
    const scope = await this.taskScope(actor);
    let under: string | undefined;
    if (q.nodeId) {
      const node = await this.repo.node(q.nodeId);
      if (!node || !scope.some((p) => node.path.startsWith(p))) throw notFound();
      under = node.path;
    }
    const rows = await this.repo.listTasks(scope, {
      ...(under ? { under } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.mine ? { claimedBy: actor.id } : {}),
      ...(q.createdByMe ? { createdBy: actor.id } : {}),
      overdue: q.overdue ?? false,
      now,
    });
    const kinds = await this.taskKinds();
    return rows.map((r) => this.toTask(r, actor, now, kinds));
  }

  private async taskInScope(actor: Actor, id: number, trx?: Db) {
    const row = await this.repo.task(id, trx);
    if (!row) throw notFound();
    const scope = await this.taskScope(actor);
    if (!scope.some((p) => row.node_path.startsWith(p))) throw notFound();
    return row;
  }

  async claimTask(actor: Actor, id: number, now = Date.now()): Promise<Task> {
    const row = await this.taskInScope(actor, id);
    const kinds = await this.taskKinds();
    const needs = kinds.find((k) => k.code === row.kind)?.skills ?? [];
    if (needs.length > 0) {
      const v = await this.repo.volunteer(actor.id);
      const has = new Set(v ? (JSON.parse(v.skills) as string[]) : []);
      const missing = needs.filter((skill) => !has.has(skill));
      if (missing.length > 0) throw conflict('TASK_SKILL_MISSING', { skills: missing.join('、') });
    }
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.claimTask(id, actor.id, now, now + CLAIM_MINUTES * 60_000, trx)))
        throw conflict('TASK_TAKEN');
      await this.audited(
        trx,
        actor,
        'fieldwork.task-claimed',
        { type: 'task', id, path: row.node_path },
        { taskId: id, until: now + CLAIM_MINUTES * 60_000 },
        {},
      );
    });
    return this.toTask((await this.repo.task(id))!, actor, now, kinds);
  }

  /**
   * done / partly done close the task; "can't do" returns it to the pool with the reason kept.
   * A completion made offline carries the time it was made and an idempotency key: it counts if
   * the claim still held then and no one has claimed the task since; sent twice, it is answered
   * with the first receipt (decision 0603). A recurring task's next occurrence is made here.
   */
  async completeTask(
    actor: Actor,
    id: number,
    body: {
      outcome: 'done' | 'partial' | 'cannot';
      note: string;
      counts: Record<string, number>;
      reason?: string | undefined;
      completedAt?: number | undefined;
    },
    key?: string,
    now = Date.now(),
  ): Promise<{ task: Task; receipt: { receivedAt: number; completedAt: number; replayed: boolean } }> {
    const task = await this.taskInScope(actor, id);
    if (body.outcome === 'cannot' && !body.reason) throw badRequest('REASON_REQUIRED', 'reason');
    const at = Math.min(body.completedAt ?? now, now);
    const kinds = await this.taskKinds();
    // Read before the transaction: the files core reads on its own connection, which SQLite's
    // single writer would make wait on this transaction for ever.
    if (body.outcome === 'done') await this.assertEvidence(actor, task, body.counts, kinds);
    const { result, replayed } = await withIdempotency(
      this.ctx.db,
      actor.id,
      key,
      { id, body },
      async (trx) => {
        const row = (await this.repo.task(id, trx))!;
        if (row.status !== 'claimed' || row.claimed_by !== actor.id || (row.claim_expires_at ?? 0) <= at)
          throw conflict('TASK_NOT_YOURS');
        await this.closeTask(trx, actor, row, body, at, now);
        return { receivedAt: now, completedAt: at };
      },
    );
    return {
      task: this.toTask((await this.repo.task(id))!, actor, now, kinds),
      receipt: { ...result, replayed },
    };
  }

  /** "Done" needs the kind's photos on the server and every count it names; partly done does not. */
  private async assertEvidence(
    actor: Actor,
    row: TaskRow,
    counts: Record<string, number>,
    kinds: TaskKindDef[],
  ) {
    const kind = kinds.find((k) => k.code === row.kind);
    if (!kind) return;
    const missing = kind.counts.filter((c) => counts[c] === undefined);
    if (missing.length > 0) throw badRequest('TASK_COUNTS_MISSING', 'counts', { counts: missing.join('、') });
    if (kind.photos > 0) {
      // Photos come before the completion (the phone's queue sends them in order), so the ones
      // stored by now are all there will be.
      const have = (await this.ctx.files.list(actor, 'field-task', String(row.id))).length;
      if (have < kind.photos)
        throw badRequest('TASK_PHOTOS_MISSING', 'photos', { needed: kind.photos, have });
    }
  }

  private async closeTask(
    trx: Db,
    actor: Actor,
    row: TaskRow,
    body: {
      outcome: 'done' | 'partial' | 'cannot';
      note: string;
      counts: Record<string, number>;
      reason?: string | undefined;
    },
    at: number,
    now: number,
  ) {
    const id = row.id;
    if (body.outcome === 'cannot') {
      await this.repo.updateTask(
        id,
        {
          status: 'open',
          claimed_by: null,
          claim_expires_at: null,
          reason: body.reason ?? null,
          note: body.note,
          updated_at: now,
        },
        trx,
      );
    } else {
      await this.repo.updateTask(
        id,
        {
          status: body.outcome,
          note: body.note,
          counts: JSON.stringify(body.counts),
          done_at: at,
          claim_expires_at: null,
          updated_at: now,
        },
        trx,
      );
    }
    await this.audited(
      trx,
      actor,
      `fieldwork.task-${body.outcome}`,
      { type: 'task', id, path: row.node_path },
      { counts: body.counts, reason: body.reason ?? null, at },
      {
        payload: { taskId: id, kind: row.kind, title: row.title },
      },
    );
    if (body.outcome === 'cannot') return;
    if (row.repeat_days) await this.nextOccurrence(trx, actor, row, now);
    if ((await this.repo.batchOpenCount(row.batch_id, trx)) === 0) {
      await this.ctx.events.append(trx, {
        type: 'fieldwork.batch-completed',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'fieldwork.read',
        payload: { batchId: row.batch_id, kind: row.kind, title: row.title },
      });
    }
  }

  /**
   * The next occurrence of a recurring task: the same window moved on by whole periods until it
   * ends in the future. The tasks of one batch move together into one next batch, whose id is
   * derived from this one so every task of the batch lands in the same place.
   */
  private async nextOccurrence(trx: Db, actor: Actor, row: TaskRow, now: number) {
    const period = (row.repeat_days ?? 1) * DAY;
    let start = Number(row.window_start) + period;
    let end = Number(row.window_end) + period;
    while (end <= now) {
      start += period;
      end += period;
    }
    const batchId = createHash('sha256').update(`${row.batch_id}:next`).digest('hex').slice(0, 32);
    const nextId = await this.repo.insertNextTask(
      {
        node_id: row.node_id,
        node_path: row.node_path,
        kind: row.kind,
        title: row.title,
        priority: row.priority,
        window_start: start,
        window_end: end,
        status: 'open',
        batch_id: batchId,
        claimed_by: null,
        claim_expires_at: null,
        note: '',
        counts: '{}',
        reason: null,
        done_at: null,
        created_by: row.created_by,
        created_at: now,
        updated_at: now,
        repeat_days: row.repeat_days,
        follows_id: row.id,
      },
      trx,
    );
    if (nextId == null) return;
    await this.audited(
      trx,
      actor,
      'fieldwork.task-recurred',
      { type: 'task', id: nextId, path: row.node_path },
      { follows: row.id, windowStart: start, windowEnd: end },
    );
  }

  /**
   * One evidence photo from a phone's queue, stored once per (task, client id): the id is taken
   * before the bytes are read, so a retry after a lost answer gets the first file back, and a
   * second copy sent while the first is still arriving is told to try again (decision 0603).
   */
  async attachEvidence(
    actor: Actor,
    taskId: number,
    clientId: string,
    file: { name: string; stream: Readable },
    requestId: string,
    now = Date.now(),
  ): Promise<{ file: StoredFile; replayed: boolean }> {
    const drain = async () => {
      file.stream.resume();
      await finished(file.stream).catch(() => undefined);
    };
    const path = await this.evidencePath(actor, String(taskId), true);
    if (!path) {
      await drain();
      throw notFound();
    }
    if (!(await this.repo.takeEvidenceId(taskId, clientId, actor.id, now))) {
      const held = await this.repo.evidence(taskId, clientId);
      if (held?.file_id) {
        await drain();
        const files = await this.ctx.files.list(actor, 'field-task', String(taskId));
        const first = files.find((f) => f.id === held.file_id);
        if (!first) throw notFound();
        return { file: first, replayed: true };
      }
      if (
        !held ||
        !(await this.repo.retakeStaleEvidence(taskId, clientId, held.created_at, now, STALE_UPLOAD_MS))
      ) {
        await drain();
        throw conflict('EVIDENCE_UPLOADING');
      }
    }
    try {
      const stored = await this.ctx.files.save(actor, {
        ownerType: 'field-task',
        ownerId: String(taskId),
        name: file.name,
        stream: file.stream,
        requestId,
      });
      await this.repo.evidenceStored(taskId, clientId, stored.id);
      return { file: stored, replayed: false };
    } catch (err) {
      // The bytes did not all arrive: free the id so the phone's next attempt stores them.
      await this.repo.releaseEvidenceId(taskId, clientId);
      await drain();
      throw err;
    }
  }

  /** Evidence photos: the claimer while the claim holds (or has just closed it), officials of the node. */
  async evidencePath(actor: Actor, ownerId: string, write: boolean): Promise<string | null> {
    if (!/^[1-9]\d{0,15}$/.test(ownerId)) return null;
    const row = await this.repo.task(Number(ownerId));
    if (!row) return null;
    if (canAccessPath(actor, write ? 'fieldwork.manage' : 'fieldwork.read', row.node_path))
      return row.node_path;
    return row.claimed_by === actor.id ? row.node_path : null;
  }
}

/** The deepest path every path lies under (the batch's event and audit node). */
function commonRoot(paths: string[]): string {
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const out: string[] = [];
  for (let i = 0; parts.every((p) => p[i] !== undefined && p[i] === parts[0]![i]); i += 1)
    out.push(parts[0]![i]!);
  return out.length ? `${out.join('/')}/` : paths[0]!;
}

/** Runs of shifts closer together than the rest period may not exceed the cap. */
export function assertRunsWithinCap(spans: Array<[number, number]>): void {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let runStart = -1;
  let runEnd = -1;
  for (const [s, e] of sorted) {
    if (runStart < 0 || s - runEnd >= SHIFT_RULES.restHours * HOUR) runStart = s;
    runEnd = Math.max(runEnd, e);
    if (runEnd - runStart > SHIFT_RULES.maxConsecutiveHours * HOUR) {
      throw conflict('SHIFT_RUN_TOO_LONG', {
        hours: SHIFT_RULES.maxConsecutiveHours,
        rest: SHIFT_RULES.restHours,
      });
    }
  }
}
