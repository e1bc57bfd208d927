import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { installAuthHooks } from './core/http/index.ts';

describe('app assembly', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { regions: false });
  });
  afterAll(() => t.close());

  it('publishes an OpenAPI document covering every /api route', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const documented = new Set(Object.keys(doc.paths));
    const routes = t.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .map((line) => line.replace(/^[\s│├└─]+/, '').split(' ')[0]!)
      .filter((p) => p.startsWith('/api/') && p !== '/api/openapi.json' && !p.startsWith('/api/docs'));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(documented).toContain(route.replace(/:(\w+)/g, '{$1}'));
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });

  it('describes the session cookie and the CSRF header, per operation, and serves a reference at /api/docs', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'xh_session' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    });
    expect(doc.paths['/api/auth/login'].post.security).toBeUndefined(); // public
    expect(doc.paths['/api/auth/me'].get.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/auth/password'].post.security).toEqual([{ session: [], csrf: [] }]);
    const page = await t.app.inject({ url: '/api/docs' });
    expect(page.headers['content-type']).toContain('text/html');
    // Everything it loads comes from this origin: no CDN.
    const srcs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.every((u) => u.startsWith('/api/'))).toBe(true);
    for (const u of srcs) expect((await t.app.inject({ url: u })).statusCode, u).toBe(200);
  });

  it('returns a request id on every response and echoes a well-formed one given by the caller', async () => {
    const plain = await t.app.inject({ url: '/healthz' });
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.app.inject({ url: '/api/auth/me', headers: { 'x-request-id': 'trace-12345678' } });
    expect(given.headers['x-request-id']).toBe('trace-12345678');
    expect(given.json().error.requestId).toBe('trace-12345678');
    const hostile = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': '<script>' } });
    expect(hostile.headers['x-request-id']).not.toBe('<script>');
  });

  it('answers an unknown API path with the stable error body', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: expect.any(String) });
  });

  it('refuses to start when an /api route declares no access', async () => {
    const app = Fastify();
    installAuthHooks(app, t.ctx.sessions);
    expect(() => app.get('/api/undeclared', async () => ({}))).toThrow(/declares no access/);
    await app.close();
  });
});
