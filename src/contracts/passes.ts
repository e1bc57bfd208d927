import { z } from 'zod';
import type { Locale } from './common.ts';
import { type MessageCode, translate } from './messages.ts';

/**
 * The pass code: 20 payload bytes and a 64-byte Ed25519 signature over them, base64url-encoded
 * (112 characters). Shared by the server, which issues and checks it, and the gate page, which
 * verifies it offline. It carries no name and no ID number.
 *
 *   0     version (1)
 *   1     kind (1 person, 2 vehicle)
 *   2–3   key id (uint16)
 *   4–7   pass id (uint32)
 *   8–11  compound node id (uint32)
 *   12–15 valid from, epoch seconds (uint32)
 *   16–19 valid until, epoch seconds (uint32)
 */
export const PASS_VERSION = 1;
export const PAYLOAD_BYTES = 20;
export const SIGNATURE_BYTES = 64;
export const CODE_BYTES = PAYLOAD_BYTES + SIGNATURE_BYTES;
export const CODE_LENGTH = 112;
/** How far a gate's clock may drift from the issuer's before a window edge refuses a pass. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const PASS_KINDS = ['person', 'vehicle'] as const;
export type PassKind = (typeof PASS_KINDS)[number];
export const LANES = ['person', 'vehicle'] as const;
export type Lane = (typeof LANES)[number];

export interface PassPayload {
  kind: PassKind;
  keyId: number;
  passId: number;
  compoundId: number;
  validFrom: number;
  validUntil: number;
}

export interface DecodedPass extends PassPayload {
  payload: Uint8Array;
  signature: Uint8Array;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

/** Strict base64url without padding; null for any other character or an impossible length. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let j = 0; j < 4; j += 1) {
      const c = chunk[j];
      const v = c === undefined ? 0 : B64_INDEX.get(c);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (chunk.length > 2) out[o++] = (n >> 8) & 255;
    if (chunk.length > 3) out[o++] = n & 255;
  }
  return out;
}

export function encodePayload(p: PassPayload): Uint8Array {
  const bytes = new Uint8Array(PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, PASS_VERSION);
  view.setUint8(1, p.kind === 'person' ? 1 : 2);
  view.setUint16(2, p.keyId);
  view.setUint32(4, p.passId);
  view.setUint32(8, p.compoundId);
  view.setUint32(12, Math.floor(p.validFrom / 1000));
  view.setUint32(16, Math.floor(p.validUntil / 1000));
  return bytes;
}

export function joinCode(payload: Uint8Array, signature: Uint8Array): string {
  const all = new Uint8Array(CODE_BYTES);
  all.set(payload, 0);
  all.set(signature, PAYLOAD_BYTES);
  return toBase64Url(all);
}

/** Parses a presented code; null when it is not a well-formed pass (truncated, not base64url, unknown version). */
export function decodePassCode(code: string): DecodedPass | null {
  const text = code.trim();
  if (text.length !== CODE_LENGTH) return null;
  const bytes = fromBase64Url(text);
  if (!bytes || bytes.length !== CODE_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kindByte = view.getUint8(1);
  if (view.getUint8(0) !== PASS_VERSION || (kindByte !== 1 && kindByte !== 2)) return null;
  return {
    kind: kindByte === 1 ? 'person' : 'vehicle',
    keyId: view.getUint16(2),
    passId: view.getUint32(4),
    compoundId: view.getUint32(8),
    validFrom: view.getUint32(12) * 1000,
    validUntil: view.getUint32(16) * 1000,
    payload: bytes.slice(0, PAYLOAD_BYTES),
    signature: bytes.slice(PAYLOAD_BYTES),
  };
}

/*
 * The short code: 10 characters a keeper can type when the QR will not scan (a 112-character code
 * cannot be typed). Crockford base32 (no I, L, O, U): 6 characters of pass id (up to 2^30), 3 of a
 * tag — the first 15 bits of SHA-256 of the full signed code, which only its holder and the server
 * know — and a check character that catches any single mistyped character. Shown as XXXXX-XXXXX.
 * It carries no signature: the server verifies it online by looking the pass up (decision 0400).
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CROCKFORD_INDEX = new Map([...CROCKFORD].map((c, i) => [c, i]));
export const SHORT_CODE_LENGTH = 10;

function checkChar(values: number[]): number {
  // Odd weights are invertible mod 32, so every single-character substitution changes the sum.
  return values.reduce((sum, v, i) => sum + v * (2 * i + 1), 0) % 32;
}

/** passId and the code's 15-bit tag (from the server's SHA-256 of the full code) → ABCDE-FGHJK. */
export function formatShortCode(passId: number, tag: number): string {
  const values: number[] = [];
  for (let i = 5; i >= 0; i -= 1) values.push(Math.floor(passId / 32 ** i) % 32);
  for (let i = 2; i >= 0; i -= 1) values.push(Math.floor(tag / 32 ** i) % 32);
  values.push(checkChar(values));
  const text = values.map((v) => CROCKFORD[v]).join('');
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** Reads a typed short code (any case, spaces or dashes, O for 0, I or L for 1); null if it is not one. */
export function parseShortCode(input: string): { passId: number; tag: number } | null {
  const text = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== SHORT_CODE_LENGTH) return null;
  const values: number[] = [];
  for (const ch of text) {
    const v = CROCKFORD_INDEX.get(ch);
    if (v === undefined) return null;
    values.push(v);
  }
  if (checkChar(values.slice(0, 9)) !== values[9]) return null;
  const passId = values.slice(0, 6).reduce((n, v) => n * 32 + v, 0);
  const tag = values.slice(6, 9).reduce((n, v) => n * 32 + v, 0);
  return { passId, tag };
}

export const PASS_REASONS = [
  'ok',
  'malformed',
  'unknown_key',
  'retired_key',
  'forged',
  'tampered',
  'revoked',
  // Revoked because a new pass was issued in its place (换发): the holder has a valid one.
  'replaced',
  'expired',
  'not_yet_valid',
  'wrong_compound',
  'wrong_lane',
  'quota_used',
] as const;
export type PassReason = (typeof PASS_REASONS)[number];
export const passReasonSchema = z.enum(PASS_REASONS);

const PASS_REASON_MESSAGE: Record<PassReason, MessageCode> = {
  ok: 'PASS_OK',
  malformed: 'PASS_MALFORMED',
  unknown_key: 'PASS_UNKNOWN_KEY',
  retired_key: 'PASS_RETIRED_KEY',
  forged: 'PASS_FORGED',
  tampered: 'PASS_TAMPERED',
  revoked: 'PASS_REVOKED',
  replaced: 'PASS_REPLACED',
  expired: 'PASS_EXPIRED',
  not_yet_valid: 'PASS_NOT_YET_VALID',
  wrong_compound: 'PASS_WRONG_COMPOUND',
  wrong_lane: 'PASS_WRONG_LANE',
  quota_used: 'PASS_QUOTA_USED',
};

/** What a scan's reason reads as: the gate page and the server's entry export print the same words. */
export function passReasonText(reason: PassReason, locale: Locale): string {
  return translate(PASS_REASON_MESSAGE[reason], locale);
}

export const KEY_STATUSES = ['active', 'verifying', 'retired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export interface VerifyKey {
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  status: KeyStatus;
}

export interface VerifyContext {
  keys: ReadonlyMap<number, VerifyKey>;
  revoked: ReadonlySet<number>;
  now: number;
  compoundId: number;
  lane: Lane;
}

export type SignatureCheck = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>;

/**
 * The checks every verifier applies, in order: form, key, signature, revocation, validity window
 * (with CLOCK_SKEW_MS either side), compound, lane. The server adds the household quota, which a
 * device offline cannot know, and tells a tampered copy of a real pass from a forgery.
 */
export async function verifyPassCode(
  code: string,
  context: VerifyContext,
  checkSignature: SignatureCheck,
): Promise<{ reason: PassReason; pass: DecodedPass | null }> {
  const pass = decodePassCode(code);
  if (!pass) return { reason: 'malformed', pass: null };
  const key = context.keys.get(pass.keyId);
  if (!key) return { reason: 'unknown_key', pass };
  if (key.status === 'retired') return { reason: 'retired_key', pass };
  if (!(await checkSignature(key.publicKey, pass.payload, pass.signature))) return { reason: 'forged', pass };
  return { reason: checkClaims(pass, context), pass };
}

/** The checks after the signature: revocation, window, compound, lane. */
export function checkClaims(
  pass: PassPayload,
  context: Pick<VerifyContext, 'revoked' | 'now' | 'compoundId' | 'lane'>,
): PassReason {
  if (context.revoked.has(pass.passId)) return 'revoked';
  if (context.now < pass.validFrom - CLOCK_SKEW_MS) return 'not_yet_valid';
  if (context.now > pass.validUntil + CLOCK_SKEW_MS) return 'expired';
  if (pass.compoundId !== context.compoundId) return 'wrong_compound';
  if (pass.kind !== context.lane) return 'wrong_lane';
  return 'ok';
}

/* ---------- API schemas ---------- */

export const passRulesSchema = z.strictObject({
  /** How long a newly issued pass is valid. */
  validityDays: z.number().int().min(1).max(366),
  /** Outings allowed per household within quotaDays; 0 = no quota. */
  quotaCount: z.number().int().min(0).max(50),
  quotaDays: z.number().int().min(1).max(30),
});
export type PassRules = z.infer<typeof passRulesSchema>;
export const DEFAULT_RULES: PassRules = { validityDays: 30, quotaCount: 0, quotaDays: 2 };

export const passStatusSchema = z.enum(['active', 'revoked', 'replaced']);

export const passSchema = z.object({
  id: z.number().int(),
  kind: z.enum(PASS_KINDS),
  compoundId: z.number().int(),
  compoundName: z.string(),
  householdId: z.number().int(),
  household: z.string(),
  /** Masked holder name (张*) or the plate. */
  holder: z.string(),
  residentId: z.number().int().nullable(),
  vehicleId: z.number().int().nullable(),
  keyId: z.number().int(),
  validFrom: z.number().int(),
  validUntil: z.number().int(),
  status: passStatusSchema,
  revokeReason: z.string().nullable(),
  code: z.string(),
  /** The 10-character code to type by hand (XXXXX-XXXXX), verified online only. */
  shortCode: z.string(),
  issuedAt: z.number().int(),
});
export type Pass = z.infer<typeof passSchema>;

export const issuePassBodySchema = z.union([
  z.strictObject({ residentId: z.number().int().positive() }),
  z.strictObject({ vehicleId: z.number().int().positive() }),
]);

export const bulkIssueBodySchema = z.strictObject({
  /** A compound, or a community / street / district: every compound below it. */
  nodeId: z.number().int().positive(),
});

export const batchSchema = z.object({
  id: z.number().int(),
  nodeId: z.number().int(),
  status: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  issued: z.number().int(),
  skipped: z.number().int(),
  failure: z.string().nullable(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
});
export type PassBatch = z.infer<typeof batchSchema>;

export const revokeBodySchema = z.strictObject({ reason: z.string().trim().min(2).max(200) });

export const passListQuerySchema = z.strictObject({
  compoundId: z.coerce.number().int().positive(),
  status: passStatusSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const publicKeySchema = z.object({
  keyId: z.number().int(),
  /** Raw Ed25519 public key, base64url. */
  publicKey: z.string(),
  status: z.enum(KEY_STATUSES),
  createdAt: z.number().int(),
});
export type PublicKey = z.infer<typeof publicKeySchema>;

export const keyIdParamsSchema = z.strictObject({ keyId: z.coerce.number().int().positive() });

export const revocationListQuerySchema = z.strictObject({
  /** Only revocations after this revision; 0 for the whole list. */
  since: z.coerce.number().int().min(0).default(0),
});
export const revocationListSchema = z.object({
  /** Pass ids no longer valid in the caller's scope. */
  passIds: z.array(z.number().int()),
  /** Give this back as `since` to fetch only what changed. */
  revision: z.number().int(),
});

export const pdfQuerySchema = z.strictObject({
  kind: z.enum(PASS_KINDS).optional(),
});
