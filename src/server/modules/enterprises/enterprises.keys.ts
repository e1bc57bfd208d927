import { createPrivateKey, type KeyObject, sign, verify } from 'node:crypto';
import { fromBase64Url, toBase64Url } from '../../../contracts/passes.ts';
import { newKeyPair, publicKeyFromRaw, unseal } from '../passes/index.ts';
import type { EnterprisesRepository } from './enterprises.repository.ts';

/**
 * The trade council's certificate key: Ed25519, its private half sealed with the same master key
 * as the pass keys (the database alone never yields it), created on first use.
 */
export class CertificateKeys {
  private signer: { id: number; key: KeyObject } | undefined;
  private publics = new Map<number, { raw: Uint8Array; key: KeyObject }>();

  constructor(
    private readonly repo: EnterprisesRepository,
    private readonly master: Buffer,
  ) {}

  async active(): Promise<{ id: number; key: KeyObject }> {
    if (this.signer) return this.signer;
    let rows = await this.repo.keys();
    if (rows.length === 0) {
      await this.repo.insertFirstKey(newKeyPair(this.master));
      rows = await this.repo.keys();
    }
    const row = rows[rows.length - 1]!;
    this.signer = {
      id: row.id,
      key: createPrivateKey({ key: unseal(this.master, row.private_key), format: 'der', type: 'pkcs8' }),
    };
    return this.signer;
  }

  async publicKeys(): Promise<Map<number, { raw: Uint8Array; key: KeyObject }>> {
    if (this.publics.size === 0) {
      for (const row of await this.repo.keys()) {
        const raw = fromBase64Url(row.public_key)!;
        this.publics.set(row.id, { raw, key: publicKeyFromRaw(raw) });
      }
    }
    return this.publics;
  }

  static sign(key: KeyObject, bytes: Uint8Array): string {
    return toBase64Url(sign(null, bytes, key));
  }

  static check(key: KeyObject, bytes: Uint8Array, signature: Uint8Array): boolean {
    return verify(null, bytes, key, signature);
  }
}
