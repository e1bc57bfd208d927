import type { ScanBody } from '../../../../contracts/gate.ts';
import {
  fromBase64Url,
  type KeyStatus,
  type PublicKey,
  type VerifyKey,
  verifyPassCode,
} from '../../../../contracts/passes.ts';
import { userStorageKey } from '../../../lib/user-storage.ts';
import { getPassKeys } from '../api/get-pass-keys.ts';
import { getRevocations } from '../api/get-revocations.ts';

/**
 * What a gate phone keeps to verify with the network off: the issuer's public keys, the revocation
 * list (fetched incrementally by revision) and the scans waiting to be synced. localStorage is
 * enough: a few hundred bytes of keys and at most some thousands of revoked ids per jurisdiction.
 */
interface Cache {
  keys: PublicKey[];
  revoked: number[];
  revision: number;
  updatedAt: number;
}

/** Most scans a device holds unsynced: beyond this localStorage fills up and every write fails. */
export const MAX_QUEUE = 2000;

let CACHE = '';
let QUEUE = '';

/**
 * Points the cache and queue at one signed-in user and one area (their gate.scan grants): another
 * keeper on the same phone, or the same keeper after a change of post, starts from empty lists.
 */
export function setOfflineOwner(userId: number, areaPaths: string[]): void {
  const area = [...areaPaths].sort().join('|');
  CACHE = userStorageKey(userId, 'gate-cache', area);
  QUEUE = userStorageKey(userId, 'gate-queue', area);
}

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T) ?? fallback;
  } catch {
    return fallback;
  }
}

export function cached(): Cache {
  return read<Cache>(CACHE, { keys: [], revoked: [], revision: 0, updatedAt: 0 });
}

export async function refreshCache(): Promise<Cache> {
  const before = cached();
  const [keys, list] = await Promise.all([getPassKeys(), getRevocations(before.revision)]);
  const next: Cache = {
    keys,
    revoked: [...new Set([...before.revoked, ...list.passIds])],
    revision: list.revision,
    updatedAt: Date.now(),
  };
  localStorage.setItem(CACHE, JSON.stringify(next));
  return next;
}

export function queued(): ScanBody[] {
  return read<ScanBody[]>(QUEUE, []);
}

/** False when the queue is full: the scan is not kept and the keeper must sync first. */
export function enqueue(scan: ScanBody): boolean {
  const waiting = queued();
  if (waiting.length >= MAX_QUEUE) return false;
  localStorage.setItem(QUEUE, JSON.stringify([...waiting, scan]));
  return true;
}

/** Drops the synced ids; a scan queued meanwhile stays. */
export function dequeue(ids: string[]): void {
  const done = new Set(ids);
  localStorage.setItem(QUEUE, JSON.stringify(queued().filter((s) => !done.has(s.id))));
}

const importedKeys = new Map<string, CryptoKey>();

async function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const id = publicKey.join(',');
  let key = importedKeys.get(id);
  if (!key) {
    key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, [
      'verify',
    ]);
    importedKeys.set(id, key);
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, message as BufferSource);
}

/** Verifies on the device with WebCrypto Ed25519 (a secure context: HTTPS or localhost). */
export async function verifyOffline(code: string, compoundId: number, lane: 'person' | 'vehicle') {
  const cache = cached();
  const keys = new Map<number, VerifyKey>(
    cache.keys.map((k) => [
      k.keyId,
      { publicKey: fromBase64Url(k.publicKey)!, status: k.status as KeyStatus },
    ]),
  );
  return verifyPassCode(
    code,
    { keys, revoked: new Set(cache.revoked), now: Date.now(), compoundId, lane },
    ed25519Verify,
  );
}
