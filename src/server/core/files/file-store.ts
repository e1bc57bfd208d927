import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoredFile } from '../../../contracts/files.ts';
import type { Actor } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { type Db, inTransaction } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { type FileKindName, kindInfo, sniff } from './sniff.ts';

/**
 * A module that owns files says, for an owner id, where the owning record sits in the tree and
 * whether the caller may read or attach to it; null means "not yours" (answered as 404).
 */
export interface FileOwner {
  allowedKinds: readonly FileKindName[];
  /** The owning record's node path if `actor` may attach files to it. */
  canWrite(actor: Actor, ownerId: string): Promise<string | null>;
  canRead(actor: Actor, ownerId: string, nodePath: string): Promise<boolean>;
}

const HEAD_BYTES = 4100;

export function safeFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/'))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .trim();
  const safe = cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
  return safe.slice(-200);
}

/**
 * Content-addressed blob storage: bytes are streamed to a temporary file while hashed and
 * counted, checked, then renamed to files/<aa>/<sha256>. A failed or aborted upload deletes its
 * temporary file; identical content is stored once.
 */
export class FileStore {
  private readonly owners = new Map<string, FileOwner>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly dir: string,
    readonly maxBytes: number,
  ) {}

  registerOwner(type: string, owner: FileOwner): void {
    this.owners.set(type, owner);
  }

  private owner(type: string): FileOwner {
    const owner = this.owners.get(type);
    if (!owner) throw notFound();
    return owner;
  }

  async save(
    actor: Actor,
    input: { ownerType: string; ownerId: string; name: string; stream: Readable; requestId?: string },
  ): Promise<StoredFile> {
    const owner = this.owner(input.ownerType);
    const nodePath = await owner.canWrite(actor, input.ownerId);
    if (!nodePath) throw notFound();
    const name = safeFileName(input.name);
    const tmpDir = join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const headChunks: Buffer[] = [];
    let headLength = 0;
    const maxBytes = this.maxBytes;
    try {
      await pipeline(
        input.stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes)
              throw new AppError('FILE_TOO_LARGE', 413, { limit: `${Math.round(maxBytes / 1048576)} MB` });
            if (headLength < HEAD_BYTES) {
              headChunks.push(chunk);
              headLength += chunk.length;
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
      if ((input.stream as Readable & { truncated?: boolean }).truncated) {
        throw new AppError('FILE_TOO_LARGE', 413, { limit: `${Math.round(maxBytes / 1048576)} MB` });
      }
      if (size === 0)
        throw new AppError('FILE_EMPTY', 400, {}, [{ field: 'file', in: 'file', code: 'FILE_EMPTY' }]);
      const extension = extname(name).slice(1).toLowerCase();
      const kind = sniff(Buffer.concat(headChunks).subarray(0, HEAD_BYTES), extension);
      if (!kind || !owner.allowedKinds.includes(kind) || !kindInfo(kind).extensions.includes(extension)) {
        throw new AppError('FILE_TYPE_MISMATCH', 415, {}, [
          { field: 'file', in: 'file', code: 'FILE_TYPE_MISMATCH' },
        ]);
      }
      const sha256 = hash.digest('hex');
      const finalPath = this.blobPath(sha256);
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      const row = {
        id: randomUUID(),
        sha256,
        size,
        mime: kindInfo(kind).mime,
        name,
        owner_type: input.ownerType,
        owner_id: input.ownerId,
        node_path: nodePath,
        uploaded_by: actor.id,
        created_at: Date.now(),
      };
      await inTransaction(this.db, async (trx) => {
        await trx.insertInto('files').values(row).execute();
        await this.audit.record(trx, {
          actorId: actor.id,
          action: 'file.uploaded',
          entityType: input.ownerType,
          entityId: input.ownerId,
          nodePath,
          detail: { fileId: row.id, name, size, sha256 },
          requestId: input.requestId,
        });
        // Last, so a failed insert or audit leaves no blob behind; identical bytes may already be there.
        await rename(tmp, finalPath);
      });
      return rowToFile(row);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** The file's metadata and a stream of its bytes, if the caller may read the owning record. */
  async open(actor: Actor, id: string): Promise<{ file: StoredFile; stream: Readable }> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const owner = this.owners.get(row.owner_type);
    if (!owner || !(await owner.canRead(actor, row.owner_id, row.node_path))) throw notFound();
    const path = this.blobPath(row.sha256);
    await stat(path).catch(() => {
      throw notFound();
    });
    return { file: rowToFile(row), stream: createReadStream(path) };
  }

  /** The owner's files the caller may read; rows are checked one by one, as on download. */
  async list(actor: Actor, ownerType: string, ownerId: string): Promise<StoredFile[]> {
    const owner = this.owner(ownerType);
    const rows = await this.db
      .selectFrom('files')
      .selectAll()
      .where('owner_type', '=', ownerType)
      .where('owner_id', '=', ownerId)
      .orderBy('created_at')
      .execute();
    const readable = new Map<string, boolean>();
    const visible: StoredFile[] = [];
    for (const row of rows) {
      let ok = readable.get(row.node_path);
      if (ok === undefined) {
        ok = await owner.canRead(actor, ownerId, row.node_path);
        readable.set(row.node_path, ok);
      }
      if (ok) visible.push(rowToFile(row));
    }
    return visible;
  }

  private blobPath(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}

function rowToFile(row: {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  owner_type: string;
  owner_id: string;
  created_at: number;
}): StoredFile {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    createdAt: row.created_at,
  };
}
