import type { Readable } from 'node:stream';
import type { Page } from '../../../contracts/common.ts';
import {
  type Compound,
  type CompoundProfileBody,
  type Household,
  type HouseholdBody,
  householdLabel,
  type ImportJob,
  type Resident,
  type ResidentBody,
  type Vehicle,
} from '../../../contracts/compounds.ts';
import { type Permission, roleHas } from '../../../contracts/permissions.ts';
import {
  type Actor,
  canAccessPath,
  isWithin,
  loadInScope,
  maskIdNumber,
  maskPhone,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { type ImportKind, runImport } from './compounds.import.ts';
import type { CompoundNode, CompoundsRepository } from './compounds.repository.ts';
import { addressKey } from './compounds.tables.ts';

type ResidentRow = NonNullable<Awaited<ReturnType<CompoundsRepository['resident']>>>;

/** The compound node's parent path: the community (village) the compound belongs to. */
export function communityPath(compoundPath: string): string {
  return compoundPath.replace(/[^/]+\/$/, '');
}

/**
 * Full ID numbers and phones are for the compound's own community officials: a grant that holds
 * personal.read on the community node or below it. District and street officials see them masked.
 */
export function seesFullIdentity(actor: Actor, compoundPath: string): boolean {
  const community = communityPath(compoundPath);
  return actor.grants.some(
    (g) =>
      roleHas(g.role, 'personal.read') &&
      isWithin(compoundPath, g.nodePath) &&
      isWithin(g.nodePath, community),
  );
}

function toImportJob(row: NonNullable<Awaited<ReturnType<CompoundsRepository['importJob']>>>): ImportJob {
  return {
    id: row.id,
    compoundId: row.compound_id,
    kind: row.kind as ImportJob['kind'],
    status: row.status as ImportJob['status'],
    progress: Number(row.progress),
    rowsRead: row.rows_read,
    imported: row.imported,
    rejected: row.rejected,
    errorCounts: JSON.parse(row.error_counts) as Record<string, number>,
    errors: JSON.parse(row.errors) as ImportJob['errors'],
    failure: row.failure,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export class CompoundsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly repo: CompoundsRepository,
  ) {}

  /** The compound node if the caller holds `permission` on it; 404 otherwise. */
  async compound(actor: Actor, id: number, permission: Permission): Promise<CompoundNode> {
    const node = await loadInScope(actor, permission, this.repo.node(id));
    if (node.kind !== 'compound') throw new AppError('NOT_A_COMPOUND', 400);
    return node;
  }

  async list(
    actor: Actor,
    nodeId: number | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<Compound>> {
    let under: string | null = null;
    if (nodeId) {
      const node = await loadInScope(actor, 'compounds.read', this.repo.node(nodeId));
      under = node.path;
    }
    const { rows, total } = await this.repo.listCompounds(
      scopePaths(actor, 'compounds.read'),
      under,
      page,
      pageSize,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        path: r.path,
        communityName: r.community_name,
        address: r.address ?? null,
        mode: (r.mode as Compound['mode']) ?? null,
        gates: r.gates ? JSON.parse(r.gates) : [],
        staff: r.staff ? maskedStaff(JSON.parse(r.staff)) : [],
        households: Number(r.households ?? 0),
        residents: Number(r.residents ?? 0),
        vehicles: Number(r.vehicles ?? 0),
      })),
      total,
      page,
      pageSize,
    };
  }

  /** Staff phones in full only to personal.read, asked for with a purpose, and audited. */
  async get(
    actor: Actor,
    id: number,
    query: { unmask: '0' | '1'; purpose?: string },
    requestId: string,
  ): Promise<Compound> {
    const node = await this.compound(actor, id, 'compounds.read');
    const [profile, counts] = await Promise.all([this.repo.profile(id), this.repo.counts(id)]);
    const staff: Compound['staff'] = profile ? JSON.parse(profile.staff) : [];
    const full = query.unmask === '1' && staff.length > 0 && canAccessPath(actor, 'personal.read', node.path);
    if (full) {
      await this.ctx.audit.record(this.ctx.db, {
        actorId: actor.id,
        action: 'personal.read',
        entityType: 'compound',
        entityId: id,
        nodePath: node.path,
        reason: query.purpose!,
        detail: { fields: ['staff.phone'] },
        requestId,
      });
    }
    return {
      id: node.id,
      name: node.name,
      path: node.path,
      communityName: node.community_name,
      address: profile?.address ?? null,
      mode: (profile?.mode as Compound['mode']) ?? null,
      gates: profile ? JSON.parse(profile.gates) : [],
      staff: full ? staff : maskedStaff(staff),
      ...counts,
    };
  }

  async saveProfile(
    actor: Actor,
    id: number,
    body: CompoundProfileBody,
    requestId: string,
  ): Promise<Compound> {
    const node = await this.compound(actor, id, 'compounds.manage');
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.upsertProfile(
        {
          node_id: id,
          node_path: node.path,
          address: body.address,
          mode: body.mode,
          gates: JSON.stringify(body.gates),
          staff: JSON.stringify(body.staff),
          updated_by: actor.id,
          updated_at: Date.now(),
        },
        trx,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'compound.profile-saved',
        entityType: 'compound',
        entityId: id,
        nodePath: node.path,
        detail: {
          address: body.address,
          mode: body.mode,
          gates: body.gates.length,
          staff: body.staff.length,
        },
        requestId,
      });
    });
    return this.get(actor, id, { unmask: '0' }, requestId);
  }

  async buildings(actor: Actor, id: number) {
    await this.compound(actor, id, 'compounds.read');
    return this.repo.buildings(id);
  }

  async addBuilding(actor: Actor, id: number, name: string, requestId: string) {
    const node = await this.compound(actor, id, 'compounds.manage');
    return inTransaction(this.ctx.db, async (trx) => {
      const row = await this.repo.insertBuilding(id, name, trx);
      if (!row)
        throw new AppError('BUILDING_EXISTS', 409, {}, [
          { field: 'name', in: 'body', code: 'BUILDING_EXISTS' },
        ]);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'compound.building-added',
        entityType: 'compound',
        entityId: id,
        nodePath: node.path,
        detail: { name },
        requestId,
      });
      return row;
    });
  }

  async households(actor: Actor, id: number, page: number, pageSize: number): Promise<Page<Household>> {
    await this.compound(actor, id, 'compounds.read');
    const { rows, total } = await this.repo.households(id, page, pageSize);
    return {
      items: rows.map((h) => ({
        id: h.id,
        compoundId: h.compound_id,
        building: h.building,
        unit: h.unit,
        room: h.room,
        label: householdLabel(h),
        residents: Number(h.residents ?? 0),
      })),
      total,
      page,
      pageSize,
    };
  }

  async addHousehold(actor: Actor, id: number, body: HouseholdBody, requestId: string): Promise<Household> {
    const node = await this.compound(actor, id, 'compounds.manage');
    return inTransaction(this.ctx.db, async (trx) => {
      const building = body.building || null;
      if (building) {
        const known = (await this.repo.buildings(id, trx)).some((b) => b.name === building);
        if (!known)
          throw new AppError('UNKNOWN_BUILDING', 400, {}, [
            { field: 'building', in: 'body', code: 'UNKNOWN_BUILDING' },
          ]);
      }
      const row = await this.repo.insertHousehold(
        {
          compound_id: id,
          node_path: node.path,
          building,
          unit: body.unit || null,
          room: body.room,
          address_key: addressKey(building, body.unit || null, body.room),
          created_at: Date.now(),
        },
        trx,
      );
      if (!row) throw new AppError('HOUSEHOLD_EXISTS', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'compound.household-added',
        entityType: 'household',
        entityId: row.id,
        nodePath: node.path,
        detail: { label: householdLabel(row) },
        requestId,
      });
      return {
        id: row.id,
        compoundId: id,
        building: row.building,
        unit: row.unit,
        room: row.room,
        label: householdLabel(row),
        residents: 0,
      };
    });
  }

  private toResident(row: ResidentRow | Omit<ResidentRow, 'node_path'>, full: boolean): Resident {
    return {
      id: row.id,
      householdId: row.household_id,
      compoundId: row.compound_id,
      household: householdLabel(row),
      name: row.name,
      phone: full ? row.phone : maskPhone(row.phone),
      idNumber: full ? row.id_number : maskIdNumber(row.id_number),
      relation: row.relation as Resident['relation'],
      status: row.status as Resident['status'],
    };
  }

  /** Lists are always masked; the full identity is one audited detail read away. */
  async residents(
    actor: Actor,
    id: number,
    filter: { q?: string; householdId?: number },
    page: number,
    pageSize: number,
  ): Promise<Page<Resident>> {
    await this.compound(actor, id, 'residents.read');
    const { rows, total } = await this.repo.residents(id, filter, page, pageSize);
    return { items: rows.map((r) => this.toResident(r, false)), total, page, pageSize };
  }

  async resident(actor: Actor, residentId: number, requestId: string, purpose?: string): Promise<Resident> {
    const row = await loadInScope(actor, 'residents.read', this.repo.resident(residentId));
    const full = seesFullIdentity(actor, row.node_path);
    if (full) {
      await this.ctx.audit.record(this.ctx.db, {
        actorId: actor.id,
        action: 'personal.read',
        entityType: 'resident',
        entityId: residentId,
        nodePath: row.node_path,
        reason: purpose ?? 'resident register',
        detail: { fields: ['idNumber', 'phone'] },
        requestId,
      });
    }
    return this.toResident(row, full);
  }

  async addResident(actor: Actor, id: number, body: ResidentBody, requestId: string): Promise<Resident> {
    const node = await this.compound(actor, id, 'compounds.manage');
    const household = await this.repo.household(body.householdId);
    if (!household || household.compound_id !== id) throw notFound();
    const residentId = await inTransaction(this.ctx.db, async (trx) => {
      const now = Date.now();
      const inserted = await this.repo.insertResidents(
        [
          {
            household_id: household.id,
            compound_id: id,
            node_path: node.path,
            name: body.name,
            phone: body.phone,
            id_number: body.idNumber,
            relation: body.relation,
            status: body.status,
            created_at: now,
            updated_at: now,
          },
        ],
        trx,
      );
      if (inserted.size === 0) {
        throw new AppError('DUPLICATE_PERSON', 409, {}, [
          { field: 'idNumber', in: 'body', code: 'DUPLICATE_PERSON' },
        ]);
      }
      const row = await trx
        .withTables<import('./compounds.tables.ts').CompoundTables>()
        .selectFrom('residents')
        .select('id')
        .where('id_number', '=', body.idNumber)
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'resident.added',
        entityType: 'resident',
        entityId: row.id,
        nodePath: node.path,
        detail: { householdId: household.id, relation: body.relation },
        requestId,
      });
      return row.id;
    });
    const row = await this.repo.resident(residentId);
    return this.toResident(row!, false);
  }

  async setResidentStatus(
    actor: Actor,
    residentId: number,
    status: Resident['status'],
    requestId: string,
  ): Promise<Resident> {
    const row = await loadInScope(actor, 'compounds.manage', this.repo.resident(residentId));
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.updateResidentStatus(residentId, status, trx);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'resident.status-changed',
        entityType: 'resident',
        entityId: residentId,
        nodePath: row.node_path,
        detail: { from: row.status, to: status },
        requestId,
      });
    });
    return this.toResident({ ...row, status }, false);
  }

  async vehicles(actor: Actor, id: number, page: number, pageSize: number): Promise<Page<Vehicle>> {
    await this.compound(actor, id, 'compounds.read');
    const { rows, total } = await this.repo.vehicles(id, page, pageSize);
    return {
      items: rows.map((v) => ({
        id: v.id,
        householdId: v.household_id,
        household: householdLabel(v),
        plate: v.plate,
      })),
      total,
      page,
      pageSize,
    };
  }

  async addVehicle(
    actor: Actor,
    id: number,
    body: { householdId: number; plate: string },
    requestId: string,
  ): Promise<Vehicle> {
    const node = await this.compound(actor, id, 'compounds.manage');
    const household = await this.repo.household(body.householdId);
    if (!household || household.compound_id !== id) throw notFound();
    return inTransaction(this.ctx.db, async (trx) => {
      const [saved] = await this.repo.insertVehicles(
        [
          {
            household_id: household.id,
            compound_id: id,
            node_path: node.path,
            plate: body.plate,
            created_at: Date.now(),
          },
        ],
        trx,
      );
      if (!saved)
        throw new AppError('DUPLICATE_VEHICLE', 409, {}, [
          { field: 'plate', in: 'body', code: 'DUPLICATE_VEHICLE' },
        ]);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'vehicle.added',
        entityType: 'vehicle',
        entityId: saved.id,
        nodePath: node.path,
        detail: { householdId: household.id, plate: body.plate },
        requestId,
      });
      return {
        id: saved.id,
        householdId: household.id,
        household: householdLabel(household),
        plate: saved.plate,
      };
    });
  }

  /**
   * Stores the upload, then reads it in the background: the caller polls the job for progress
   * and the row report. Rows with errors are left out and reported; the valid rows go in.
   */
  async startImport(
    actor: Actor,
    id: number,
    kind: ImportKind,
    file: { name: string; stream: Readable },
    requestId: string,
  ): Promise<ImportJob> {
    const node = await this.compound(actor, id, 'compounds.manage');
    const stored = await this.ctx.files.save(actor, {
      ownerType: 'compound-import',
      ownerId: String(id),
      name: file.name,
      stream: file.stream,
      requestId,
    });
    const job = await inTransaction(this.ctx.db, async (trx) => {
      const row = await this.repo.insertImport(
        {
          compound_id: id,
          node_path: node.path,
          kind,
          file_id: stored.id,
          status: 'running',
          progress: 0,
          rows_read: 0,
          imported: 0,
          rejected: 0,
          error_counts: '{}',
          errors: '[]',
          failure: null,
          created_by: actor.id,
          created_at: Date.now(),
          finished_at: null,
        },
        trx,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: `compound.import-started`,
        entityType: 'compound',
        entityId: id,
        nodePath: node.path,
        detail: { kind, fileId: stored.id, size: stored.size },
        requestId,
      });
      return row;
    });
    const { stream } = await this.ctx.files.open(actor, stored.id);
    void runImport(this.ctx, this.repo, {
      jobId: job.id,
      compoundId: id,
      compoundPath: node.path,
      kind,
      actorId: actor.id,
      size: stored.size,
      stream,
    });
    return toImportJob(job);
  }

  async importJob(actor: Actor, jobId: number): Promise<ImportJob> {
    const row = await loadInScope(actor, 'compounds.manage', this.repo.importJob(jobId));
    return toImportJob(row);
  }
}

function maskedStaff(staff: Compound['staff']): Compound['staff'] {
  return staff.map((s) => ({ ...s, phone: maskPhone(s.phone) }));
}
