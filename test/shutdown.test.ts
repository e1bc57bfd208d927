import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type ClientRequest, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './dialects.ts';
import { buildTestApp, type Client, type TestApp, waitFor } from './helpers.ts';
import {
  baseUrlOf,
  MULTIPART_TAIL,
  MULTIPART_TYPE,
  multipartHead,
  openStream,
  PDF_BYTES,
} from './platform.ts';

describe.each(dialects)('graceful shutdown on %s', (dialect) => {
  let t: TestApp;
  let uploader: Client;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    uploader = await t.as('official', '210881');
  });
  afterAll(() => t.close());

  it('lets an in-flight upload finish, ends live streams, refuses new work, then closes', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    const base = baseUrlOf(t.app.server);
    const stream = await openStream(base, uploader.cookie);
    const node = await t.node('210881');
    const head = multipartHead('slow.pdf');
    let req!: ClientRequest;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/files?ownerType=node&ownerId=${node.id}`,
          headers: {
            cookie: uploader.cookie,
            'x-csrf-token': uploader.csrf,
            'content-type': MULTIPART_TYPE,
            'content-length': String(head.length + PDF_BYTES.length + MULTIPART_TAIL.length),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
    });
    req.write(head);
    req.write(PDF_BYTES.subarray(0, 10));
    // In flight: the server is streaming the part into its temporary file.
    await waitFor(
      () =>
        existsSync(join(t.dataDir, 'files', 'tmp')) &&
        readdirSync(join(t.dataDir, 'files', 'tmp')).length > 0,
      {
        message: 'upload in flight',
      },
    );
    const started = Date.now();
    const closing = t.app.close();
    const refused = await waitFor(
      () =>
        fetch(`${base}/readyz`).then(
          (res) => res.status === 503 && res.status,
          () => 'connection refused',
        ),
      { message: 'new work refused' },
    );
    expect([503, 'connection refused']).toContain(refused);
    // Only now does the upload finish: the close began while it was in flight.
    req.end(Buffer.concat([PDF_BYTES.subarray(10), MULTIPART_TAIL]));

    const uploaded = await answer;
    expect(uploaded.status).toBe(201);
    expect(JSON.parse(uploaded.body).name).toBe('slow.pdf');
    await closing;
    expect(Date.now() - started).toBeLessThan(2_000);
    stream.close();
    const row = await t.ctx.db
      .selectFrom('files')
      .select('id')
      .where('name', '=', 'slow.pdf')
      .executeTakeFirst();
    expect(row).toBeDefined();
  });
});

describe('xinghuo serve as a process', () => {
  it('serves, answers /healthz, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinghuo-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/xinghuo.ts', 'serve'], {
      env: {
        ...process.env,
        XINGHUO_DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
        XINGHUO_DATA_DIR: dir,
        XINGHUO_PORT: '0',
        XINGHUO_HOST: '127.0.0.1',
        XINGHUO_DEMO: 'off',
        XINGHUO_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 30_000);
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /running at (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
