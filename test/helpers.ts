import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/contracts/permissions.ts';
import { buildApp } from '../src/server/app.ts';
import { type Config, loadConfig } from '../src/server/config.ts';
import type { AppContext } from '../src/server/core/context.ts';
import type { DialectName } from '../src/server/core/db/index.ts';
import { loadRegions, readRegionFile } from '../src/server/modules/regions/index.ts';
import { createTestDatabase, type TestDatabase } from './dialects.ts';
import { insertUser } from './support/users.ts';

export const TEST_PASSWORD = 'Test1234pass';
let phoneSeq = 0;

export interface TestUser {
  id: number;
  phone: string;
  password: string;
}

export type InjectBody = Record<string, unknown> | unknown[] | string | Buffer;

/** A signed-in (or anonymous) HTTP client over `inject`, carrying the session cookie and CSRF token. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly app: FastifyInstance) {}

  async request(method: string, url: string, body?: InjectBody, headers: Record<string, string> = {}) {
    return this.app.inject({
      method: method as 'GET',
      url,
      ...(body !== undefined ? { payload: body as string } : {}),
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: InjectBody, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  put(url: string, body?: InjectBody) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: InjectBody) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  async login(phone: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone, password },
    });
    if (res.statusCode === 200) {
      this.cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      this.csrf = res.json<{ csrfToken: string }>().csrfToken;
    }
    return res;
  }
}

export interface TestApp {
  dialect: DialectName;
  app: FastifyInstance;
  ctx: AppContext;
  database: TestDatabase;
  dataDir: string;
  node(code: string): Promise<{ id: number; path: string; name: string }>;
  /** Creates a user with grants straight in the database (fast; the API path has its own tests). */
  createUser(grants: Array<{ role: Role; node: string }>, name?: string): Promise<TestUser>;
  /** A client signed in as a new user holding `role` on the node with division code `node`. */
  as(role: Role, node: string): Promise<Client & { user: TestUser }>;
  anonymous(): Client;
  close(): Promise<void>;
}

/** The app on a fresh database of the given dialect, with the real Yingkou tree loaded. */
export async function buildTestApp(
  dialect: DialectName,
  options: { regions?: boolean; config?: Partial<Config>; sqliteFile?: boolean } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xinghuo-test-'));
  // A file instead of memory, for tests that inspect the database's bytes on disk.
  const database = await createTestDatabase(
    dialect,
    options.sqliteFile ? join(dataDir, 'test.db') : undefined,
  );
  const config = {
    ...loadConfig({}),
    dataDir,
    jobs: false,
    webDir: undefined,
    logLevel: 'silent',
    ...options.config,
  };
  const built = await buildApp({ config, dbh: database.dbh, logger: false });
  const { app, ctx } = built;
  if (options.regions !== false) await loadRegions(ctx.db, readRegionFile());
  await built.start();
  await app.ready();

  const node = async (code: string) => {
    const row = await ctx.db
      .selectFrom('nodes')
      .select(['id', 'path', 'name'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw new Error(`no node ${code}`);
    return row;
  };
  const createUser = async (
    grants: Array<{ role: Role; node: string }>,
    name = 'Test user',
  ): Promise<TestUser> => {
    phoneSeq += 1;
    const phone = `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
    const id = await insertUser(ctx.db, { phone, name, password: TEST_PASSWORD, grants });
    return { id, phone, password: TEST_PASSWORD };
  };

  return {
    dialect,
    app,
    ctx,
    database,
    dataDir,
    node,
    createUser,
    async as(role, code) {
      const user = await createUser([{ role, node: code }], `${role}@${code}`);
      const client = Object.assign(new Client(app), { user });
      const res = await client.login(user.phone);
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      return client;
    },
    anonymous: () => new Client(app),
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `condition` until it returns a truthy value and returns that value; fails after `timeout` ms
 * with `message`. The only way a test waits for something asynchronous (no fixed sleeps).
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  {
    timeout = 10_000,
    interval = 20,
    message = 'condition',
  }: { timeout?: number; interval?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`waitFor: ${message} not met within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Polls a background job (an import, a pass batch) until its status leaves 'running'; returns it. */
export function waitForJob(client: Client, url: string) {
  return waitFor(
    async () => {
      const job = (await client.get(url)).json();
      return job.status !== 'running' && job;
    },
    // A 6,000-row import takes seconds alone and far longer on a loaded machine.
    { timeout: 50_000, interval: 50, message: `${url} finished` },
  );
}
