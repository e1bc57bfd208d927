import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './dialects.ts';
import { buildTestApp, type Client, type TestApp } from './helpers.ts';
import { multipart } from './platform.ts';

interface HostileCase {
  name: string;
  method?: 'POST' | 'PATCH' | 'GET';
  url?: string;
  body?: string | Buffer;
  contentType?: string | null;
  status?: number;
  code?: string;
}

const JSON_TYPE = 'application/json';
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Bodies aimed at POST /api/webhooks unless a case says otherwise; {node} is a real node id. */
const CASES: HostileCase[] = [
  { name: 'malformed JSON', body: '{"nodeId": 1, "url": ', status: 400, code: 'MALFORMED_BODY' },
  { name: 'a bare string', body: '"hello"', status: 400, code: 'VALIDATION' },
  { name: 'null', body: 'null', status: 400 },
  { name: 'an array', body: '[1, 2, 3]', status: 400, code: 'VALIDATION' },
  { name: 'an empty body', body: '', status: 400 },
  {
    name: 'a __proto__ key',
    body: '{"nodeId": {node}, "url": "http://127.0.0.1/x", "__proto__": {"admin": true}}',
    status: 400,
  },
  {
    name: 'a nested __proto__ key',
    body: '{"nodeId": {node}, "url": "http://127.0.0.1/x", "eventTypes": [{"__proto__": {"a": 1}}]}',
    status: 400,
  },
  {
    name: 'constructor.prototype',
    body: '{"nodeId": {node}, "url": "http://127.0.0.1/x", "constructor": {"prototype": {"admin": true}}}',
    status: 400,
  },
  {
    name: 'an unknown field',
    body: '{"nodeId": {node}, "url": "http://127.0.0.1/x", "active": false}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: '"1" for a number',
    body: '{"nodeId": "{node}", "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'true for a number',
    body: '{"nodeId": true, "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a number past 2^53',
    body: '{"nodeId": 18446744073709551616, "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: '1e400 (Infinity)',
    body: '{"nodeId": 1e400, "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a fraction for an id',
    body: '{"nodeId": 1.5, "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a negative id',
    body: '{"nodeId": -1, "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'deeply nested arrays',
    body: `{"nodeId": {node}, "url": "http://127.0.0.1/x", "eventTypes": ${nested(5000)}}`,
    status: 400,
  },
  { name: 'a deeply nested body', body: nested(20000), status: 400 },
  {
    name: 'an array for a string',
    body: '{"nodeId": {node}, "url": ["http://127.0.0.1/x"]}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a javascript: URL',
    body: '{"nodeId": {node}, "url": "javascript:alert(1)"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a body over 1 MB',
    body: `{"nodeId": {node}, "url": "http://127.0.0.1/x", "eventTypes": ["${'x'.repeat(1_100_000)}"]}`,
    status: 413,
    code: 'BODY_TOO_LARGE',
  },
  {
    name: 'text/plain',
    contentType: 'text/plain',
    body: '{"nodeId": {node}, "url": "http://127.0.0.1/x"}',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form-urlencoded',
    contentType: 'application/x-www-form-urlencoded',
    body: 'nodeId={node}&url=http%3A%2F%2F127.0.0.1',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  { name: 'no content type', contentType: null, body: '{"nodeId": {node}, "url": "http://127.0.0.1/x"}' },
  { name: 'a made-up content type', contentType: 'application/x-evil', body: '{}', status: 415 },
  {
    name: 'JSON with a charset trick',
    contentType: 'application/json; charset=utf-7',
    body: '{"nodeId": {node}}',
  },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  {
    name: 'a duplicate key smuggling a string',
    body: '{"nodeId": {node}, "nodeId": "1", "url": "http://127.0.0.1/x"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'an unknown field on users',
    url: '/api/users',
    body: '{"phone": "13912345678", "name": "x", "password": "Abcdefg123", "grants": [{"role": "volunteer", "nodeId": {node}}], "status": "active"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a role that does not exist',
    url: '/api/users',
    body: '{"phone": "13912345678", "name": "x", "password": "Abcdefg123", "grants": [{"role": "root", "nodeId": {node}}]}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a phone as a number',
    url: '/api/users',
    body: '{"phone": 13912345678, "name": "x", "password": "Abcdefg123", "grants": [{"role": "volunteer", "nodeId": {node}}]}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a thousand grants',
    url: '/api/users',
    body: `{"phone": "13912345678", "name": "x", "password": "Abcdefg123", "grants": [${Array(1000).fill('{"role": "volunteer", "nodeId": {node}}').join(',')}]}`,
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a status outside the enum',
    method: 'PATCH',
    url: '/api/users/{user}',
    body: '{"status": "superuser"}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a login with an object for a password',
    url: '/api/auth/login',
    body: '{"phone": "13912345678", "password": {"$gt": ""}}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a login with extra fields',
    url: '/api/auth/login',
    body: '{"phone": "13912345678", "password": "x", "remember": true}',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a query with a repeated key',
    method: 'GET',
    url: '/api/users?page=1&page=2',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a query with an unknown key',
    method: 'GET',
    url: '/api/users?admin=1',
    status: 400,
    code: 'VALIDATION',
  },
  { name: 'a query __proto__ key', method: 'GET', url: '/api/users?__proto__[admin]=1', status: 400 },
  {
    name: 'a query constructor key',
    method: 'GET',
    url: '/api/audit?constructor[prototype][x]=1',
    status: 400,
  },
  {
    name: 'a huge page size',
    method: 'GET',
    url: '/api/users?pageSize=1e9',
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a page past 2^53',
    method: 'GET',
    url: '/api/users?page=99999999999999999999999',
    status: 400,
    code: 'VALIDATION',
  },
  { name: 'a non-numeric id', method: 'GET', url: '/api/users/abc', status: 400, code: 'VALIDATION' },
  { name: 'an id with an exponent', method: 'GET', url: '/api/regions/nodes/1e3' },
  { name: 'an id past 2^53', method: 'GET', url: '/api/regions/nodes/99999999999999999999999', status: 400 },
  { name: 'a path traversal id', method: 'GET', url: '/api/files/..%2F..%2Fetc%2Fpasswd', status: 400 },
];

describe.each(dialects)('hostile requests on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let nodeId: number;
  let userId: number;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await t.as('admin', '2108');
    nodeId = (await t.node('210881')).id;
    userId = (await t.createUser([{ role: 'volunteer', node: '210881' }])).id;
  });
  afterAll(() => t.close());

  const fill = (s: string) => s.replaceAll('{node}', String(nodeId)).replaceAll('{user}', String(userId));

  const expectStableError = (res: LightMyRequestResponse, c: Partial<HostileCase>) => {
    expect(res.statusCode, `${c.name}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, c.name).toBeLessThan(500);
    if (c.status) expect(res.statusCode, c.name).toBe(c.status);
    const requestId = res.headers['x-request-id'];
    expect(requestId, c.name).toEqual(expect.any(String));
    const body = res.json();
    expect(body.error, c.name).toMatchObject({
      code: c.code ?? expect.any(String),
      message: expect.any(String),
      requestId,
    });
  };

  /** What a hostile request could leave behind: a webhook, the user a login body names, a polluted prototype. */
  const traces = async () => ({
    webhooks: (await t.ctx.db.selectFrom('webhooks').select('id').execute()).length,
    users: (await t.ctx.db.selectFrom('users').select('id').where('phone', '=', '13912345678').execute())
      .length,
    prototype: [({} as Record<string, unknown>).admin, ({} as Record<string, unknown>).x],
  });
  const CLEAN_PROTOTYPE = [undefined, undefined];

  it.each(CASES)('answers $name with a 4xx and the stable error body, and leaves no trace', async (c) => {
    const before = await traces();
    const method = c.method ?? 'POST';
    const headers: Record<string, string> = {};
    if (method !== 'GET' && c.contentType !== null) headers['content-type'] = c.contentType ?? JSON_TYPE;
    const payload = typeof c.body === 'string' ? fill(c.body) : c.body;
    const res = await admin.app.inject({
      method,
      url: fill(c.url ?? '/api/webhooks'),
      ...(payload !== undefined ? { payload } : {}),
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, ...headers },
    });
    expectStableError(res, c);
    expect(await traces()).toEqual(before);
    expect(before.prototype).toEqual(CLEAN_PROTOTYPE);
  });

  it('answers multipart where JSON is expected with a 4xx, and creates nothing', async () => {
    const before = await traces();
    const { payload, headers } = multipart('x.json', `{"nodeId": ${nodeId}, "url": "http://127.0.0.1/x"}`);
    const res = await admin.request('POST', '/api/webhooks', payload, headers);
    expectStableError(res, { name: 'multipart' });
    expect(await traces()).toEqual(before);
  });

  it('still accepts the well-formed request the hostile ones were variations of', async () => {
    const before = await traces();
    const res = await admin.post('/api/webhooks', { nodeId, url: 'http://127.0.0.1/x' });
    expect(res.statusCode).toBe(201);
    expect((await traces()).webhooks).toBe(before.webhooks + 1);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });
});
