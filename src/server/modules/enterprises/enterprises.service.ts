import { createHash } from 'node:crypto';
import type { Page } from '../../../contracts/common.ts';
import {
  allowedFrom,
  type Booking,
  type BookingBody,
  BUREAU_NAMES,
  CERT_SLA_MS,
  CERTIFIED_NOTICE_MS,
  type CertApplicationBody,
  type Certificate,
  type CertificateCredential,
  type CertStatus,
  type CertVerdict,
  credentialBytes,
  EDITABLE,
  type Enterprise,
  type EnterpriseBody,
  type EvidenceKind,
  type ExportStat,
  FILING_TRANSITIONS,
  type Filing,
  type FilingAction,
  type FilingForm,
  type FilingStatus,
  INDUSTRY_RULES,
  NOTICE_MS,
  type PriorImportReport,
  type PriorLine,
  priorLineSchema,
  type Regime,
  type ReviewActionBody,
  type RevocationList,
  type Slot,
  type StatsDimension,
  type VerifyResult,
} from '../../../contracts/enterprises.ts';
import { fromBase64Url } from '../../../contracts/passes.ts';
import {
  type Actor,
  canAccessPath,
  hasPermission,
  loadInScope,
  pathInScope,
  scopePaths,
} from '../../core/access/index.ts';
import { maskPhone } from '../../core/access/mask.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import type { JointInspection } from '../supervision/index.ts';
import { CertificateKeys } from './enterprises.keys.ts';
import type {
  BookingRow,
  CertRow,
  EnterpriseRow,
  EnterprisesRepository,
  FilingRow,
} from './enterprises.repository.ts';

const DAY_MS = 86_400_000;
export const ISSUER_NAME = '中国国际贸易促进委员会营口市支会';

function state(code: 'FILING_STATE' | 'CERT_STATE' | 'BOOKING_STATE', status: string) {
  return new AppError(code, 409, { status });
}

function toEnterprise(r: EnterpriseRow, own: boolean): Enterprise {
  return {
    id: Number(r.id),
    nodeId: Number(r.node_id),
    nodeName: r.node_name,
    name: r.name,
    creditCode: r.credit_code,
    industry: r.industry as Enterprise['industry'],
    regime: r.regime as Regime,
    size: r.size as Enterprise['size'],
    address: r.address,
    contactName: r.contact_name,
    contactPhone: own ? r.contact_phone : maskPhone(r.contact_phone),
    staffTotal: Number(r.staff_total),
    certified: Number(r.certified) === 1,
    createdAt: Number(r.created_at),
  };
}

function summary(r: FilingRow) {
  return {
    id: Number(r.id),
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: r.enterprise_name,
    nodeName: r.node_name,
    regime: r.regime as Regime,
    status: r.status as FilingStatus,
    submittedAt: r.submitted_at === null ? null : Number(r.submitted_at),
    replyDueAt: r.reply_due_at === null ? null : Number(r.reply_due_at),
    createdAt: Number(r.created_at),
  };
}

/** The digest pinning a resumption filing as evidence: its decision and form, as signed JSON. */
export function filingDigest(r: FilingRow): string {
  const record = {
    filing: Number(r.id),
    enterprise: r.enterprise_name,
    status: r.status,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    form: JSON.parse(r.form),
  };
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

/**
 * Other modules the desk reaches through their index.ts, wired by the composition root; a module
 * that is not there leaves its link out and the desk works without it.
 */
export interface EnterpriseLinks {
  /** Supervision: a joint inspection's failed items become rectification orders, in the same transaction. */
  openRectifications?: (trx: Db, input: JointInspection) => Promise<number[]>;
  /** Returnees: the form's places of origin against the register under the firm's node. */
  returneesByOrigin?: (
    under: string,
    places: string[],
  ) => Promise<Array<{ name: string; registered: number; isolating: number } | null>>;
}

export class EnterprisesService {
  readonly keys: CertificateKeys;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    readonly repo: EnterprisesRepository,
    master: Buffer,
    private readonly links: EnterpriseLinks = {},
  ) {
    this.keys = new CertificateKeys(repo, master);
  }

  /* ---------- enterprises ---------- */

  /** The caller's own enterprise, or 404: an enterprise account sees itself and nothing else. */
  async mine(actor: Actor): Promise<EnterpriseRow> {
    const row = await this.repo.enterpriseOf(actor.id);
    if (!row || !canAccessPath(actor, 'enterprises.self', row.node_path)) throw notFound();
    return row;
  }

  async myEnterprise(actor: Actor): Promise<Enterprise> {
    return toEnterprise(await this.mine(actor), true);
  }

  /** An enterprise account registers its firm under the node its account was granted on. */
  async register(actor: Actor, body: EnterpriseBody, requestId: string): Promise<Enterprise> {
    const node = await loadInScope(actor, 'enterprises.self', this.repo.node(body.nodeId));
    if (await this.repo.enterpriseOf(actor.id)) throw new AppError('ENTERPRISE_EXISTS', 409);
    const id = await inTransaction(this.db, async (trx) => {
      if (await this.repo.creditCodeTaken(body.creditCode, trx)) {
        throw new AppError('CREDIT_CODE_TAKEN', 409, {}, [
          { field: 'creditCode', in: 'body', code: 'CREDIT_CODE_TAKEN' },
        ]);
      }
      const newId = await this.repo.insertEnterprise(
        {
          node_id: node.id,
          node_path: node.path,
          name: body.name,
          credit_code: body.creditCode,
          industry: body.industry,
          regime: INDUSTRY_RULES[body.industry].regime,
          size: body.size,
          address: body.address,
          contact_name: body.contactName,
          contact_phone: body.contactPhone,
          staff_total: body.staffTotal,
          certified: body.certified ? 1 : 0,
          account_user_id: actor.id,
          created_at: Date.now(),
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'enterprises.registered',
        entityType: 'enterprise',
        entityId: newId,
        nodePath: node.path,
        detail: { name: body.name, creditCode: body.creditCode },
        requestId,
      });
      return newId;
    });
    return toEnterprise((await this.repo.enterprise(id))!, true);
  }

  async listEnterprises(actor: Actor, q: string | undefined): Promise<Enterprise[]> {
    const rows = await this.repo.listEnterprises(
      (c) => pathInScope(c, scopePaths(actor, 'enterprises.review')),
      q,
      200,
    );
    return rows.map((r) => toEnterprise(r, false));
  }

  /* ---------- resumption filings ---------- */

  /** A filing the caller may see: its own enterprise's, or one in the reviewer's subtree. */
  private async visibleFiling(actor: Actor, id: number, trx?: Db): Promise<{ row: FilingRow; own: boolean }> {
    const row = await this.repo.filing(id, trx);
    if (!row) throw notFound();
    if (canAccessPath(actor, 'enterprises.review', row.node_path)) return { row, own: false };
    const mine = await this.repo.enterpriseOf(actor.id, trx);
    if (mine && Number(mine.id) === Number(row.enterprise_id)) return { row, own: true };
    throw notFound();
  }

  private actionsFor(row: FilingRow, own: boolean, missing: string[], openRequest: boolean): FilingAction[] {
    const regime = row.regime as Regime;
    const status = row.status as FilingStatus;
    return (Object.keys(FILING_TRANSITIONS) as FilingAction[]).filter((a) => {
      const t = FILING_TRANSITIONS[a];
      if ((t.by === 'enterprise') !== own) return false;
      if (!allowedFrom(a, regime).includes(status)) return false;
      if (a === 'schedule' && regime !== 'filing') return false;
      if (a === 'approve' && (missing.length > 0 || openRequest)) return false;
      return true;
    });
  }

  async getFiling(actor: Actor, id: number): Promise<Filing> {
    const { row, own } = await this.visibleFiling(actor, id);
    const [steps, documents] = await Promise.all([this.repo.steps(id), this.repo.documents(id)]);
    const enterprise = (await this.repo.enterprise(Number(row.enterprise_id)))!;
    const have = new Set(documents.map((d) => d.doc_key));
    const required = INDUSTRY_RULES[enterprise.industry as keyof typeof INDUSTRY_RULES].documents;
    const openRequests = steps.filter((s) => s.kind === 'request' && s.closed_at === null);
    // A document a reviewer asked for by name joins the checklist until it is there.
    const asked = openRequests
      .map((s) => (JSON.parse(s.detail) as { document?: string }).document)
      .filter((d): d is string => Boolean(d));
    const missing = [...new Set([...required, ...asked])].filter((k) => !have.has(k));
    const form = JSON.parse(row.form) as FilingForm;
    const origins = this.links.returneesByOrigin
      ? await this.links.returneesByOrigin(
          enterprise.node_path,
          form.returningFrom.map((r) => r.place),
        )
      : [];
    return {
      ...summary(row),
      form,
      staffOrigins: form.returningFrom.map((r, i) => ({
        place: r.place,
        count: r.count,
        originName: origins[i]?.name ?? null,
        registered: origins[i]?.registered ?? null,
        isolating: origins[i]?.isolating ?? null,
      })),
      signedBy: row.signed_by,
      decidedAt: row.decided_at === null ? null : Number(row.decided_at),
      missing,
      documents: documents.map((d) => ({
        key: d.doc_key,
        fileId: d.file_id,
        name: d.name,
        sha256: d.sha256,
      })),
      steps: steps.map((s) => ({
        id: Number(s.id),
        kind: s.kind as FilingAction,
        actorName: s.actor_name,
        at: Number(s.at),
        detail: JSON.parse(s.detail) as Record<string, unknown>,
        dueAt: s.due_at === null ? null : Number(s.due_at),
        closedAt: s.closed_at === null ? null : Number(s.closed_at),
      })),
      actions: this.actionsFor(row, own, missing, openRequests.length > 0),
    };
  }

  async listFilings(
    actor: Actor,
    status: FilingStatus | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<ReturnType<typeof summary>>> {
    const where = hasPermission(actor, 'enterprises.review')
      ? { scope: (c: string) => pathInScope(c, scopePaths(actor, 'enterprises.review')), status }
      : { enterpriseId: Number((await this.mine(actor)).id), status };
    const { items, total } = await this.repo.listFilings(where, page, pageSize);
    return { items: items.map(summary), total, page, pageSize };
  }

  async createFiling(actor: Actor, form: FilingForm, requestId: string): Promise<Filing> {
    const enterprise = await this.mine(actor);
    const now = Date.now();
    const id = await inTransaction(this.db, async (trx) => {
      const newId = await this.repo.insertFiling(
        {
          enterprise_id: Number(enterprise.id),
          node_path: enterprise.node_path,
          regime: enterprise.regime,
          status: 'draft',
          form: JSON.stringify(form),
          signed_by: null,
          submitted_at: null,
          decided_at: null,
          reply_due_at: null,
          staff_returning: form.staffReturning,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'enterprises.filing-created',
        entityType: 'enterprise_filing',
        entityId: newId,
        nodePath: enterprise.node_path,
        requestId,
      });
      return newId;
    });
    return this.getFiling(actor, id);
  }

  /** The enterprise edits its form only while it is a draft or answering a request. */
  async updateFiling(actor: Actor, id: number, form: FilingForm, requestId: string): Promise<Filing> {
    const { row, own } = await this.visibleFiling(actor, id);
    if (!own) throw notFound();
    await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.moveFiling(
        id,
        EDITABLE,
        { form: JSON.stringify(form), staff_returning: form.staffReturning, updated_at: Date.now() },
        trx,
      );
      if (changed === 0) throw state('FILING_STATE', row.status);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'enterprises.filing-edited',
        entityType: 'enterprise_filing',
        entityId: id,
        nodePath: row.node_path,
        requestId,
      });
    });
    return this.getFiling(actor, id);
  }

  /** Attaches an uploaded document (files owner `enterprise-filing`) under a checklist key. */
  async attachDocument(actor: Actor, id: number, key: string, fileId: string, requestId: string) {
    const { row, own } = await this.visibleFiling(actor, id);
    if (!own) throw notFound();
    const file = await this.repo.file(fileId);
    if (file?.owner_type !== 'enterprise-filing' || file.owner_id !== String(id)) {
      throw new AppError('FILE_NOT_ATTACHED', 400, {}, [
        { field: 'fileId', in: 'body', code: 'FILE_NOT_ATTACHED' },
      ]);
    }
    await inTransaction(this.db, async (trx) => {
      // A no-op update guarded on state: documents change only where the form may.
      if (
        (await this.repo.moveFiling(
          id,
          [...EDITABLE, 'submitted', 'provisional', 'in_review'],
          { updated_at: Date.now() },
          trx,
        )) === 0
      )
        throw state('FILING_STATE', row.status);
      await this.repo.putDocument(id, key, fileId, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'enterprises.filing-document',
        entityType: 'enterprise_filing',
        entityId: id,
        nodePath: row.node_path,
        detail: { key, fileId, sha256: file.sha256 },
        requestId,
      });
    });
    return this.getFiling(actor, id);
  }

  async submit(actor: Actor, id: number, signedBy: string, requestId: string): Promise<Filing> {
    const { row, own } = await this.visibleFiling(actor, id);
    if (!own) throw notFound();
    const regime = row.regime as Regime;
    // Report and commitment regimes may operate on submission; they are examined later.
    const to: FilingStatus = regime === 'filing' ? 'submitted' : 'provisional';
    const now = Date.now();
    await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.moveFiling(
        id,
        allowedFrom('submit', regime),
        { status: to, signed_by: signedBy, submitted_at: now, updated_at: now },
        trx,
      );
      if (changed === 0) throw state('FILING_STATE', row.status);
      await this.repo.addStep(
        { filing_id: id, kind: 'submit', actor_id: actor.id, at: now, detail: { signedBy, to } },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'enterprises.filing-submitted',
        entityType: 'enterprise_filing',
        entityId: id,
        nodePath: row.node_path,
        detail: { regime, status: to },
        requestId,
      });
      await this.events.append(trx, {
        type: 'enterprises.filing-submitted',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'enterprises.review',
        payload: { filingId: id, enterprise: row.enterprise_name, regime, status: to },
      });
    });
    return this.getFiling(actor, id);
  }

  /** The enterprise answers the open validation request(s); the filing goes back to review. */
  async reply(actor: Actor, id: number, message: string, requestId: string): Promise<Filing> {
    const before = await this.getFiling(actor, id);
    const { row, own } = await this.visibleFiling(actor, id);
    if (!own) throw notFound();
    const asked = before.steps
      .filter((s) => s.kind === 'request' && s.closedAt === null)
      .map((s) => s.detail.document as string | undefined)
      .filter((d): d is string => Boolean(d));
    const stillMissing = asked.filter((d) => before.missing.includes(d));
    if (stillMissing.length > 0) {
      throw new AppError('FILING_DOCUMENT_MISSING', 400, { document: stillMissing.join(', ') }, [
        { field: 'document', in: 'body', code: 'FILING_DOCUMENT_MISSING' },
      ]);
    }
    const now = Date.now();
    await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.moveFiling(
        id,
        allowedFrom('reply', row.regime as Regime),
        { status: 'in_review', reply_due_at: null, updated_at: now },
        trx,
      );
      if (changed === 0) throw state('FILING_STATE', row.status);
      await this.repo.closeRequests(id, now, trx);
      await this.repo.addStep(
        { filing_id: id, kind: 'reply', actor_id: actor.id, at: now, detail: { message } },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'enterprises.filing-replied',
        entityType: 'enterprise_filing',
        entityId: id,
        nodePath: row.node_path,
        requestId,
      });
      await this.events.append(trx, {
        type: 'enterprises.filing-replied',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'enterprises.review',
        payload: { filingId: id },
      });
    });
    return this.getFiling(actor, id);
  }

  /** A reviewer's action, applied only from the states the transition table allows. */
  async review(actor: Actor, id: number, body: ReviewActionBody, requestId: string): Promise<Filing> {
    const row = await loadInScope(actor, 'enterprises.review', this.repo.filing(id));
    const current = await this.getFiling(actor, id);
    const regime = row.regime as Regime;
    const now = Date.now();
    if (body.action === 'schedule' && regime !== 'filing') throw state('FILING_STATE', row.status);
    if (body.action === 'approve') {
      if (current.missing.length > 0)
        throw new AppError('FILING_INCOMPLETE', 409, { documents: current.missing.join(', ') });
      if (current.steps.some((s) => s.kind === 'request' && s.closedAt === null))
        throw new AppError('FILING_REQUEST_OPEN', 409);
    }
    // A rejection for silence waits for the reply clock to run out.
    if (body.action === 'reject' && row.status === 'info_requested' && (row.reply_due_at ?? 0) > now)
      throw new AppError('FILING_REPLY_PENDING', 409, {
        due: new Date(Number(row.reply_due_at)).toISOString(),
      });

    let set: Parameters<EnterprisesRepository['moveFiling']>[2];
    let detail: Record<string, unknown> = {};
    let dueAt: number | null = null;
    switch (body.action) {
      case 'start':
        set = { status: 'in_review' };
        break;
      case 'request':
        dueAt = now + body.replyDays * DAY_MS;
        set = { status: 'info_requested', reply_due_at: dueAt };
        detail = { message: body.message, ...(body.document ? { document: body.document } : {}) };
        break;
      case 'schedule':
        set = { status: 'visit_scheduled' };
        detail = { at: body.at, bureaus: body.bureaus };
        break;
      case 'visit':
        set = { status: 'visited' };
        detail = { findings: body.findings, photoFileIds: body.photoFileIds };
        break;
      case 'approve':
        set = { status: 'approved', decided_at: now };
        detail = { note: body.note };
        break;
      case 'reject':
        set = { status: 'rejected', decided_at: now, reply_due_at: null };
        detail = { reason: body.reason };
        break;
    }
    await inTransaction(this.db, async (trx) => {
      const changed = await this.repo.moveFiling(
        id,
        allowedFrom(body.action, regime),
        { ...set, updated_at: now },
        trx,
      );
      if (changed === 0) throw state('FILING_STATE', row.status);
      if (body.action === 'reject') await this.repo.closeRequests(id, now, trx);
      if (body.action === 'visit') {
        const firm = (await this.repo.enterprise(Number(row.enterprise_id), trx))!;
        const failing = body.findings.filter((f) => !f.ok && f.rectify);
        if (failing.length > 0 && this.links.openRectifications) {
          detail.rectificationOrderIds = await this.links.openRectifications(trx, {
            source: `enterprise-filing:${id}:visit:${now}`,
            nodeId: Number(firm.node_id),
            nodePath: row.node_path,
            targetId: Number(row.enterprise_id),
            label: row.enterprise_name,
            actorId: actor.id,
            findings: failing.map((f) => ({
              item: f.rectify!.item,
              rule: BUREAU_NAMES[f.bureau],
              severity: f.rectify!.severity,
              note: f.note,
            })),
          });
        }
      }
      await this.repo.addStep(
        { filing_id: id, kind: body.action, actor_id: actor.id, at: now, detail, due_at: dueAt },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: `enterprises.filing-${body.action}`,
        entityType: 'enterprise_filing',
        entityId: id,
        nodePath: row.node_path,
        detail: { from: row.status, to: set.status, ...detail },
        requestId,
      });
      await this.events.append(trx, {
        type: `enterprises.filing-${body.action}`,
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'enterprises.review',
        payload: { filingId: id, enterprise: row.enterprise_name, status: set.status, regime },
      });
    });
    return this.getFiling(actor, id);
  }

  /* ---------- force-majeure certificates ---------- */

  private async visibleCert(actor: Actor, id: number, trx?: Db): Promise<{ row: CertRow; own: boolean }> {
    const row = await this.repo.cert(id, trx);
    if (!row) throw notFound();
    if (canAccessPath(actor, 'certificates.issue', row.node_path)) return { row, own: false };
    const mine = await this.repo.enterpriseOf(actor.id, trx);
    if (mine && Number(mine.id) === Number(row.enterprise_id)) return { row, own: true };
    throw notFound();
  }

  private toCert(
    row: CertRow,
    evidence: Awaited<ReturnType<EnterprisesRepository['evidence']>>,
  ): Certificate {
    return {
      id: Number(row.id),
      enterpriseId: Number(row.enterprise_id),
      enterpriseName: row.enterprise_name,
      number: row.number,
      status: row.status as CertStatus,
      contracts: JSON.parse(row.contracts) as string[],
      counterparty: row.counterparty,
      country: row.country,
      obligation: row.obligation,
      affectedFrom: Number(row.affected_from),
      affectedUntil: Number(row.affected_until),
      submittedAt: Number(row.submitted_at),
      dueAt: Number(row.submitted_at) + CERT_SLA_MS,
      issuedAt: row.issued_at === null ? null : Number(row.issued_at),
      councilReference: row.council_reference,
      note: row.note,
      evidence: evidence.map((e) => ({
        id: Number(e.id),
        kind: e.kind as EvidenceKind,
        title: e.title,
        sha256: e.sha256,
        fileId: e.file_id,
      })),
      signed:
        row.credential && row.signature
          ? { credential: JSON.parse(row.credential) as CertificateCredential, signature: row.signature }
          : null,
    };
  }

  async getCert(actor: Actor, id: number): Promise<Certificate> {
    const { row } = await this.visibleCert(actor, id);
    return this.toCert(row, await this.repo.evidence(id));
  }

  async listCerts(actor: Actor, page: number, pageSize: number) {
    const where = hasPermission(actor, 'certificates.issue')
      ? { scope: (c: string) => pathInScope(c, scopePaths(actor, 'certificates.issue')) }
      : { enterpriseId: Number((await this.mine(actor)).id) };
    const { items, total } = await this.repo.listCerts(where, page, pageSize);
    return {
      items: items.map((r) => {
        const { evidence: _e, signed: _s, ...rest } = this.toCert(r, []);
        return rest;
      }),
      total,
      page,
      pageSize,
    };
  }

  async apply(actor: Actor, body: CertApplicationBody, requestId: string): Promise<Certificate> {
    const enterprise = await this.mine(actor);
    if (body.affectedUntil < body.affectedFrom) {
      throw new AppError('DATE_ORDER', 400, {}, [{ field: 'affectedUntil', in: 'body', code: 'DATE_ORDER' }]);
    }
    const id = await inTransaction(this.db, async (trx) => {
      const newId = await this.repo.insertCert(
        {
          enterprise_id: Number(enterprise.id),
          node_path: enterprise.node_path,
          number: null,
          status: 'submitted',
          contracts: JSON.stringify(body.contracts),
          counterparty: body.counterparty,
          country: body.country,
          obligation: body.obligation,
          affected_from: body.affectedFrom,
          affected_until: body.affectedUntil,
          submitted_at: Date.now(),
          issued_at: null,
          council_reference: null,
          note: null,
          credential: null,
          signature: null,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'certificates.applied',
        entityType: 'fm_certificate',
        entityId: newId,
        nodePath: enterprise.node_path,
        detail: { counterparty: body.counterparty, country: body.country },
        requestId,
      });
      await this.events.append(trx, {
        type: 'certificates.applied',
        nodePath: enterprise.node_path,
        actorId: actor.id,
        permission: 'certificates.issue',
        payload: { certificateId: newId, enterprise: enterprise.name },
      });
      return newId;
    });
    return this.getCert(actor, id);
  }

  /**
   * Adds an evidence item pinned by SHA-256: an uploaded file (owner `fm-certificate`) whose stored
   * digest must equal the one the applicant states, or the enterprise's own decided resumption filing.
   */
  async addEvidence(
    actor: Actor,
    id: number,
    body:
      | { kind: Exclude<EvidenceKind, 'resumption_filing'>; title: string; fileId: string; sha256: string }
      | { kind: 'resumption_filing'; filingId: number },
    requestId: string,
  ): Promise<Certificate> {
    const { row, own } = await this.visibleCert(actor, id);
    if (!own) throw notFound();
    let item: { kind: string; title: string; file_id: string | null; sha256: string };
    if (body.kind === 'resumption_filing') {
      const filing = await this.repo.filing(body.filingId);
      if (!filing || Number(filing.enterprise_id) !== Number(row.enterprise_id)) throw notFound();
      if (!['approved', 'provisional'].includes(filing.status)) throw state('FILING_STATE', filing.status);
      item = {
        kind: body.kind,
        title: `复工备案 #${filing.id}（${filing.status === 'approved' ? '已核准' : '已报备'}）`,
        file_id: null,
        sha256: filingDigest(filing),
      };
    } else {
      const file = await this.repo.file(body.fileId);
      if (file?.owner_type !== 'fm-certificate' || file.owner_id !== String(id)) {
        throw new AppError('FILE_NOT_ATTACHED', 400, {}, [
          { field: 'fileId', in: 'body', code: 'FILE_NOT_ATTACHED' },
        ]);
      }
      if (file.sha256 !== body.sha256) {
        throw new AppError('EVIDENCE_DIGEST_MISMATCH', 400, {}, [
          { field: 'sha256', in: 'body', code: 'EVIDENCE_DIGEST_MISMATCH' },
        ]);
      }
      item = { kind: body.kind, title: body.title, file_id: file.id, sha256: file.sha256 };
    }
    await inTransaction(this.db, async (trx) => {
      // Evidence is added before a decision; an answer to a request sends the case back to review.
      const changed = await this.repo.evidenceAdded(id, trx);
      if (changed === 0) throw state('CERT_STATE', row.status);
      await this.repo.addEvidence({ certificate_id: id, ...item }, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'certificates.evidence',
        entityType: 'fm_certificate',
        entityId: id,
        nodePath: row.node_path,
        detail: { kind: item.kind, sha256: item.sha256 },
        requestId,
      });
    });
    return this.getCert(actor, id);
  }

  async decide(
    actor: Actor,
    id: number,
    body:
      | { action: 'start' }
      | { action: 'request'; message: string }
      | { action: 'council'; reference: string }
      | { action: 'issue' }
      | { action: 'refuse'; reason: string }
      | { action: 'revoke'; reason: string },
    requestId: string,
  ): Promise<Certificate> {
    const row = await loadInScope(actor, 'certificates.issue', this.repo.cert(id));
    const now = Date.now();
    // Fetched before the transaction opens: on SQLite a read outside it would wait for it.
    const signer = body.action === 'issue' ? await this.keys.active() : null;
    const evidence = await this.repo.evidence(id);
    if (body.action === 'issue') {
      if (row.status !== 'in_review') throw state('CERT_STATE', row.status);
      if (!row.council_reference) throw new AppError('CERT_COUNCIL_MISSING', 409);
      if (evidence.length === 0) throw new AppError('CERT_EVIDENCE_MISSING', 409);
    }
    await inTransaction(this.db, async (trx) => {
      let from: CertStatus[];
      let set: Parameters<EnterprisesRepository['moveCert']>[2];
      switch (body.action) {
        case 'start':
          from = ['submitted'];
          set = { status: 'in_review' };
          break;
        case 'request':
          from = ['in_review'];
          set = { status: 'info_requested', note: body.message };
          break;
        case 'council':
          from = ['in_review'];
          set = { council_reference: body.reference };
          break;
        case 'refuse':
          from = ['in_review', 'info_requested'];
          set = { status: 'refused', note: body.reason };
          break;
        case 'revoke':
          from = ['issued'];
          set = { status: 'revoked', note: body.reason };
          break;
        case 'issue': {
          from = ['in_review'];
          const number = await this.repo.nextNumber(new Date(now + 8 * 3600_000).getUTCFullYear(), trx);
          const credential: CertificateCredential = {
            type: ['VerifiableCredential', 'ForceMajeureCertificate'],
            id: `urn:xinghuo:fm:${number}`,
            issuer: { name: ISSUER_NAME, keyId: signer!.id },
            validFrom: now,
            credentialSubject: {
              name: row.enterprise_name,
              creditCode: (await this.repo.enterprise(Number(row.enterprise_id), trx))!.credit_code,
              counterparty: row.counterparty,
              country: row.country,
              contracts: JSON.parse(row.contracts) as string[],
              obligation: row.obligation,
              affectedFrom: Number(row.affected_from),
              affectedUntil: Number(row.affected_until),
            },
            evidence: evidence.map((e) => ({
              type: e.kind as EvidenceKind,
              name: e.title,
              digestSRI: `sha256-${Buffer.from(e.sha256, 'hex').toString('base64')}`,
            })),
            credentialStatus: { type: 'RevocationList', number },
          };
          set = {
            status: 'issued',
            number,
            issued_at: now,
            credential: JSON.stringify(credential),
            signature: CertificateKeys.sign(signer!.key, credentialBytes(credential)),
          };
          break;
        }
      }
      if ((await this.repo.moveCert(id, from, set, trx)) === 0) throw state('CERT_STATE', row.status);
      if (body.action === 'revoke') await this.repo.revoke(row.number!, body.reason, now, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: `certificates.${body.action}`,
        entityType: 'fm_certificate',
        entityId: id,
        nodePath: row.node_path,
        detail: { from: row.status, ...(set.number ? { number: set.number } : {}) },
        requestId,
      });
      await this.events.append(trx, {
        type: `certificates.${body.action}`,
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'certificates.issue',
        payload: {
          certificateId: id,
          enterprise: row.enterprise_name,
          number: set.number ?? row.number,
          country: row.country,
          minutes: body.action === 'issue' ? Math.round((now - Number(row.submitted_at)) / 60_000) : null,
        },
      });
    });
    return this.getCert(actor, id);
  }

  async revocationList(): Promise<RevocationList> {
    const rows = await this.repo.revocations();
    return {
      version: rows.length === 0 ? 0 : Number(rows[rows.length - 1]!.seq),
      issuedAt: Date.now(),
      revoked: rows.map((r) => ({ number: r.number, at: Number(r.at) })),
    };
  }

  async publicKeys() {
    await this.keys.active();
    return [...(await this.keys.publicKeys()).entries()].map(([id, k]) => ({
      id,
      publicKey: Buffer.from(k.raw).toString('base64url'),
    }));
  }

  /**
   * The public check behind the QR: the stored record's signature under the council's key, then
   * the revocation list. A number that was never issued is "unknown", not an error.
   */
  async verifyNumber(number: string): Promise<VerifyResult> {
    const row = await this.repo.certByNumber(number);
    const list = await this.revocationList();
    const base = { number, listVersion: list.version, listIssuedAt: list.issuedAt };
    if (!row?.credential || !row.signature)
      return { ...base, verdict: 'unknown', subject: null, issuedAt: null, revokedAt: null };
    const { verdict, revokedAt } = await this.verifySigned(
      { credential: JSON.parse(row.credential) as CertificateCredential, signature: row.signature },
      list,
    );
    return { ...base, verdict, subject: row.enterprise_name, issuedAt: Number(row.issued_at), revokedAt };
  }

  /** Verifies a presented signed record (as an offline verifier would, with the server's list). */
  async verifySigned(
    signed: { credential: CertificateCredential; signature: string },
    list?: RevocationList,
  ): Promise<{ verdict: CertVerdict; revokedAt: number | null }> {
    const revocations = list ?? (await this.revocationList());
    const key = (await this.keys.publicKeys()).get(signed.credential.issuer.keyId);
    if (!key) return { verdict: 'unknown_key', revokedAt: null };
    const signature = fromBase64Url(signed.signature);
    if (
      signature?.length !== 64 ||
      !CertificateKeys.check(key.key, credentialBytes(signed.credential), signature)
    )
      return { verdict: 'tampered', revokedAt: null };
    const hit = revocations.revoked.find((r) => r.number === signed.credential.credentialStatus.number);
    return hit ? { verdict: 'revoked', revokedAt: hit.at } : { verdict: 'valid', revokedAt: null };
  }

  /* ---------- export clearance appointments ---------- */

  async listSlots(from: number, until: number): Promise<Slot[]> {
    return (await this.repo.slots(from, until)).map((s) => ({
      id: Number(s.id),
      office: s.office,
      startsAt: Number(s.starts_at),
      capacity: Number(s.capacity),
      booked: Number(s.booked),
      greenOnly: Number(s.green_only) === 1,
    }));
  }

  async addSlot(
    actor: Actor,
    body: { office: string; startsAt: number; capacity: number; greenOnly: boolean },
    requestId: string,
  ): Promise<Slot> {
    const root = scopePaths(actor, 'customs.clear')[0];
    if (!root) throw notFound();
    const id = await inTransaction(this.db, async (trx) => {
      const newId = await this.repo.insertSlot(
        {
          node_path: root,
          office: body.office,
          starts_at: body.startsAt,
          capacity: body.capacity,
          booked: 0,
          green_only: body.greenOnly ? 1 : 0,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'customs.slot-added',
        entityType: 'customs_slot',
        entityId: newId,
        nodePath: root,
        detail: body,
        requestId,
      });
      return newId;
    });
    return (await this.listSlots(body.startsAt, body.startsAt + 1)).find((s) => s.id === id)!;
  }

  private toBooking(r: BookingRow): Booking {
    return {
      id: Number(r.id),
      receipt: r.receipt,
      enterpriseId: Number(r.enterprise_id),
      enterpriseName: r.enterprise_name,
      slotId: Number(r.slot_id),
      office: r.office,
      startsAt: Number(r.starts_at),
      goods: r.goods,
      hsCode: r.hs_code,
      quantity: Number(r.quantity),
      weightKg: Number(r.weight_kg),
      valueUsd: Number(r.value_usd),
      destination: r.destination,
      transport: r.transport as Booking['transport'],
      port: r.port,
      green: Number(r.green) === 1,
      status: r.status as Booking['status'],
      clearedAt: r.cleared_at === null ? null : Number(r.cleared_at),
      cancelReason: r.cancel_reason,
    };
  }

  /**
   * Books a place: notice of 24 h (8 h for certified firms) unless green-channel goods; a
   * green-only slot takes green goods only; the place is taken by one guarded update, so the last
   * place of a slot is booked once under concurrency. Accepted at once with a receipt number.
   */
  async book(actor: Actor, body: BookingBody, requestId: string, now = Date.now()): Promise<Booking> {
    const enterprise = await this.mine(actor);
    const slot = await this.repo.slot(body.slotId);
    if (!slot) throw notFound();
    if (Number(slot.green_only) === 1 && !body.green) {
      throw new AppError('SLOT_GREEN_ONLY', 409, {}, [
        { field: 'green', in: 'body', code: 'SLOT_GREEN_ONLY' },
      ]);
    }
    const notice = Number(enterprise.certified) === 1 ? CERTIFIED_NOTICE_MS : NOTICE_MS;
    if (!body.green && Number(slot.starts_at) - now < notice) {
      throw new AppError('BOOKING_NOTICE', 400, { hours: notice / 3600_000 }, [
        { field: 'slotId', in: 'body', code: 'BOOKING_NOTICE' },
      ]);
    }
    if (body.green && Number(slot.starts_at) < now) throw new AppError('BOOKING_NOTICE', 400, { hours: 0 });
    const id = await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.takePlace(body.slotId, trx))) throw new AppError('SLOT_FULL', 409);
      const newId = await this.repo.insertBooking(
        {
          receipt: `YYQ${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
          enterprise_id: Number(enterprise.id),
          node_path: enterprise.node_path,
          slot_id: body.slotId,
          goods: body.goods,
          hs_code: body.hsCode,
          quantity: body.quantity,
          weight_kg: body.weightKg,
          value_usd: body.valueUsd,
          destination: body.destination,
          transport: body.transport,
          port: body.port,
          green: body.green ? 1 : 0,
          status: 'accepted',
          created_at: now,
          cleared_at: null,
          cancel_reason: null,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'customs.booked',
        entityType: 'customs_booking',
        entityId: newId,
        nodePath: enterprise.node_path,
        detail: { slotId: body.slotId, goods: body.goods, destination: body.destination },
        requestId,
      });
      return newId;
    });
    return this.toBooking((await this.repo.booking(id))!);
  }

  private async visibleBooking(actor: Actor, id: number): Promise<{ row: BookingRow; own: boolean }> {
    const row = await this.repo.booking(id);
    if (!row) throw notFound();
    if (canAccessPath(actor, 'customs.clear', row.node_path)) return { row, own: false };
    const mine = await this.repo.enterpriseOf(actor.id);
    if (mine && Number(mine.id) === Number(row.enterprise_id)) return { row, own: true };
    throw notFound();
  }

  async listBookings(actor: Actor): Promise<Booking[]> {
    const rows = hasPermission(actor, 'customs.clear')
      ? await this.repo.listBookings(
          { scope: (c) => pathInScope(c, scopePaths(actor, 'customs.clear')) },
          200,
        )
      : await this.repo.listBookings({ enterpriseId: Number((await this.mine(actor)).id) }, 200);
    return rows.map((r) => this.toBooking(r));
  }

  async cancel(actor: Actor, id: number, reason: string, requestId: string): Promise<Booking> {
    const { row } = await this.visibleBooking(actor, id);
    await inTransaction(this.db, async (trx) => {
      if (
        (await this.repo.moveBooking(id, 'accepted', { status: 'cancelled', cancel_reason: reason }, trx)) ===
        0
      )
        throw state('BOOKING_STATE', row.status);
      await this.repo.releasePlace(Number(row.slot_id), trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'customs.cancelled',
        entityType: 'customs_booking',
        entityId: id,
        nodePath: row.node_path,
        detail: { reason },
        requestId,
      });
    });
    return this.toBooking((await this.repo.booking(id))!);
  }

  async clear(actor: Actor, id: number, body: { weightKg: number; valueUsd: number }, requestId: string) {
    const row = await loadInScope(actor, 'customs.clear', this.repo.booking(id));
    const now = Date.now();
    await inTransaction(this.db, async (trx) => {
      const set = { status: 'cleared', cleared_at: now, weight_kg: body.weightKg, value_usd: body.valueUsd };
      if ((await this.repo.moveBooking(id, 'accepted', set, trx)) === 0)
        throw state('BOOKING_STATE', row.status);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'customs.cleared',
        entityType: 'customs_booking',
        entityId: id,
        nodePath: row.node_path,
        detail: body,
        requestId,
      });
      await this.events.append(trx, {
        type: 'customs.cleared',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'customs.clear',
        payload: {
          bookingId: id,
          enterprise: row.enterprise_name,
          goods: row.goods,
          destination: row.destination,
          tonnes: Math.round(body.weightKg / 10) / 100,
          valueUsd: body.valueUsd,
        },
      });
    });
    return this.toBooking((await this.repo.booking(id))!);
  }

  /** Cleared tonnes and value by month and destination, with the same month last year beside them. */
  async stats(actor: Actor, by: StatsDimension = 'destination'): Promise<ExportStat[]> {
    const scope = (c: string) => pathInScope(c, scopePaths(actor, 'customs.clear'));
    const [rows, last] = await Promise.all([this.repo.stats(scope, by), this.repo.prior(scope, by)]);
    const prior = new Map(last.map((r) => [`${r.month}|${r.key}`, r]));
    const change = (now: number, before: number | null) =>
      before ? Math.round(((now - before) / before) * 10_000) / 100 : null;
    return rows.map((r) => {
      const [y, m] = r.month.split('-');
      const before = prior.get(`${Number(y) - 1}-${m}|${r.key}`);
      const tonnes = Number(r.weight_kg) / 1000;
      const valueUsd = Number(r.value_usd);
      const lastYearTonnes = before ? Number(before.weight_kg) / 1000 : null;
      const lastYearValueUsd = before ? Number(before.value_usd) : null;
      return {
        month: r.month,
        key: r.key,
        label: r.label,
        tonnes,
        valueUsd,
        lastYearTonnes,
        lastYearValueUsd,
        tonnesChange: change(tonnes, lastYearTonnes),
        valueChange: change(valueUsd, lastYearValueUsd),
      };
    });
  }

  /**
   * Last year's figures from a sheet: every row validated, each failing field reported by row;
   * one failing row and nothing is written. A valid sheet replaces its months under the node, in
   * one transaction with its audit row.
   */
  async importPrior(
    actor: Actor,
    nodeId: number,
    rows: Array<{ row: number; body: unknown }>,
    requestId: string,
  ): Promise<PriorImportReport> {
    const node = await loadInScope(actor, 'customs.clear', this.repo.node(nodeId));
    const errors: PriorImportReport['errors'] = [];
    const lines: PriorLine[] = [];
    for (const r of rows) {
      const parsed = priorLineSchema.safeParse(r.body);
      if (parsed.success) lines.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          errors.push({
            row: r.row,
            field: String(issue.path[0] ?? ''),
            code: /^[A-Z_]+$/.test(issue.message)
              ? issue.message
              : issue.code === 'invalid_type'
                ? 'REQUIRED'
                : 'INVALID',
          });
    }
    if (errors.length > 0) return { rowsRead: rows.length, imported: 0, months: [], errors };
    const months = [...new Set(lines.map((l) => l.month))].sort();
    const now = Date.now();
    await inTransaction(this.db, async (trx) => {
      await this.repo.replacePrior(
        node.path,
        months,
        lines.map((l) => ({
          node_path: node.path,
          month: l.month,
          hs_code: l.hsCode,
          goods: l.goods,
          destination: l.destination,
          credit_code: l.creditCode,
          firm: l.firm,
          weight_kg: l.tonnes * 1000,
          value_usd: l.valueUsd,
          imported_by: actor.id,
          imported_at: now,
        })),
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'customs.prior-imported',
        entityType: 'node',
        entityId: node.id,
        nodePath: node.path,
        detail: { lines: lines.length, months },
        requestId,
      });
    });
    return { rowsRead: rows.length, imported: lines.length, months, errors };
  }
}
