import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, TEST_PASSWORD, type TestApp, waitFor } from '../../../../test/helpers.ts';
import { insertUser } from '../../../../test/support/users.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { connectDatabase } from '../../core/db/index.ts';
import { makeCompound } from '../compounds/compounds.fixtures.ts';
import { loadRegions, RegionsRepository, readRegionFile } from '../regions/index.ts';
import type { GateTables } from './gate.tables.ts';

const dir = mkdtempSync(join(tmpdir(), 'xinghuo-sigkill-'));
const file = join(dir, 'gate.db');
const env = {
  ...process.env,
  XINGHUO_DATABASE_URL: `sqlite:${file}`,
  XINGHUO_DATA_DIR: dir,
  XINGHUO_LOG_LEVEL: 'silent',
  XINGHUO_JOBS: 'off',
};

async function prepare(): Promise<{ compoundId: number; code: string; keeperPhone: string }> {
  const dbh = connectDatabase(file);
  const config = { ...loadConfig(env), jobs: false, webDir: undefined };
  const { app, ctx } = await buildApp({ config, dbh, logger: false });
  await app.ready();
  await loadRegions(ctx.db, readRegionFile());
  const village = await new RegionsRepository(ctx.db).findByCode('210881117207');
  if (!village) throw new Error('no village 210881117207');
  for (const [phone, role] of [
    ['13700000001', 'official'],
    ['13700000002', 'gate_keeper'],
  ] as const) {
    await insertUser(ctx.db, {
      phone,
      name: role,
      password: TEST_PASSWORD,
      grants: [{ role, node: village.code }],
    });
  }
  const official = new Client(app);
  await official.login('13700000001');
  const node = async () => village;
  const c = await makeCompound({ node } as unknown as TestApp, '210881117207', {
    households: 1,
    residentsPer: 1,
    vehicles: 0,
    official,
  });
  const pass = (await official.post('/api/passes', { residentId: c.residents[0] })).json<{ code: string }>();
  await app.close();
  await dbh.close();
  return { compoundId: c.id, code: pass.code, keeperPhone: '13700000002' };
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash-server.fixture.ts')],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

describe('gate scans and SIGKILL (SQLite file, server in a child process)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged scan when the server is killed -9 mid-burst', { timeout: 120_000 }, async () => {
    const { compoundId, code, keeperPhone } = await prepare();
    const server = await startServer();
    child = server.child;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: keeperPhone, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;

    const acked = new Set<string>();
    let inFlight = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const id = crypto.randomUUID();
        inFlight += 1;
        try {
          const res = await fetch(`${server.url}/api/gate/scans`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
            body: JSON.stringify({
              id,
              compoundId,
              lane: 'person',
              direction: 'in',
              code,
              temperature: 36.5,
            }),
          });
          if (res.status === 200 && ((await res.json()) as { entryId: number }).entryId > 0) acked.add(id);
        } catch {
          // The connection died with the server: this scan was never acknowledged.
        } finally {
          inFlight -= 1;
        }
      }
    };
    const exited = new Promise((r) => server.child.once('exit', r));
    const workers = Array.from({ length: 12 }, worker);
    await waitFor(() => acked.size >= 300, {
      timeout: 40_000,
      interval: 5,
      message: '300 acknowledged scans',
    });
    const inFlightAtKill = inFlight;
    server.child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await exited;

    const dbh = connectDatabase(file);
    const rows = await dbh.db
      .withTables<GateTables>()
      .selectFrom('gate_entries')
      .select('client_id')
      .execute();
    await dbh.close();
    const stored = new Set(rows.map((r) => r.client_id));
    const lost = [...acked].filter((id) => !stored.has(id));
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
  });
});
