import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp, waitFor } from '../../../../test/helpers.ts';
import {
  MULTIPART_BOUNDARY,
  MULTIPART_TYPE,
  multipart,
  multipartHead,
  PDF_BYTES,
  PNG_BYTES,
} from '../../../../test/platform.ts';
import { contentDisposition } from './index.ts';

const MAX_UPLOAD = 64 * 1024;

/** Every file under dir, recursively (blobs and temporary parts alike). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe.each(dialects)('files on %s', (dialect) => {
  let t: TestApp;
  let uploader: Client;
  let village: { id: number; path: string };
  beforeAll(async () => {
    t = await buildTestApp(dialect, { config: { maxUploadBytes: MAX_UPLOAD } });
    uploader = await t.as('volunteer', '210881117');
    village = await t.node('210881117207');
  });
  afterAll(() => t.close());

  const upload = (client: Client, name: string, content: Buffer | string, ownerId = village.id) => {
    const { payload, headers } = multipart(name, content);
    return client.request('POST', `/api/files?ownerType=node&ownerId=${ownerId}`, payload, headers);
  };
  const rowsNamed = (name: string) =>
    t.ctx.db.selectFrom('files').selectAll().where('name', '=', name).execute();
  const blobDir = () => join(t.dataDir, 'files');

  it('stores a PDF, lists it by owner and downloads it with its type and a safe attachment name', async () => {
    const res = await upload(uploader, '防控通知.pdf', PDF_BYTES);
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ name: '防控通知.pdf', mime: 'application/pdf', size: PDF_BYTES.length });
    const list = (await uploader.get(`/api/files?ownerType=node&ownerId=${village.id}`)).json();
    expect(list.map((f: { id: string }) => f.id)).toContain(file.id);
    const download = await uploader.get(`/api/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('防控通知.pdf')}`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(PDF_BYTES)).toBe(true);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'file.uploaded')
      .execute();
    expect(audit.some((a) => JSON.parse(a.detail!).fileId === file.id)).toBe(true);
  });

  it('refuses an empty file', async () => {
    const res = await upload(uploader, 'empty.txt', '');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('FILE_EMPTY');
    expect(await rowsNamed('empty.txt')).toEqual([]);
  });

  it('refuses a file over maxUploadBytes and keeps nothing of it', async () => {
    const before = filesUnder(blobDir()).length;
    const res = await upload(uploader, 'big.txt', 'a'.repeat(MAX_UPLOAD + 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('FILE_TOO_LARGE');
    expect(await rowsNamed('big.txt')).toEqual([]);
    expect(filesUnder(blobDir())).toHaveLength(before);
  });

  it('refuses a PNG named .pdf and an executable, whatever their names say', async () => {
    const png = await upload(uploader, 'scan.pdf', PNG_BYTES);
    expect(png.statusCode).toBe(415);
    expect(png.json().error.code).toBe('FILE_TYPE_MISMATCH');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]);
    expect((await upload(uploader, 'setup.exe', exe)).statusCode).toBe(415);
    expect((await upload(uploader, 'notes.txt', exe)).statusCode).toBe(415);
    expect((await upload(uploader, 'photo.png', PNG_BYTES)).statusCode).toBe(201);
  });

  it('stores a ../../etc/passwd name as a plain base name inside the data directory', async () => {
    const res = await upload(uploader, '../../etc/passwd.txt', 'root:x:0:0');
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe('passwd.txt');
    const back = await upload(uploader, '..\\..\\windows\\win.ini.txt', 'x=1');
    expect(back.json().name).toBe('win.ini.txt');
    for (const path of filesUnder(blobDir())) expect(path.startsWith(blobDir())).toBe(true);
    expect(contentDisposition('a"b;c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%3Bc.txt`,
    );
  });

  it('answers 404 to a download, a list or an upload out of the caller scope, and 403 without files.upload', async () => {
    const file = (await upload(uploader, 'scoped.txt', 'inside')).json();
    const outsider = await t.as('official', '210802');
    expect((await outsider.get(`/api/files/${file.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/files?ownerType=node&ownerId=${village.id}`)).json()).toEqual([]);
    expect((await upload(outsider, 'x.txt', 'x')).statusCode).toBe(404);
    const sibling = await t.ctx.db
      .selectFrom('nodes')
      .select('code')
      .where('code', 'like', '210881117%')
      .where('code', '!=', '210881117207')
      .where('depth', '=', 3)
      .executeTakeFirstOrThrow();
    const neighbour = await t.as('volunteer', sibling.code);
    expect((await neighbour.get(`/api/files/${file.id}`)).statusCode).toBe(404);
    const gateKeeper = await t.as('gate_keeper', '210881117');
    expect((await gateKeeper.get(`/api/files/${file.id}`)).statusCode).toBe(200);
    expect((await upload(gateKeeper, 'y.txt', 'y')).statusCode).toBe(403);
    expect((await uploader.get('/api/files/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await uploader.get('/api/files/not-a-uuid')).statusCode).toBe(400);
    expect((await upload(uploader, 'z.txt', 'z', 0)).statusCode).toBe(404);
    const unknownType = await uploader.request(
      'POST',
      `/api/files?ownerType=nothing&ownerId=${village.id}`,
      multipart('z.txt', 'z').payload,
      multipart('z.txt', 'z').headers,
    );
    expect(unknownType.statusCode).toBe(404);
  });

  it('refuses a request without a file part or with JSON instead of multipart', async () => {
    const empty = Buffer.from(`--${MULTIPART_BOUNDARY}--\r\n`);
    const none = await uploader.request('POST', `/api/files?ownerType=node&ownerId=${village.id}`, empty, {
      'content-type': MULTIPART_TYPE,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('FILE_MISSING');
    const json = await uploader.post(`/api/files?ownerType=node&ownerId=${village.id}`, { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('leaves nothing in the data directory when the client hangs up mid-upload', async () => {
    const before = filesUnder(blobDir());
    const rowsBefore = await t.ctx.db.selectFrom('files').select('id').execute();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const head = multipartHead('cut.txt');
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/files?ownerType=node&ownerId=${village.id}`,
      headers: {
        cookie: uploader.cookie,
        'x-csrf-token': uploader.csrf,
        'content-type': MULTIPART_TYPE,
        'content-length': String(head.length + 40_000),
      },
    });
    req.on('error', () => {});
    req.write(head);
    req.write('b'.repeat(20_000));
    await waitFor(() => filesUnder(join(blobDir(), 'tmp')).length === 1, {
      message: 'upload streaming to tmp',
    });
    req.destroy();
    await waitFor(() => filesUnder(join(blobDir(), 'tmp')).length === 0, { message: 'tmp file removed' });
    expect(filesUnder(blobDir())).toEqual(before);
    expect(await t.ctx.db.selectFrom('files').select('id').execute()).toHaveLength(rowsBefore.length);
  });
});
