import { randomInt } from 'node:crypto';
import type { Page } from '../../../contracts/common.ts';
import {
  type Batch,
  type BatchBody,
  type Delivery,
  type DeliveryStatus,
  FAMILY_EVENTS,
  type Family,
  type FamilyBody,
  type FamilyEditBody,
  type HeldDelivery,
  type Member,
  type NeedKind,
  type Service,
  type ServiceBody,
  type Todo,
  type TodoItem,
  type UrgentNeed,
} from '../../../contracts/families.ts';
import { type Role, roleHas } from '../../../contracts/permissions.ts';
import { type Actor, hasPermission, isWithin, maskPhone, scopePaths } from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/index.ts';
import { addDays, beijingDay, dayWindow } from '../../core/figures/index.ts';
import { dispatchFieldTask, FIELD_TASK_EVENTS } from '../fieldwork/index.ts';
import type { DeliveryRow, FamiliesRepository, FamilyRow, ServiceRow } from './families.repository.ts';
import { weekdayOf } from './families.repository.ts';

/** A dispatched task's title: what and when, never who or where. */
const KIND_TITLES: Record<NeedKind, string> = {
  groceries: '送菜',
  child_pickup: '接送孩子',
  elder_care: '照看老人',
  medicine: '送药',
  psych_support: '心理疏导',
};

/** Occurrences are generated this many days ahead (today included): a weekly service always has its next one. */
export const HORIZON_DAYS = 7;
/** Wrong codes after which a delivery can only be confirmed by the liaison's call. */
const MAX_CODE_ATTEMPTS = 5;
/** A community is the fourth level of the tree: city / district / street / community. */
const COMMUNITY_DEPTH = 4;

const depth = (path: string) => path.split('/').length - 1;

function minimalRoots(paths: string[]): string[] {
  const roots: string[] = [];
  for (const p of [...paths].sort()) if (!roots.some((r) => isWithin(p, r))) roots.push(p);
  return roots;
}

/**
 * The subtrees in which the actor sees family registers: the command centre's whole scope, and an
 * official's only from a grant at a community or below — street and district officials see none.
 */
export function familyScopes(actor: Actor): string[] {
  const community = actor.grants
    .filter((g) => roleHas(g.role, 'families.read') && depth(g.nodePath) >= COMMUNITY_DEPTH)
    .map((g) => g.nodePath);
  return minimalRoots([...scopePaths(actor, 'families.oversee'), ...community]);
}

/** The audience of the module's live events: the family's liaison, its community and the centre. */
export function familyAudience(event: StoredEvent, actor: Actor): boolean {
  if (event.payload.liaisonId === actor.id || event.payload.previousLiaisonId === actor.id) return true;
  return familyScopes(actor).some((root) => isWithin(event.nodePath, root));
}

/** Monday of the Beijing week holding `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - weekdayOf(day));
}

function label(workerName: string): string {
  return `${workerName}家`;
}

function toDelivery(d: DeliveryRow, showCode: boolean): Delivery {
  return {
    id: d.id,
    familyId: Number(d.family_id),
    serviceId: Number(d.service_id),
    kind: d.kind as NeedKind,
    day: d.day,
    dueFrom: Number(d.due_from),
    dueBy: Number(d.due_by),
    status: d.status as DeliveryStatus,
    volunteerId: d.volunteer_id === null ? null : Number(d.volunteer_id),
    volunteerName: d.volunteer_name ?? null,
    confirmedBy: d.confirmed_by as Delivery['confirmedBy'],
    closedAt: d.closed_at === null ? null : Number(d.closed_at),
    note: d.note,
    code: showCode ? d.code : null,
    taskId: d.task_id === null ? null : Number(d.task_id),
  };
}

function toService(s: ServiceRow): Service {
  return {
    id: s.id,
    familyId: Number(s.family_id),
    kind: s.kind as NeedKind,
    cadence: s.cadence as Service['cadence'],
    weekday: s.weekday,
    windowStart: s.window_start,
    windowEnd: s.window_end,
    note: s.note,
    active: s.active === 1,
    pauseReason: s.pause_reason,
  };
}

/** The days in [from, from + HORIZON_DAYS) on which a service falls. */
export function occurrenceDays(s: { cadence: string; weekday: number | null }, from: string): string[] {
  const days: string[] = [];
  for (let i = 0; i < HORIZON_DAYS; i += 1) {
    const day = addDays(from, i);
    if (s.cadence === 'daily' || weekdayOf(day) === s.weekday) days.push(day);
  }
  return days;
}

export class FamiliesService {
  constructor(
    private readonly ctx: AppContext,
    private readonly repo: FamiliesRepository,
  ) {}

  // ---- access ----------------------------------------------------------------------------

  /** Liaison, community officials and the centre manage a family; its own account only reads. */
  private manages(actor: Actor, f: { liaison_id: number; node_path: string }): boolean {
    return (
      Number(f.liaison_id) === actor.id || familyScopes(actor).some((root) => isWithin(f.node_path, root))
    );
  }

  private async load(actor: Actor, id: number, write: boolean): Promise<FamilyRow> {
    const f = await this.repo.family(id);
    if (!f) throw notFound();
    const own = Number(f.family_user_id) === actor.id && f.family_user_id !== null;
    if (!this.manages(actor, f) && !(own && !write)) throw notFound();
    return f;
  }

  // ---- batches ---------------------------------------------------------------------------

  async batches(actor: Actor): Promise<Batch[]> {
    const rows = hasPermission(actor, 'families.oversee')
      ? await this.repo.batches(scopePaths(actor, 'families.oversee'))
      : await this.repo.allBatches();
    return rows.map((b) => ({
      id: b.id,
      name: b.name,
      destination: b.destination,
      sentDay: b.sent_day,
      returnedDay: b.returned_day,
      // Officials see the batch but not how many families it holds outside their community.
      workers: 'workers' in b ? Number(b.workers ?? 0) : 0,
    }));
  }

  async createBatch(actor: Actor, body: BatchBody, requestId: string): Promise<Batch> {
    const root = scopePaths(actor, 'families.batches')[0];
    if (!root) throw new AppError('FORBIDDEN', 403);
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertBatch(
        {
          node_path: root,
          name: body.name,
          destination: body.destination,
          sent_day: body.sentDay,
          returned_day: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'families.batch-sent',
        entityType: 'family_batch',
        entityId: id,
        nodePath: root,
        detail: { ...body },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.batch-sent',
        nodePath: root,
        permission: 'families.read',
        actorId: actor.id,
        payload: { batchId: id, name: body.name, destination: body.destination, day: body.sentDay },
      });
      return id;
    });
    return (await this.batches(actor)).find((b) => b.id === id)!;
  }

  /** A batch returns: its workers' families stop generating deliveries (the services stay on record). */
  async batchReturned(actor: Actor, id: number, returnedDay: string, requestId: string): Promise<Batch> {
    const batch = await this.repo.batch(id);
    if (!batch || !scopePaths(actor, 'families.batches').some((r) => isWithin(batch.node_path, r)))
      throw notFound();
    if (batch.returned_day) throw new AppError('BATCH_RETURNED', 409, { day: batch.returned_day });
    if (returnedDay < batch.sent_day)
      throw new AppError('END_BEFORE_START', 400, {}, [
        { field: 'returnedDay', in: 'body', code: 'END_BEFORE_START' },
      ]);
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.setReturned(id, returnedDay, trx);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'families.batch-returned',
        entityType: 'family_batch',
        entityId: id,
        nodePath: batch.node_path,
        detail: { returnedDay },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.batch-returned',
        nodePath: batch.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: { batchId: id, name: batch.name, destination: batch.destination, day: returnedDay },
      });
    });
    return (await this.batches(actor)).find((b) => b.id === id)!;
  }

  // ---- families --------------------------------------------------------------------------

  private toFamily(
    f: FamilyRow,
    full: boolean,
    week: Family['week'] = { due: 0, done: 0, missed: 0 },
    openNeeds = 0,
  ): Family {
    return {
      id: f.id,
      nodeId: Number(f.node_id),
      nodePath: f.node_path,
      nodeName: f.node_name,
      batchId: Number(f.batch_id),
      batchName: f.batch_name,
      workerName: f.worker_name,
      profession: f.profession,
      hospital: f.hospital,
      destination: f.destination,
      outDay: f.out_day,
      backDay: f.back_day,
      members: full ? (JSON.parse(f.members) as Member[]) : [],
      address: full ? f.address : '****',
      phone: full ? f.phone : maskPhone(f.phone),
      needs: JSON.parse(f.needs) as NeedKind[],
      liaisonId: Number(f.liaison_id),
      liaisonName: f.liaison_name,
      liaisonPhone: full ? f.liaison_phone : maskPhone(f.liaison_phone),
      week,
      openNeeds,
      masked: !full,
    };
  }

  async register(actor: Actor, body: FamilyBody, requestId: string): Promise<Family> {
    const node = await this.repo.node(body.nodeId);
    if (!node) throw notFound();
    if (!hasPermission(actor, 'families.read')) throw new AppError('FORBIDDEN', 403);
    if (!familyScopes(actor).some((r) => isWithin(node.path, r))) throw notFound();
    if (!(await this.repo.batch(body.batchId)))
      throw new AppError('BATCH_UNKNOWN', 400, {}, [{ field: 'batchId', in: 'body', code: 'BATCH_UNKNOWN' }]);
    const liaisonId = await this.liaisonOf(body);
    if (body.familyUserId !== undefined) await this.activeUser('familyUserId', body.familyUserId);
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertFamily(
        {
          node_id: node.id,
          node_path: node.path,
          batch_id: body.batchId,
          worker_name: body.workerName,
          profession: body.profession,
          hospital: body.hospital,
          destination: body.destination,
          out_day: body.outDay,
          back_day: null,
          members: JSON.stringify(body.members),
          address: body.address,
          phone: body.phone,
          needs: JSON.stringify(body.needs),
          liaison_id: liaisonId!,
          family_user_id: body.familyUserId ?? null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.registered',
        entityType: 'family',
        entityId: id,
        nodePath: node.path,
        detail: { batchId: body.batchId, liaisonId, needs: body.needs },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.registered',
        nodePath: node.path,
        permission: 'families.read',
        actorId: actor.id,
        payload: { familyId: id, liaisonId },
      });
      return id;
    });
    return this.toFamily((await this.repo.family(id))!, false);
  }

  private async activeUser(field: string, userId: number): Promise<void> {
    const user = await this.repo.user(userId);
    if (user?.status !== 'active')
      throw new AppError('USER_UNKNOWN', 400, {}, [{ field, in: 'body', code: 'USER_UNKNOWN' }]);
  }

  /** The liaison named by account or, from a form, by phone; undefined when the body names none. */
  private async liaisonOf(body: { liaisonId?: number; liaisonPhone?: string }): Promise<number | undefined> {
    if (body.liaisonId !== undefined) {
      await this.activeUser('liaisonId', body.liaisonId);
      return body.liaisonId;
    }
    if (body.liaisonPhone === undefined) return undefined;
    const user = await this.repo.userByPhone(body.liaisonPhone);
    if (user?.status !== 'active')
      throw new AppError('USER_UNKNOWN', 400, {}, [
        { field: 'liaisonPhone', in: 'body', code: 'USER_UNKNOWN' },
      ]);
    return user.id;
  }

  /**
   * A change to the record. The liaison edits the family's details; naming another liaison is the
   * community's or the centre's call, and the new liaison takes over the open and recently missed
   * deliveries. The audit row names the fields changed, not their values (they are personal data).
   */
  async edit(actor: Actor, id: number, body: FamilyEditBody, requestId: string): Promise<Family> {
    const f = await this.load(actor, id, true);
    const liaisonId = await this.liaisonOf(body);
    const previous = Number(f.liaison_id);
    const changesLiaison = liaisonId !== undefined && liaisonId !== previous;
    if (changesLiaison && !familyScopes(actor).some((r) => isWithin(f.node_path, r)))
      throw new AppError('LIAISON_CHANGE_FORBIDDEN', 403, {}, [
        {
          field: body.liaisonId !== undefined ? 'liaisonId' : 'liaisonPhone',
          in: 'body',
          code: 'LIAISON_CHANGE_FORBIDDEN',
        },
      ]);
    if (body.familyUserId != null) await this.activeUser('familyUserId', body.familyUserId);
    const now = Date.now();
    const set = {
      ...(body.workerName !== undefined ? { worker_name: body.workerName } : {}),
      ...(body.profession !== undefined ? { profession: body.profession } : {}),
      ...(body.hospital !== undefined ? { hospital: body.hospital } : {}),
      ...(body.destination !== undefined ? { destination: body.destination } : {}),
      ...(body.outDay !== undefined ? { out_day: body.outDay } : {}),
      ...(body.members !== undefined ? { members: JSON.stringify(body.members) } : {}),
      ...(body.address !== undefined ? { address: body.address } : {}),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      ...(body.needs !== undefined ? { needs: JSON.stringify(body.needs) } : {}),
      ...(changesLiaison ? { liaison_id: liaisonId! } : {}),
      ...(body.familyUserId !== undefined ? { family_user_id: body.familyUserId } : {}),
    };
    const fields = Object.keys(body).filter((k) => k !== 'liaisonPhone' && k !== 'liaisonId');
    if (changesLiaison) fields.push('liaisonId');
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.updateFamily(id, { ...set, updated_at: now }, trx);
      const moved = changesLiaison
        ? await this.repo.moveDeliveries(id, liaisonId!, addDays(beijingDay(now), -7), trx)
        : 0;
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.edited',
        entityType: 'family',
        entityId: id,
        nodePath: f.node_path,
        detail: {
          fields,
          ...(changesLiaison ? { liaison: { from: previous, to: liaisonId }, deliveriesMoved: moved } : {}),
        },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.edited',
        nodePath: f.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: {
          familyId: id,
          liaisonId: changesLiaison ? liaisonId! : previous,
          ...(changesLiaison ? { previousLiaisonId: previous } : {}),
          fields,
        },
      });
    });
    return this.get(actor, id, requestId);
  }

  /** The register as the caller may see it, masked; the read is audited (who looked at which families). */
  async list(
    actor: Actor,
    query: { batchId?: number; mine?: '1'; page: number; pageSize: number },
    requestId: string,
  ): Promise<Page<Family>> {
    const paths = familyScopes(actor);
    const { rows, total } = await this.repo.list(
      { userId: actor.id, paths },
      { batchId: query.batchId, liaisonOnly: query.mine === '1' },
      query.page,
      query.pageSize,
    );
    const ids = rows.map((r) => r.id);
    const today = beijingDay(Date.now());
    const from = weekStart(today);
    const [counts, needs] = await Promise.all([
      this.repo.weekCounts(ids, from, addDays(from, 6)),
      this.repo.openNeedCounts(ids),
    ]);
    const week = new Map<number, Family['week']>();
    for (const c of counts) {
      const w = week.get(Number(c.family_id)) ?? { due: 0, done: 0, missed: 0 };
      w[c.status === 'open' ? 'due' : (c.status as 'done' | 'missed')] += Number(c.n);
      week.set(Number(c.family_id), w);
    }
    const open = new Map(needs.map((n) => [Number(n.family_id), Number(n.n)]));
    if (rows.length > 0)
      await this.ctx.audit.record(this.ctx.db, {
        actorId: actor.id,
        action: 'families.list-read',
        entityType: 'family',
        nodePath: paths[0] ?? rows[0]!.node_path,
        detail: { ids },
        requestId,
      });
    return {
      items: rows.map((r) => this.toFamily(r, false, week.get(r.id), open.get(r.id) ?? 0)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The family's page: full address, phone and members, and every such read audited. */
  async get(actor: Actor, id: number, requestId: string): Promise<Family> {
    const f = await this.load(actor, id, false);
    await this.ctx.audit.record(this.ctx.db, {
      actorId: actor.id,
      action: 'personal.read',
      entityType: 'family',
      entityId: id,
      nodePath: f.node_path,
      reason: Number(f.liaison_id) === actor.id ? 'liaison' : 'family_care',
      detail: { fields: ['address', 'phone', 'members'] },
      requestId,
    });
    const from = weekStart(beijingDay(Date.now()));
    const week = { due: 0, done: 0, missed: 0 };
    for (const c of await this.repo.weekCounts([id], from, addDays(from, 6)))
      week[c.status === 'open' ? 'due' : (c.status as 'done' | 'missed')] += Number(c.n);
    const openNeeds = (await this.repo.openNeedCounts([id]))[0];
    return this.toFamily(f, true, week, Number(openNeeds?.n ?? 0));
  }

  // ---- services and occurrences ----------------------------------------------------------

  async services(actor: Actor, familyId: number): Promise<Service[]> {
    await this.load(actor, familyId, false);
    return (await this.repo.services(familyId)).map(toService);
  }

  async addService(actor: Actor, familyId: number, body: ServiceBody, requestId: string): Promise<Service> {
    const f = await this.load(actor, familyId, true);
    if (f.back_day) throw new AppError('FAMILY_WORKER_BACK', 409, { day: f.back_day });
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertService(
        {
          family_id: familyId,
          node_path: f.node_path,
          kind: body.kind,
          cadence: body.cadence,
          weekday: body.cadence === 'weekly' ? body.weekday! : null,
          window_start: body.windowStart,
          window_end: body.windowEnd,
          note: body.note,
          active: 1,
          created_by: actor.id,
          created_at: now,
        },
        trx,
      );
      await this.generateIn(trx, await this.repo.activeServices(familyId, trx), now, familyId);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.service-added',
        entityType: 'family',
        entityId: familyId,
        nodePath: f.node_path,
        detail: { serviceId: id, ...body },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.service-added',
        nodePath: f.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: { familyId, serviceId: id, liaisonId: Number(f.liaison_id) },
      });
      return id;
    });
    return toService((await this.repo.services(familyId)).find((s) => s.id === id)!);
  }

  /**
   * Pausing stops the service generating occurrences and withdraws those not yet begun; it keeps
   * its history and its reason. Resuming generates the coming week again at once.
   */
  async setServiceActive(
    actor: Actor,
    serviceId: number,
    active: boolean,
    reason: string,
    requestId: string,
  ): Promise<Service> {
    const s = await this.repo.service(serviceId);
    if (!s) throw notFound();
    const f = await this.load(actor, Number(s.family_id), true);
    if (active && f.back_day) throw new AppError('FAMILY_WORKER_BACK', 409, { day: f.back_day });
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.setActive(serviceId, active, active ? '' : reason, trx)))
        throw new AppError(active ? 'SERVICE_ACTIVE' : 'SERVICE_PAUSED', 409);
      const withdrawn = active ? [] : await this.repo.withdrawAhead(serviceId, now, trx);
      const made = active
        ? await this.generateIn(trx, await this.repo.activeServices(f.id, trx), now, f.id)
        : 0;
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: active ? 'family.service-resumed' : 'family.service-paused',
        entityType: 'family',
        entityId: f.id,
        nodePath: f.node_path,
        detail: active
          ? { serviceId, made }
          : { serviceId, reason, withdrawn: withdrawn.map((d) => ({ id: d.id, day: d.day })) },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: active ? 'families.service-resumed' : 'families.service-paused',
        nodePath: f.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: { familyId: f.id, serviceId, liaisonId: Number(f.liaison_id), kind: s.kind },
      });
      // A volunteer who held a withdrawn visit hears it is off, so nobody knocks for nothing.
      for (const d of withdrawn)
        if (d.volunteer_id !== null)
          await this.ctx.events.append(trx, {
            type: 'families.delivery-withdrawn',
            nodePath: f.node_path,
            userId: Number(d.volunteer_id),
            actorId: actor.id,
            payload: { deliveryId: d.id, day: d.day, kind: s.kind },
          });
    });
    return toService((await this.repo.service(serviceId))!);
  }

  private async generateIn(
    trx: AppContext['db'],
    services: Awaited<ReturnType<FamiliesRepository['activeServices']>>,
    now: number,
    familyId?: number,
  ): Promise<number> {
    const today = beijingDay(now);
    // A read first keeps a rerun cheap; the unique key, not this read, is what makes it safe.
    const made = await this.repo.occurrenceKeys(today, addDays(today, HORIZON_DAYS - 1), familyId, trx);
    const rows = [];
    for (const s of services) {
      for (const day of occurrenceDays(s, today)) {
        if (made.has(`${s.id}:${day}`)) continue;
        const start = dayWindow(day, now).start;
        const dueBy = start + s.window_end * 60_000;
        // A window already over when the occurrence is first made is not owed retroactively.
        if (day === today && dueBy <= now) continue;
        rows.push({
          service_id: s.id,
          family_id: Number(s.family_id),
          node_path: s.node_path,
          liaison_id: Number(s.liaison_id),
          kind: s.kind,
          day,
          due_from: start + s.window_start * 60_000,
          due_by: dueBy,
          status: 'open',
          volunteer_id: null,
          code: String(randomInt(0, 10_000)).padStart(4, '0'),
          code_attempts: 0,
          confirmed_by: null,
          closed_by: null,
          closed_at: null,
          note: '',
          created_at: now,
        });
      }
    }
    return this.repo.insertOccurrences(rows, trx);
  }

  /**
   * The job: every active service's occurrences over the coming week. Each is inserted once by its
   * (service, day) key, so a rerun — or two instances — adds nothing twice and never resets a
   * delivery already done.
   */
  async generate(now = Date.now()): Promise<number> {
    const services = await this.repo.activeServices();
    return inTransaction(this.ctx.db, (trx) => this.generateIn(trx, services, now));
  }

  async deliveries(actor: Actor, familyId: number, from?: string, to?: string): Promise<Delivery[]> {
    const f = await this.load(actor, familyId, false);
    const today = beijingDay(Date.now());
    const rows = await this.repo.familyDeliveries(
      familyId,
      from ?? addDays(today, -14),
      to ?? addDays(today, 6),
    );
    // The code is the family's to give at the door: only its own account reads it.
    const own = f.family_user_id !== null && Number(f.family_user_id) === actor.id;
    return rows.map((d) => toDelivery(d, own));
  }

  private async loadDelivery(id: number) {
    const d = await this.repo.delivery(id);
    if (!d) throw notFound();
    const f = (await this.repo.family(Number(d.family_id)))!;
    return { d, f };
  }

  private async closeDelivery(
    actor: Actor,
    d: DeliveryRow,
    f: FamilyRow,
    set: { status: 'done' | 'missed'; confirmed_by: 'code' | 'call' | null; note: string },
    requestId: string | null,
  ): Promise<Delivery> {
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      const closed = await this.repo.close(d.id, { ...set, closed_by: actor.id }, now, trx);
      if (!closed) throw new AppError('DELIVERY_CLOSED', 409, { status: d.status });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: set.status === 'done' ? 'family.delivery-done' : 'family.delivery-missed',
        entityType: 'family',
        entityId: Number(d.family_id),
        nodePath: d.node_path,
        detail: { deliveryId: d.id, confirmedBy: set.confirmed_by, day: d.day, kind: d.kind },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: set.status === 'done' ? FAMILY_EVENTS.done : FAMILY_EVENTS.missed,
        nodePath: d.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: {
          familyId: Number(d.family_id),
          deliveryId: d.id,
          liaisonId: Number(f.liaison_id),
          kind: d.kind,
          day: d.day,
        },
      });
    });
    return toDelivery({ ...d, ...set, closed_by: actor.id, closed_at: now }, false);
  }

  /** The liaison or a community official hands an open delivery to a volunteer account. */
  async assign(actor: Actor, id: number, volunteerPhone: string, requestId: string): Promise<Delivery> {
    const { d, f } = await this.loadDelivery(id);
    if (!this.manages(actor, f)) throw notFound();
    const volunteer = await this.repo.userByPhone(volunteerPhone);
    const mayDeliver = volunteer?.grants.some((g) => roleHas(g.role as Role, 'families.deliver'));
    if (volunteer?.status !== 'active' || !mayDeliver)
      throw new AppError('VOLUNTEER_UNKNOWN', 400, {}, [
        { field: 'volunteerPhone', in: 'body', code: 'VOLUNTEER_UNKNOWN' },
      ]);
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.assign(id, volunteer.id, trx)))
        throw new AppError('DELIVERY_CLOSED', 409, { status: d.status });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.delivery-assigned',
        entityType: 'family',
        entityId: Number(d.family_id),
        nodePath: d.node_path,
        detail: { deliveryId: id, volunteerId: volunteer.id },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.delivery-assigned',
        nodePath: d.node_path,
        userId: volunteer.id,
        actorId: actor.id,
        payload: { deliveryId: id, day: d.day, kind: d.kind },
      });
    });
    return toDelivery({ ...(await this.repo.delivery(id))! }, false);
  }

  /**
   * The liaison's community official dispatches an open delivery as a field-work task on the
   * family's community, in one transaction with the record of it. The task names the kind and
   * the day only: the address reaches the volunteer who claims it, through their held deliveries.
   */
  async dispatch(actor: Actor, id: number, requestId: string): Promise<Delivery> {
    const { d, f } = await this.loadDelivery(id);
    if (!this.manages(actor, f)) throw notFound();
    if (!hasPermission(actor, 'fieldwork.manage')) throw new AppError('FORBIDDEN', 403);
    if (d.status !== 'open') throw new AppError('DELIVERY_CLOSED', 409, { status: d.status });
    if (d.task_id !== null) throw new AppError('DELIVERY_DISPATCHED', 409, { taskId: Number(d.task_id) });
    await inTransaction(this.ctx.db, async (trx) => {
      const { taskId } = await dispatchFieldTask(this.ctx, trx, actor, {
        nodeId: Number(f.node_id),
        title: `援鄂医疗队员家属 · ${KIND_TITLES[d.kind as NeedKind]}（${d.day}）`,
        windowStart: Number(d.due_from),
        windowEnd: Number(d.due_by),
      });
      if (!(await this.repo.setTask(id, taskId, trx)))
        throw new AppError('DELIVERY_DISPATCHED', 409, { taskId });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.delivery-dispatched',
        entityType: 'family',
        entityId: Number(d.family_id),
        nodePath: d.node_path,
        detail: { deliveryId: id, taskId },
        requestId,
      });
    });
    return toDelivery((await this.repo.delivery(id))!, false);
  }

  /**
   * Follows a dispatched delivery's task: the volunteer who claims it holds the delivery (and so
   * sees the address while it is open), one who gives it up no longer does. Replays change nothing.
   */
  async fromTaskEvent(trx: AppContext['db'], event: StoredEvent): Promise<void> {
    const taskId = Number(event.payload.taskId);
    if (!Number.isInteger(taskId) || event.actorId === null) return;
    const d = await this.repo.byTask(taskId, trx);
    if (!d) return;
    const claimed = event.type === FIELD_TASK_EVENTS.claimed;
    if (!(await this.repo.holdByTask(taskId, claimed ? event.actorId : null, trx))) return;
    await this.ctx.audit.record(trx, {
      actorId: event.actorId,
      action: claimed ? 'family.delivery-assigned' : 'family.delivery-released',
      entityType: 'family',
      entityId: Number(d.family_id),
      nodePath: d.node_path,
      detail: { deliveryId: d.id, taskId, volunteerId: event.actorId },
    });
    if (claimed)
      await this.ctx.events.append(trx, {
        type: 'families.delivery-assigned',
        nodePath: d.node_path,
        userId: event.actorId,
        actorId: event.actorId,
        payload: { deliveryId: d.id, day: d.day, kind: d.kind },
      });
  }

  /**
   * The volunteer at the door types the code the family gives. A wrong code counts; after five the
   * delivery can only be confirmed by the liaison's call, so four digits cannot be guessed through.
   */
  async confirmByCode(actor: Actor, id: number, code: string, requestId: string): Promise<Delivery> {
    const { d, f } = await this.loadDelivery(id);
    const holds = d.volunteer_id !== null && Number(d.volunteer_id) === actor.id;
    if (!holds && !this.manages(actor, f)) throw notFound();
    if (d.status !== 'open') throw new AppError('DELIVERY_CLOSED', 409, { status: d.status });
    if (d.code_attempts >= MAX_CODE_ATTEMPTS) throw new AppError('DELIVERY_CODE_LOCKED', 409);
    if (code !== d.code) {
      const attempts = await inTransaction(this.ctx.db, async (trx) => {
        const n = await this.repo.countAttempt(id, trx);
        await this.ctx.audit.record(trx, {
          actorId: actor.id,
          action: 'family.delivery-code-wrong',
          entityType: 'family',
          entityId: Number(d.family_id),
          nodePath: d.node_path,
          detail: { deliveryId: id, attempts: n },
          requestId,
        });
        return n;
      });
      throw new AppError('DELIVERY_CODE_WRONG', 400, { left: Math.max(0, MAX_CODE_ATTEMPTS - attempts) }, [
        { field: 'code', in: 'body', code: 'DELIVERY_CODE_WRONG' },
      ]);
    }
    return this.closeDelivery(actor, d, f, { status: 'done', confirmed_by: 'code', note: '' }, requestId);
  }

  /** The liaison (or a community official) phoned the family, who confirmed it arrived. */
  async confirmByCall(actor: Actor, id: number, note: string, requestId: string): Promise<Delivery> {
    const { d, f } = await this.loadDelivery(id);
    if (!this.manages(actor, f)) throw notFound();
    return this.closeDelivery(actor, d, f, { status: 'done', confirmed_by: 'call', note }, requestId);
  }

  /** The volunteer holding it, or the liaison, reports it did not happen: the alert goes out now. */
  async reportMissed(actor: Actor, id: number, note: string, requestId: string): Promise<Delivery> {
    const { d, f } = await this.loadDelivery(id);
    const holds = d.volunteer_id !== null && Number(d.volunteer_id) === actor.id;
    if (!holds && !this.manages(actor, f)) throw notFound();
    return this.closeDelivery(actor, d, f, { status: 'missed', confirmed_by: null, note }, requestId);
  }

  /**
   * The job: an open delivery past its window was not confirmed, so it is missed. The update is
   * conditional on still being open, so a confirmation racing the job wins or loses cleanly, and
   * each missed delivery raises exactly one alert.
   */
  async markMissed(now = Date.now()): Promise<number> {
    let marked = 0;
    for (;;) {
      const rows = await this.repo.overdue(now, 200);
      if (rows.length === 0) return marked;
      await inTransaction(this.ctx.db, async (trx) => {
        for (const d of rows) {
          const closed = await this.repo.close(
            d.id,
            { status: 'missed', confirmed_by: null, closed_by: null, note: '' },
            now,
            trx,
          );
          if (!closed) continue;
          marked += 1;
          await this.ctx.audit.record(trx, {
            actorId: null,
            action: 'family.delivery-missed',
            entityType: 'family',
            entityId: Number(d.family_id),
            nodePath: d.node_path,
            detail: { deliveryId: d.id, day: d.day, kind: d.kind, unconfirmed: true },
          });
          await this.ctx.events.append(trx, {
            type: FAMILY_EVENTS.missed,
            nodePath: d.node_path,
            permission: 'families.read',
            payload: {
              familyId: Number(d.family_id),
              deliveryId: d.id,
              liaisonId: Number(d.liaison_id),
              kind: d.kind,
              day: d.day,
            },
          });
        }
      });
      if (rows.length < 200) return marked;
    }
  }

  /** What the volunteer holds: the address and phone only of open deliveries, each such read audited. */
  async held(actor: Actor, requestId: string): Promise<HeldDelivery[]> {
    const rows = await this.repo.heldBy(actor.id, addDays(beijingDay(Date.now()), -7));
    const open = rows.filter((r) => r.status === 'open');
    if (open.length > 0)
      await this.ctx.audit.record(this.ctx.db, {
        actorId: actor.id,
        action: 'personal.read',
        entityType: 'family',
        entityId: open.length === 1 ? Number(open[0]!.family_id) : null,
        nodePath: open[0]!.node_path,
        reason: 'delivery',
        detail: { deliveryIds: open.map((r) => r.id), fields: ['address', 'phone'] },
        requestId,
      });
    return rows.map((r) => {
      const { code: _code, ...rest } = toDelivery(r, false);
      return {
        ...rest,
        familyLabel: label(r.worker_name.slice(0, 1)),
        address: r.status === 'open' ? r.address : null,
        phone: r.status === 'open' ? r.phone : null,
      };
    });
  }

  // ---- the liaison's day and urgent needs -------------------------------------------------

  async todo(actor: Actor): Promise<Todo> {
    const day = beijingDay(Date.now());
    const { today, missed } = await this.repo.liaisonDeliveries(actor.id, day, addDays(day, -7));
    const item = (r: (typeof today)[number]): TodoItem => {
      const { code: _code, ...rest } = toDelivery(r, false);
      return { ...rest, familyLabel: label(r.worker_name), nodeName: r.node_name };
    };
    const needs = await this.repo.needs({ liaisonId: actor.id, openOnly: true });
    return {
      day,
      deliveries: today.map(item),
      missed: missed.map(item),
      needs: needs.map((n) => this.toNeed(n)),
    };
  }

  private toNeed(n: Awaited<ReturnType<FamiliesRepository['needs']>>[number]): UrgentNeed {
    return {
      id: n.id,
      familyId: Number(n.family_id),
      familyLabel: label(n.worker_name),
      kind: n.kind as NeedKind,
      text: n.text,
      status: n.status as UrgentNeed['status'],
      raisedAt: Number(n.raised_at),
      handledAt: n.handled_at === null ? null : Number(n.handled_at),
    };
  }

  async needs(actor: Actor, familyId: number): Promise<UrgentNeed[]> {
    await this.load(actor, familyId, false);
    return (await this.repo.needs({ familyId, openOnly: false })).map((n) => this.toNeed(n));
  }

  /** The family (its own account) or its liaison raises an urgent need: liaison and community get it live. */
  async raiseNeed(
    actor: Actor,
    familyId: number,
    body: { kind: NeedKind; text: string },
    requestId: string,
  ): Promise<UrgentNeed> {
    const f = await this.load(actor, familyId, false);
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertNeed(
        {
          family_id: familyId,
          node_path: f.node_path,
          kind: body.kind,
          text: body.text,
          status: 'open',
          raised_by: actor.id,
          raised_at: now,
          handled_by: null,
          handled_at: null,
        },
        trx,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.urgent-need',
        entityType: 'family',
        entityId: familyId,
        nodePath: f.node_path,
        detail: { needId: id, kind: body.kind },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: FAMILY_EVENTS.urgent,
        nodePath: f.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: { familyId, needId: id, liaisonId: Number(f.liaison_id), kind: body.kind },
      });
      return id;
    });
    return this.toNeed({ ...(await this.repo.need(id))!, worker_name: f.worker_name });
  }

  async handleNeed(actor: Actor, id: number, requestId: string): Promise<UrgentNeed> {
    const need = await this.repo.need(id);
    if (!need) throw notFound();
    const f = await this.load(actor, Number(need.family_id), true);
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.handleNeed(id, actor.id, now, trx))) throw new AppError('NEED_HANDLED', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'family.need-handled',
        entityType: 'family',
        entityId: Number(need.family_id),
        nodePath: f.node_path,
        detail: { needId: id },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'families.need-handled',
        nodePath: f.node_path,
        permission: 'families.read',
        actorId: actor.id,
        payload: { familyId: Number(need.family_id), needId: id, liaisonId: Number(f.liaison_id) },
      });
    });
    return this.toNeed({ ...(await this.repo.need(id))!, worker_name: f.worker_name });
  }
}
