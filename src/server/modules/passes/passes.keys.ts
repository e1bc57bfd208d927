import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64Url, type KeyStatus, toBase64Url, type VerifyKey } from '../../../contracts/passes.ts';
import type { PassesRepository } from './passes.repository.ts';

/**
 * The sealing key for pass private keys: XINGHUO_PASS_MASTER_KEY (32 bytes, base64url) when set —
 * required when several instances share a database — else a file created once in the data
 * directory with mode 0600. The database alone never yields a signing key.
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const given = env.XINGHUO_PASS_MASTER_KEY;
  if (given) {
    const key = fromBase64Url(given);
    if (key?.length !== 32) throw new Error('XINGHUO_PASS_MASTER_KEY must be 32 bytes, base64url');
    return Buffer.from(key!);
  }
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'pass-master.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, toBase64Url(randomBytes(32)), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return Buffer.from(fromBase64Url(readFileSync(file, 'utf8').trim())!);
}

export function seal(master: Buffer, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `v1.${toBase64Url(Buffer.concat([iv, cipher.getAuthTag(), body]))}`;
}

export function unseal(master: Buffer, sealed: string): Buffer {
  const bytes = Buffer.from(fromBase64Url(sealed.slice(3)) ?? []);
  const decipher = createDecipheriv('aes-256-gcm', master, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  return fromBase64Url(key.export({ format: 'jwk' }).x!)!;
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(raw) }, format: 'jwk' });
}

export function newKeyPair(master: Buffer): { publicKey: string; privateKey: string } {
  const pair = generateKeyPairSync('ed25519');
  return {
    publicKey: toBase64Url(rawPublicKey(pair.publicKey)),
    privateKey: seal(master, pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
  };
}

interface LoadedKey extends VerifyKey {
  id: number;
  createdAt: number;
  publicKeyObject: KeyObject;
  sealed: string;
}

/** Keys change rarely (rotation, retirement); another instance's change is seen within this. */
const CACHE_MS = 5000;

/**
 * The pass signing keys: one active key signs, older keys keep verifying until retired. Public
 * halves are cached in memory for the scan hot path; the private half is unsealed on demand.
 */
export class PassKeyring {
  private keys = new Map<number, LoadedKey>();
  private loadedAt = 0;
  private signer: { id: number; key: KeyObject } | undefined;

  constructor(
    private readonly repo: PassesRepository,
    readonly master: Buffer,
  ) {}

  invalidate(): void {
    this.loadedAt = 0;
  }

  async all(): Promise<Map<number, LoadedKey>> {
    if (Date.now() - this.loadedAt < CACHE_MS) return this.keys;
    const rows = await this.repo.keys();
    this.keys = new Map(
      rows.map((r) => {
        const raw = fromBase64Url(r.public_key)!;
        return [
          r.id,
          {
            id: r.id,
            publicKey: raw,
            status: r.status as KeyStatus,
            createdAt: r.created_at,
            publicKeyObject: publicKeyFromRaw(raw),
            sealed: r.private_key,
          },
        ];
      }),
    );
    this.loadedAt = Date.now();
    return this.keys;
  }

  /** The active key, created on first use. */
  async active(): Promise<{ id: number; key: KeyObject }> {
    const keys = await this.all();
    const current = [...keys.values()].find((k) => k.status === 'active');
    if (current && this.signer?.id === current.id) return this.signer;
    if (!current) {
      await this.repo.insertFirstKey(newKeyPair(this.master));
      this.invalidate();
      return this.active();
    }
    this.signer = {
      id: current.id,
      key: createPrivateKey({ key: unseal(this.master, current.sealed), format: 'der', type: 'pkcs8' }),
    };
    return this.signer;
  }

  static sign(key: KeyObject, payload: Uint8Array): Uint8Array {
    return sign(null, payload, key);
  }

  async verify(keyId: number, payload: Uint8Array, signature: Uint8Array): Promise<boolean> {
    const key = (await this.all()).get(keyId);
    return Boolean(key && key.status !== 'retired' && verify(null, payload, key.publicKeyObject, signature));
  }
}
