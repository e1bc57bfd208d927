import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, Client, type TestApp } from '../../../../test/helpers.ts';
import { SESSION_SCRIPT_ID } from './web-shell.ts';

const INDEX = `<!doctype html><html><head><title>x</title>
<link rel="preload" href="/api/auth/session" as="fetch" crossorigin="anonymous" />
<script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`;
const SCRIPT = 'export const hello = "world";'.repeat(50);

function inlinedSession(html: string): unknown {
  const m = html.match(
    new RegExp(`<script type="application/json" id="${SESSION_SCRIPT_ID}">([^<]*)</script>`),
  );
  return m ? JSON.parse(m[1]!) : undefined;
}

describe('web shell', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'xinghuo-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'sw.js'), '// worker');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(webDir, 'assets', 'index-abc123.js.br'), brotliCompressSync(SCRIPT));
    t = await buildTestApp('sqlite', { regions: false, config: { webDir } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('inlines the signed-in session in the page, escaped so a name cannot close the script', async () => {
    const user = await t.createUser([], '</script><script>alert(1)</script>');
    const client = new Client(t.app);
    await client.login(user.phone);
    for (const path of ['/', '/dashboard', '/index.html']) {
      const res = await client.get(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.body).not.toContain('<script>alert(1)');
      expect(res.body).not.toContain('href="/api/auth/session"'); // no second request for it
      const session = inlinedSession(res.body) as { me: { id: number; name: string; csrfToken: string } };
      expect(session.me).toMatchObject({ id: user.id, name: '</script><script>alert(1)</script>' });
      expect(session.me.csrfToken).toBe(client.csrf);
    }
  });

  it('tells a signed-out page there is no session, without a request that fails', async () => {
    const res = await t.anonymous().get('/gate');
    expect(inlinedSession(res.body)).toEqual({ me: null });
    const expired = await t.anonymous().get('/gate', { cookie: 'xh_session=not-a-session' });
    expect(inlinedSession(expired.body)).toEqual({ me: null });
  });

  it('serves hashed assets immutable and precompressed, other files revalidated', async () => {
    const asset = await t.anonymous().get('/assets/index-abc123.js', { 'accept-encoding': 'br, gzip' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.rawPayload.length).toBeLessThan(SCRIPT.length / 5);
    const plain = await t.anonymous().get('/assets/index-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const worker = await t.anonymous().get('/sw.js');
    expect(worker.headers['cache-control']).toBe('no-cache');
  });

  it('leaves unknown API paths to the API', async () => {
    const res = await t.anonymous().get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
