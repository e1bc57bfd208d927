import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCompound } from '../src/server/modules/compounds/compounds.fixtures.ts';
import { dialects } from './dialects.ts';
import { buildTestApp, type Client, type TestApp } from './helpers.ts';
import { MULTIPART_BOUNDARY, multipart } from './platform.ts';

/** Issue 7, "inputs": malformed uploads, unstorable text, bodies sent where none is taken. */

const stable = (res: LightMyRequestResponse, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  return body.error;
};

describe.each(dialects)('hostile inputs on %s', (dialect) => {
  let t: TestApp;
  let official: Client;
  let uploads: string[];

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    official = await t.as('official', '210881117207');
    const village = await t.node('210881117207');
    const compound = await makeCompound(t, '210881117207', { households: 1, official });
    uploads = [
      `/api/files?ownerType=node&ownerId=${village.id}`,
      '/api/volunteers/import',
      `/api/compounds/${compound.id}/imports/residents`,
    ];
  });
  afterAll(() => t.close());

  it('answers a malformed multipart body with 400 and the stable error body on every upload route', async () => {
    const cut = `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004 no closing boundary`;
    const bodies: Array<[string, string]> = [
      [`multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, cut],
      [`multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, '{"file": "not a form"}'],
      ['multipart/form-data', '{"file": "not a form"}'],
    ];
    for (const url of uploads) {
      for (const [type, body] of bodies) {
        const res = await official.request('POST', url, body, { 'content-type': type });
        const error = stable(res, 400, 'MALFORMED_UPLOAD');
        expect(error.fields).toEqual([expect.objectContaining({ field: 'file', code: 'MALFORMED_UPLOAD' })]);
      }
    }
  });

  it('refuses NUL bytes and lone surrogates in any text field, in the body or the query, naming the field', async () => {
    const village = await t.node('210881117207');
    for (const bad of ['a\u0000b', 'a\ud800b', '\udc00']) {
      const res = await official.post('/api/teams', { nodeId: village.id, name: bad, type: 'other' });
      const error = stable(res, 400, 'VALIDATION');
      expect(error.fields).toEqual([
        expect.objectContaining({ field: 'name', in: 'body', code: 'TEXT_UNSTORABLE' }),
      ]);
    }
    const nested = await official.post('/api/teams', {
      nodeId: village.id,
      name: '消杀队',
      type: 'other',
      skills: ['ok', 'x\u0000'],
    });
    expect(stable(nested, 400, 'VALIDATION').fields).toEqual([
      expect.objectContaining({ field: 'skills.1', code: 'TEXT_UNSTORABLE' }),
    ]);
    const query = await official.get('/api/teams?q=%00');
    expect(stable(query, 400, 'VALIDATION').fields).toEqual([
      expect.objectContaining({ field: 'q', in: 'query', code: 'TEXT_UNSTORABLE' }),
    ]);
    // A surrogate pair (an emoji, a rare CJK character) is ordinary text.
    const fine = await official.post('/api/teams', { nodeId: village.id, name: '𠀀队😀', type: 'other' });
    expect(fine.statusCode).toBe(201);
    expect(fine.json().name).toBe('𠀀队😀');
  });

  it('takes a UTF-8 Chinese .txt whatever byte the sniffed head ends on', async () => {
    const village = await t.node('210881117207');
    for (const pad of [0, 1, 2]) {
      const text = `${'a'.repeat(pad)}${'营口市防控通知，请各村做好排查。'.repeat(600)}`;
      const { payload, headers } = multipart('通知.txt', text);
      const res = await official.request(
        'POST',
        `/api/files?ownerType=node&ownerId=${village.id}`,
        payload,
        headers,
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().mime).toBe('text/plain');
    }
  });

  it('refuses a body with fields on routes that take none, like any unknown field', async () => {
    const hook = await official.post('/api/webhooks', {
      nodeId: (await t.node('210881117207')).id,
      url: 'http://127.0.0.1:9/h',
    });
    expect(hook.statusCode).toBe(201);
    const routes: Array<[string, string]> = [
      ['POST', `/api/webhooks/${hook.json().id}/deactivate`],
      ['POST', '/api/auth/logout'],
    ];
    for (const [method, url] of routes) {
      const res = await official.request(method, url, { force: true });
      const error = stable(res, 400, 'VALIDATION');
      expect(error.fields).toEqual([expect.objectContaining({ field: 'force', code: 'unrecognized_keys' })]);
    }
    // An empty object or no body at all is what clients send by habit, and is fine.
    expect(
      (await official.request('POST', `/api/webhooks/${hook.json().id}/deactivate`, {})).statusCode,
    ).toBe(200);
    const out = await official.request('POST', '/api/auth/logout');
    expect(out.statusCode, out.body).toBe(200);
  });
});
