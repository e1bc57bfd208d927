import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CliContext } from '../src/cli/context.ts';
import type { Config } from '../src/server/config.ts';
import { connectDatabase, type DatabaseHandle } from '../src/server/core/db/index.ts';
import { PG_URL } from './dialects.ts';
import type { TestApp } from './helpers.ts';

/** A webhook receiver on 127.0.0.1 that answers with the next status in `statuses` (the last repeats). */
export interface Receiver {
  url: string;
  received: Array<{ headers: IncomingHttpHeaders; body: string }>;
  statuses: number[];
  /** Milliseconds to wait before answering (to provoke a timeout). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startReceiver(statuses: number[] = [200]): Promise<Receiver> {
  let server: Server;
  const receiver: Receiver = {
    url: '',
    received: [],
    statuses,
    delayMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const index = Math.min(receiver.received.length - 1, receiver.statuses.length - 1);
      setTimeout(() => {
        res.statusCode = receiver.statuses[index] ?? 200;
        res.end('ok');
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export const MULTIPART_BOUNDARY = '----xinghuo-test-boundary';
export const MULTIPART_TYPE = `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;

/** The opening of one file part named `file` (the part every upload route reads), up to its bytes. */
export function multipartHead(filename: string): Buffer {
  return Buffer.from(
    `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
}

export const MULTIPART_TAIL = Buffer.from(`\r\n--${MULTIPART_BOUNDARY}--\r\n`);

/**
 * A multipart/form-data body for inject: one file part, or more after it in `more` (the routes read
 * only the parts' bytes and names, never their declared type). The only builder the tests use.
 */
export function multipart(
  filename: string,
  content: Buffer | string,
  more: Array<{ filename: string; content: Buffer | string }> = [],
): { payload: Buffer; headers: Record<string, string> } {
  const parts = [{ filename, content }, ...more].map((part, i) =>
    Buffer.concat([
      ...(i > 0 ? [Buffer.from('\r\n')] : []),
      multipartHead(part.filename),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
    ]),
  );
  return { payload: Buffer.concat([...parts, MULTIPART_TAIL]), headers: { 'content-type': MULTIPART_TYPE } };
}

export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** mulberry32: a small seeded PRNG, so a failing random case reproduces from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A CLI context over a test database, collecting what the command prints. */
export function testCli(
  config: Config,
  open: () => DatabaseHandle,
): { cli: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cli: { config, open, out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

/** Opens another handle on a test app's database: the same PostgreSQL schema, or the shared SQLite handle. */
export function reopen(t: TestApp): () => DatabaseHandle {
  if (t.dialect === 'postgres')
    return () => connectDatabase(PG_URL, { schema: t.database.schema, poolSize: 2 });
  return () => ({ ...t.ctx.dbh, close: async () => {} });
}

export interface SseFrame {
  id: number;
  type: string;
  data: { id: number; type: string; nodePath: string; payload: Record<string, unknown> };
}

/** A live /api/events/stream read over real HTTP with fetch, frames parsed as they arrive. */
export interface SseStream {
  frames: SseFrame[];
  /** Resolves once a frame matches, or rejects after timeoutMs. */
  waitFor(match: (frame: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  close(): void;
}

export async function openStream(baseUrl: string, cookie: string, lastEventId?: number): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/events/stream`, {
    headers: { cookie, ...(lastEventId != null ? { 'last-event-id': String(lastEventId) } : {}) },
    signal: controller.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => /^(id|event|data): /.test(line))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.id && fields.data) {
            frames.push({ id: Number(fields.id), type: fields.event ?? '', data: JSON.parse(fields.data) });
            for (const wake of waiters) wake();
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    frames,
    waitFor(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${frames.map((f) => f.type).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

export function baseUrlOf(server: { address(): unknown }): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
