import { z } from 'zod';
import { idSchema, pageOf, phoneSchema, timestampSchema } from './common.ts';

/* ---------- GB 32100-2015 unified social credit code ---------- */

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a code, or null when one is outside the set. */
export function creditCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = USCC_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** A valid code from its first 17 characters (demo data, tests). */
export function creditCode(first17: string): string {
  return first17 + creditCheckChar(first17);
}

/** 18 characters from the 31-character set (no I, O, S, V, Z), the last one the mod-31 check. */
export function isCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && creditCheckChar(code.slice(0, 17)) === code[17];
}

export const creditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCreditCode, { message: 'CREDIT_CODE_FORMAT' });

/* ---------- regimes and checklists: data, not code ---------- */

export const REGIMES = ['filing', 'report', 'commitment'] as const;
export type Regime = (typeof REGIMES)[number];

export const INDUSTRIES = [
  'manufacturing',
  'chemicals',
  'construction',
  'logistics',
  'online_services',
  'software',
  'retail',
  'catering',
  'hospitality',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export interface ChecklistItem {
  key: string;
  label: { 'zh-CN': string; en: string };
}

/**
 * Which regime an industry files under and which documents its filing needs. Industrial firms
 * file and are reviewed on site (备案制), online services report (报备制), offline services commit
 * (承诺制). A new industry or document is a row here, not a branch in the service.
 */
export const INDUSTRY_RULES: Record<Industry, { regime: Regime; documents: string[] }> = {
  manufacturing: {
    regime: 'filing',
    documents: ['licence', 'staff_list', 'disinfection_plan', 'emergency_plan'],
  },
  chemicals: {
    regime: 'filing',
    documents: ['licence', 'staff_list', 'disinfection_plan', 'emergency_plan', 'safety_permit'],
  },
  construction: { regime: 'filing', documents: ['licence', 'staff_list', 'emergency_plan', 'site_plan'] },
  logistics: { regime: 'filing', documents: ['licence', 'staff_list', 'disinfection_plan'] },
  online_services: { regime: 'report', documents: ['licence'] },
  software: { regime: 'report', documents: ['licence'] },
  retail: { regime: 'commitment', documents: ['licence', 'commitment_letter'] },
  catering: { regime: 'commitment', documents: ['licence', 'commitment_letter', 'disinfection_plan'] },
  hospitality: { regime: 'commitment', documents: ['licence', 'commitment_letter'] },
};

export const DOCUMENT_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  licence: { 'zh-CN': '营业执照', en: 'Business licence' },
  staff_list: { 'zh-CN': '返岗员工名单', en: 'List of returning staff' },
  disinfection_plan: { 'zh-CN': '消毒方案', en: 'Disinfection plan' },
  emergency_plan: { 'zh-CN': '疫情应急预案', en: 'Outbreak emergency plan' },
  safety_permit: { 'zh-CN': '安全生产许可证', en: 'Work-safety permit' },
  site_plan: { 'zh-CN': '工地封闭管理方案', en: 'Closed site management plan' },
  commitment_letter: { 'zh-CN': '复工承诺书', en: 'Signed commitment letter' },
};

export const BUREAUS = ['commerce', 'police', 'market', 'culture_tourism', 'health', 'industry'] as const;
export const BUREAU_NAMES: Record<(typeof BUREAUS)[number], string> = {
  commerce: '商务局',
  police: '公安局',
  market: '市场监督管理局',
  culture_tourism: '文化旅游局',
  health: '卫生健康委',
  industry: '工业和信息化局',
};

/* ---------- enterprises ---------- */

export const ENTERPRISE_SIZES = ['micro', 'small', 'medium', 'large'] as const;

export const enterpriseBodySchema = z.strictObject({
  nodeId: idSchema,
  name: z.string().trim().min(2).max(100),
  creditCode: creditCodeSchema,
  industry: z.enum(INDUSTRIES),
  size: z.enum(ENTERPRISE_SIZES),
  address: z.string().trim().min(2).max(200),
  contactName: z.string().trim().min(1).max(40),
  contactPhone: phoneSchema,
  staffTotal: z.number().int().min(0).max(1_000_000),
  /** An advanced-certified (AEO) firm may book clearance 8 h ahead instead of 24 h. */
  certified: z.boolean().default(false),
});
export type EnterpriseBody = z.infer<typeof enterpriseBodySchema>;

export const enterpriseSchema = z.object({
  id: z.number().int(),
  nodeId: z.number().int(),
  nodeName: z.string(),
  name: z.string(),
  creditCode: z.string(),
  industry: z.enum(INDUSTRIES),
  regime: z.enum(REGIMES),
  size: z.enum(ENTERPRISE_SIZES),
  address: z.string(),
  contactName: z.string(),
  /** Masked (138****0000) except for the enterprise itself. */
  contactPhone: z.string(),
  staffTotal: z.number().int(),
  certified: z.boolean(),
  createdAt: timestampSchema,
});
export type Enterprise = z.infer<typeof enterpriseSchema>;

/* ---------- resumption filings ---------- */

export const FILING_STATUSES = [
  'draft',
  'submitted',
  /** Report and commitment regimes: may operate now, examined later. */
  'provisional',
  'in_review',
  'info_requested',
  'visit_scheduled',
  'visited',
  'approved',
  'rejected',
] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export const FILING_ACTIONS = [
  'submit',
  'start',
  'request',
  'reply',
  'schedule',
  'visit',
  'approve',
  'reject',
] as const;
export type FilingAction = (typeof FILING_ACTIONS)[number];

/**
 * The one table of who may do what from which state. The service applies a transition with a
 * conditional update on `from`, so a reviewer cannot sign off before validation (BOPS #2543) and
 * an enterprise cannot edit after a decision, however the request arrives.
 */
export const FILING_TRANSITIONS: Record<
  FilingAction,
  {
    by: 'enterprise' | 'reviewer';
    from: readonly FilingStatus[];
    /** A narrower `from` for one regime: an industrial filing is approved only after its site visit. */
    fromByRegime?: Partial<Record<Regime, readonly FilingStatus[]>>;
  }
> = {
  submit: { by: 'enterprise', from: ['draft'] },
  start: { by: 'reviewer', from: ['submitted', 'provisional'] },
  request: { by: 'reviewer', from: ['in_review', 'visited'] },
  reply: { by: 'enterprise', from: ['info_requested'] },
  schedule: { by: 'reviewer', from: ['in_review'] },
  visit: { by: 'reviewer', from: ['visit_scheduled'] },
  approve: { by: 'reviewer', from: ['visited', 'in_review'], fromByRegime: { filing: ['visited'] } },
  reject: { by: 'reviewer', from: ['in_review', 'visited', 'info_requested'] },
};

export function allowedFrom(action: FilingAction, regime: Regime): readonly FilingStatus[] {
  const t = FILING_TRANSITIONS[action];
  return t.fromByRegime?.[regime] ?? t.from;
}

/** Where an enterprise may still change its filing. */
export const EDITABLE: readonly FilingStatus[] = ['draft', 'info_requested'];

/** The reply clock of a validation request: 5 days by default (Yingkou asked within the week). */
export const DEFAULT_REPLY_DAYS = 5;

export const filingFormSchema = z.strictObject({
  staffReturning: z.number().int().min(0).max(1_000_000),
  /** Where returning staff come from: place → count. */
  returningFrom: z
    .array(z.strictObject({ place: z.string().trim().min(1).max(60), count: z.number().int().min(0) }))
    .max(50),
  masks: z.number().int().min(0),
  thermometers: z.number().int().min(0),
  disinfectantLitres: z.number().min(0),
  canteen: z.string().trim().max(500),
  dormitory: z.string().trim().max(500),
  disinfectionPlan: z.string().trim().max(2000),
  emergencyPlan: z.string().trim().max(2000),
});
export type FilingForm = z.infer<typeof filingFormSchema>;

export const filingBodySchema = z.strictObject({ form: filingFormSchema });
export const submitBodySchema = z.strictObject({
  /** The legal representative's name typed as the signature of the commitment. */
  signedBy: z.string().trim().min(2).max(40),
});

export const reviewActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({
    action: z.literal('request'),
    document: z.string().min(1).max(40).optional(),
    message: z.string().trim().min(2).max(500),
    replyDays: z.number().int().min(1).max(30).default(DEFAULT_REPLY_DAYS),
  }),
  z.strictObject({
    action: z.literal('schedule'),
    at: timestampSchema,
    bureaus: z.array(z.enum(BUREAUS)).min(1),
  }),
  z.strictObject({
    action: z.literal('visit'),
    findings: z
      .array(
        z.strictObject({
          bureau: z.enum(BUREAUS),
          ok: z.boolean(),
          note: z.string().trim().max(500),
          /** A failed item that opens a rectification order in supervision (its enterprise checklist). */
          rectify: z
            .strictObject({
              item: z.string().min(1).max(40),
              severity: z.enum(['minor', 'major', 'critical']),
            })
            .optional(),
        }),
      )
      .min(1),
    photoFileIds: z.array(z.uuid()).max(20).default([]),
  }),
  z.strictObject({ action: z.literal('approve'), note: z.string().trim().max(500).default('') }),
  z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(2).max(500) }),
]);
export type ReviewActionBody = z.infer<typeof reviewActionBodySchema>;

export const replyBodySchema = z.strictObject({ message: z.string().trim().min(1).max(500) });

export const filingStepSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['submit', 'start', 'request', 'reply', 'schedule', 'visit', 'approve', 'reject']),
  actorName: z.string(),
  at: timestampSchema,
  detail: z.record(z.string(), z.unknown()),
  dueAt: timestampSchema.nullable(),
  closedAt: timestampSchema.nullable(),
});
export type FilingStep = z.infer<typeof filingStepSchema>;

export const filingSchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  nodeName: z.string(),
  regime: z.enum(REGIMES),
  status: z.enum(FILING_STATUSES),
  form: filingFormSchema,
  signedBy: z.string().nullable(),
  submittedAt: timestampSchema.nullable(),
  decidedAt: timestampSchema.nullable(),
  /** The open validation request's deadline, if any. */
  replyDueAt: timestampSchema.nullable(),
  /** Checklist documents not yet uploaded. */
  missing: z.array(z.string()),
  /** The form's places of origin read against the returnee register under the firm's node. */
  staffOrigins: z.array(
    z.object({
      place: z.string(),
      count: z.number().int(),
      originName: z.string().nullable(),
      registered: z.number().int().nullable(),
      isolating: z.number().int().nullable(),
    }),
  ),
  documents: z.array(z.object({ key: z.string(), fileId: z.string(), name: z.string(), sha256: z.string() })),
  steps: z.array(filingStepSchema),
  /** What the reviewer may do now, and what the enterprise may do now. */
  actions: z.array(z.enum(FILING_ACTIONS)),
  createdAt: timestampSchema,
});
export type Filing = z.infer<typeof filingSchema>;

export const filingSummarySchema = filingSchema.pick({
  id: true,
  enterpriseId: true,
  enterpriseName: true,
  nodeName: true,
  regime: true,
  status: true,
  submittedAt: true,
  replyDueAt: true,
  createdAt: true,
});
export const filingListSchema = pageOf(filingSummarySchema);
export const filingQuerySchema = z.strictObject({
  status: z.enum(FILING_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const documentBodySchema = z.strictObject({ key: z.string().min(1).max(40), fileId: z.uuid() });

/* ---------- force-majeure certificates ---------- */

export const EVIDENCE_KINDS = [
  'government_notice',
  'logistics_cancellation',
  'contract',
  'booking',
  'declaration',
  'resumption_filing',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const CERT_STATUSES = [
  'submitted',
  'in_review',
  'info_requested',
  'issued',
  'refused',
  'revoked',
] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];

/** The trade council's target: the same day. Shown to both sides as a clock. */
export const CERT_SLA_MS = 8 * 3600_000;

export const certApplicationBodySchema = z.strictObject({
  contracts: z.array(z.string().trim().min(1).max(60)).min(1).max(20),
  counterparty: z.string().trim().min(2).max(120),
  country: z.string().trim().min(2).max(60),
  obligation: z.string().trim().min(2).max(1000),
  affectedFrom: timestampSchema,
  affectedUntil: timestampSchema,
});
export type CertApplicationBody = z.infer<typeof certApplicationBodySchema>;

export const evidenceBodySchema = z.union([
  z.strictObject({
    kind: z.enum(EVIDENCE_KINDS).exclude(['resumption_filing']),
    title: z.string().trim().min(2).max(120),
    fileId: z.uuid(),
    /** The digest the applicant computed; refused when it is not the stored file's. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** One click: the enterprise's approved resumption filing, pinned by the digest of its record. */
  z.strictObject({ kind: z.literal('resumption_filing'), filingId: idSchema }),
]);

export const certDecisionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('request'), message: z.string().trim().min(2).max(500) }),
  z.strictObject({ action: z.literal('council'), reference: z.string().trim().min(2).max(60) }),
  z.strictObject({ action: z.literal('issue') }),
  z.strictObject({ action: z.literal('refuse'), reason: z.string().trim().min(2).max(500) }),
  z.strictObject({ action: z.literal('revoke'), reason: z.string().trim().min(2).max(500) }),
]);

export const evidenceSchema = z.object({
  id: z.number().int(),
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string(),
  sha256: z.string(),
  fileId: z.string().nullable(),
});

/** The signed record, in the manner of a W3C verifiable credential (VC 2.0). */
export interface CertificateCredential {
  type: ['VerifiableCredential', 'ForceMajeureCertificate'];
  id: string;
  issuer: { name: string; keyId: number };
  validFrom: number;
  credentialSubject: {
    name: string;
    creditCode: string;
    counterparty: string;
    country: string;
    contracts: string[];
    obligation: string;
    affectedFrom: number;
    affectedUntil: number;
  };
  evidence: Array<{ type: EvidenceKind; name: string; digestSRI: string }>;
  credentialStatus: { type: 'RevocationList'; number: string };
}

export const credentialSchema = z.object({
  type: z.tuple([z.literal('VerifiableCredential'), z.literal('ForceMajeureCertificate')]),
  id: z.string(),
  issuer: z.object({ name: z.string(), keyId: z.number().int() }),
  validFrom: z.number().int(),
  credentialSubject: z.object({
    name: z.string(),
    creditCode: z.string(),
    counterparty: z.string(),
    country: z.string(),
    contracts: z.array(z.string()),
    obligation: z.string(),
    affectedFrom: z.number().int(),
    affectedUntil: z.number().int(),
  }),
  evidence: z.array(z.object({ type: z.enum(EVIDENCE_KINDS), name: z.string(), digestSRI: z.string() })),
  credentialStatus: z.object({ type: z.literal('RevocationList'), number: z.string() }),
});

export const signedCertificateSchema = z.object({ credential: credentialSchema, signature: z.string() });
export type SignedCertificate = { credential: CertificateCredential; signature: string };

export const certificateSchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  number: z.string().nullable(),
  status: z.enum(CERT_STATUSES),
  contracts: z.array(z.string()),
  counterparty: z.string(),
  country: z.string(),
  obligation: z.string(),
  affectedFrom: timestampSchema,
  affectedUntil: timestampSchema,
  submittedAt: timestampSchema,
  /** submittedAt + CERT_SLA_MS: the clock both sides see. */
  dueAt: timestampSchema,
  issuedAt: timestampSchema.nullable(),
  councilReference: z.string().nullable(),
  note: z.string().nullable(),
  evidence: z.array(evidenceSchema),
  signed: signedCertificateSchema.nullable(),
});
export type Certificate = z.infer<typeof certificateSchema>;
export const certificateListSchema = pageOf(certificateSchema.omit({ evidence: true, signed: true }));

/* ---------- verification (server and offline alike) ---------- */

export const CERT_VERDICTS = ['valid', 'revoked', 'tampered', 'unknown_key', 'unknown'] as const;
export type CertVerdict = (typeof CERT_VERDICTS)[number];

/** The revocation list: append-only, numbered by version; a verifier never goes back to a lower one. */
export const revocationListSchema = z.object({
  version: z.number().int(),
  issuedAt: timestampSchema,
  revoked: z.array(z.object({ number: z.string(), at: timestampSchema })),
});
export type RevocationList = z.infer<typeof revocationListSchema>;

export const certKeySchema = z.object({ id: z.number().int(), publicKey: z.string() });

export const verifyResultSchema = z.object({
  verdict: z.enum(CERT_VERDICTS),
  number: z.string(),
  subject: z.string().nullable(),
  issuedAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
  listVersion: z.number().int(),
  listIssuedAt: timestampSchema,
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

/** The bytes that are signed: the credential as JSON with keys in a fixed order (the type's). */
export function credentialBytes(c: CertificateCredential): Uint8Array {
  const s = c.credentialSubject;
  const ordered = {
    type: c.type,
    id: c.id,
    issuer: { name: c.issuer.name, keyId: c.issuer.keyId },
    validFrom: c.validFrom,
    credentialSubject: {
      name: s.name,
      creditCode: s.creditCode,
      counterparty: s.counterparty,
      country: s.country,
      contracts: s.contracts,
      obligation: s.obligation,
      affectedFrom: s.affectedFrom,
      affectedUntil: s.affectedUntil,
    },
    evidence: c.evidence.map((e) => ({ type: e.type, name: e.name, digestSRI: e.digestSRI })),
    credentialStatus: { type: c.credentialStatus.type, number: c.credentialStatus.number },
  };
  return new TextEncoder().encode(JSON.stringify(ordered));
}

/**
 * What an offline verifier keeps: the highest list version it has seen and every revocation it has
 * ever seen. Merging a list only adds (dgca-verifier-app-ios #135: a reload must never un-revoke).
 */
export interface RevocationState {
  version: number;
  issuedAt: number;
  revoked: Map<string, number>;
}

export function mergeRevocations(state: RevocationState, list: RevocationList): RevocationState {
  const revoked = new Map(state.revoked);
  for (const r of list.revoked) if (!revoked.has(r.number)) revoked.set(r.number, r.at);
  const newer = list.version > state.version;
  return {
    version: newer ? list.version : state.version,
    issuedAt: newer ? list.issuedAt : state.issuedAt,
    revoked,
  };
}

export type CertSignatureCheck = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>;

/** The checks every verifier applies: key, signature, then revocation. */
export async function verifyCertificate(
  signed: SignedCertificate,
  keys: ReadonlyMap<number, Uint8Array>,
  revocations: RevocationState,
  check: CertSignatureCheck,
  decode: (text: string) => Uint8Array | null,
): Promise<{ verdict: CertVerdict; revokedAt: number | null }> {
  const key = keys.get(signed.credential.issuer.keyId);
  if (!key) return { verdict: 'unknown_key', revokedAt: null };
  const signature = decode(signed.signature);
  if (signature?.length !== 64) return { verdict: 'tampered', revokedAt: null };
  if (!(await check(key, credentialBytes(signed.credential), signature)))
    return { verdict: 'tampered', revokedAt: null };
  const revokedAt = revocations.revoked.get(signed.credential.credentialStatus.number);
  return revokedAt === undefined ? { verdict: 'valid', revokedAt: null } : { verdict: 'revoked', revokedAt };
}

/* ---------- export clearance appointments ---------- */

export const TRANSPORTS = ['water', 'land', 'air', 'rail'] as const;
export const BOOKING_STATUSES = ['accepted', 'cleared', 'cancelled'] as const;
export const NOTICE_MS = 24 * 3600_000;
export const CERTIFIED_NOTICE_MS = 8 * 3600_000;

export const slotBodySchema = z.strictObject({
  office: z.string().trim().min(2).max(60),
  startsAt: timestampSchema,
  capacity: z.number().int().min(1).max(500),
  /** Outside office hours: only green-channel goods (epidemic relief, fresh). */
  greenOnly: z.boolean().default(false),
});

export const bookingBodySchema = z.strictObject({
  slotId: idSchema,
  goods: z.string().trim().min(1).max(120),
  hsCode: z.string().regex(/^\d{6,10}$/, { message: 'HS_CODE_FORMAT' }),
  quantity: z.number().positive(),
  weightKg: z.number().positive(),
  valueUsd: z.number().positive(),
  destination: z.string().trim().min(2).max(60),
  transport: z.enum(TRANSPORTS),
  port: z.string().trim().min(2).max(60),
  green: z.boolean().default(false),
});
export type BookingBody = z.infer<typeof bookingBodySchema>;

export const clearBodySchema = z.strictObject({
  weightKg: z.number().positive(),
  valueUsd: z.number().positive(),
});
export const cancelBodySchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const slotSchema = z.object({
  id: z.number().int(),
  office: z.string(),
  startsAt: timestampSchema,
  capacity: z.number().int(),
  booked: z.number().int(),
  greenOnly: z.boolean(),
});
export type Slot = z.infer<typeof slotSchema>;

export const bookingSchema = z.object({
  id: z.number().int(),
  receipt: z.string(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  slotId: z.number().int(),
  office: z.string(),
  startsAt: timestampSchema,
  goods: z.string(),
  hsCode: z.string(),
  quantity: z.number(),
  weightKg: z.number(),
  valueUsd: z.number(),
  destination: z.string(),
  transport: z.enum(TRANSPORTS),
  port: z.string(),
  green: z.boolean(),
  status: z.enum(BOOKING_STATUSES),
  clearedAt: timestampSchema.nullable(),
  cancelReason: z.string().nullable(),
});
export type Booking = z.infer<typeof bookingSchema>;

/** What the change on last year is read by; every dimension is split by Beijing month too. */
export const STATS_DIMENSIONS = ['destination', 'goods', 'firm', 'month'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];
export const statsQuerySchema = z.strictObject({
  by: z.enum(STATS_DIMENSIONS).default('destination'),
});

export const exportStatsSchema = z.array(
  z.object({
    month: z.string(),
    /** Destination, HS code, firm's credit code (its name when last year's line had none), or ''. */
    key: z.string(),
    label: z.string(),
    tonnes: z.number(),
    valueUsd: z.number(),
    lastYearTonnes: z.number().nullable(),
    lastYearValueUsd: z.number().nullable(),
    /** Change on the same month last year, in per cent; null without last year's figure. */
    tonnesChange: z.number().nullable(),
    valueChange: z.number().nullable(),
  }),
);
export type ExportStat = z.infer<typeof exportStatsSchema>[number];

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'MONTH_FORMAT' });

/** One line of last year's figures as the sheet gives it (columns in `PRIOR_COLUMNS` order). */
export const priorLineSchema = z.strictObject({
  month: monthSchema,
  hsCode: z.string().regex(/^\d{6,10}$/, { message: 'HS_CODE_FORMAT' }),
  goods: z.string().trim().min(1).max(60),
  destination: z.string().trim().min(1).max(40),
  creditCode: z.union([z.literal(''), creditCodeSchema]).default(''),
  firm: z.string().trim().max(100).default(''),
  tonnes: z.coerce.number().min(0).max(1_000_000),
  valueUsd: z.coerce.number().min(0).max(10_000_000_000),
});
export type PriorLine = z.infer<typeof priorLineSchema>;

export const PRIOR_COLUMNS = [
  { key: 'month', zh: '月份（YYYY-MM）' },
  { key: 'hsCode', zh: 'HS 编码' },
  { key: 'goods', zh: '货物' },
  { key: 'destination', zh: '目的地' },
  { key: 'creditCode', zh: '统一社会信用代码' },
  { key: 'firm', zh: '企业' },
  { key: 'tonnes', zh: '重量（吨）' },
  { key: 'valueUsd', zh: '货值（美元）' },
] as const;

/** All or nothing: one bad row and no line of the sheet is kept, so a baseline is never half there. */
export const priorImportReportSchema = z.object({
  rowsRead: z.number(),
  imported: z.number(),
  /** Months replaced by this sheet under the importer's node. */
  months: z.array(z.string()),
  errors: z.array(z.object({ row: z.number(), field: z.string(), code: z.string() })),
});
export type PriorImportReport = z.infer<typeof priorImportReportSchema>;
