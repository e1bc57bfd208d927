import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../src/cli/commands/admin.ts';
import { backup, restore } from '../src/cli/commands/backup.ts';
import { UsageError } from '../src/cli/context.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { connectDatabase } from '../src/server/core/db/index.ts';
import { loadRegions, readRegionFile } from '../src/server/modules/regions/index.ts';
import { dialects } from './dialects.ts';
import { buildTestApp, Client, type TestApp } from './helpers.ts';
import { multipart, PDF_BYTES, reopen, testCli } from './platform.ts';

describe.each(dialects)('CLI admin on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());
  const run = async (args: string[]) => {
    const { cli, out, err } = testCli(t.ctx.config, reopen(t));
    return { code: await admin(args, cli), out: out.join('\n'), err: err.join('\n') };
  };

  it('creates a first administrator who can sign in and act on the whole city, audited as via cli', async () => {
    const res = await run([
      'create-user',
      '--phone',
      '13600000001',
      '--name',
      '首位管理员',
      '--password',
      'Start2020ok',
      '--role',
      'admin',
      '--node',
      '2108',
    ]);
    expect(res).toMatchObject({ code: 0, err: '' });
    const client = new Client(t.app);
    expect((await client.login('13600000001', 'Start2020ok')).statusCode).toBe(200);
    const me = (await client.get('/api/auth/me')).json();
    expect(me.grants).toEqual([expect.objectContaining({ role: 'admin', nodeName: '营口市' })]);
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.created')
      .where('entity_id', '=', String(me.id))
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBeNull();
    expect(JSON.parse(entry.detail!).via).toBe('cli');
    expect((await t.ctx.audit.verify()).ok).toBe(true);
  });

  it('refuses a taken phone, an unknown node, a weak password and an unknown role', async () => {
    const args = (phone: string, extra: Record<string, string>) => [
      'create-user',
      ...Object.entries({
        phone,
        name: '某人',
        password: 'Start2020ok',
        role: 'official',
        node: '210881',
        ...extra,
      }).flatMap(([k, v]) => [`--${k}`, v]),
    ];
    expect((await run(args('13600000002', {}))).code).toBe(0);
    const taken = await run(args('13600000002', {}));
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('registered already');
    expect((await run(args('13600000003', { node: '999999' }))).code).toBe(1);
    await expect(run(args('13600000004', { password: 'short' }))).rejects.toBeInstanceOf(UsageError);
    await expect(run(args('13600000005', { role: 'emperor' }))).rejects.toBeInstanceOf(UsageError);
    await expect(run(args('12345', {}))).rejects.toBeInstanceOf(UsageError);
    const made = await t.ctx.db
      .selectFrom('users')
      .select('phone')
      .where('phone', 'like', '1360000000%')
      .execute();
    expect(made.map((u) => u.phone).sort()).toEqual(['13600000001', '13600000002']);
  });

  it('grants a role once; granting it again changes nothing', async () => {
    await run([
      'create-user',
      '--phone',
      '13600000010',
      '--name',
      '队长',
      '--password',
      'Start2020ok',
      '--role',
      'volunteer',
      '--node',
      '210881117',
    ]);
    const first = await run([
      'grant',
      '--phone',
      '13600000010',
      '--role',
      'team_leader',
      '--node',
      '210881117',
    ]);
    expect(first.out).toContain('granted team_leader');
    const again = await run([
      'grant',
      '--phone',
      '13600000010',
      '--role',
      'team_leader',
      '--node',
      '210881117',
    ]);
    expect(again).toMatchObject({ code: 0 });
    expect(again.out).toContain('already');
    const user = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('phone', '=', '13600000010')
      .executeTakeFirstOrThrow();
    const grants = await t.ctx.db
      .selectFrom('grants')
      .select('role')
      .where('user_id', '=', user.id)
      .execute();
    expect(grants.map((g) => g.role).sort()).toEqual(['team_leader', 'volunteer']);
    expect(
      (await run(['grant', '--phone', '13699999999', '--role', 'volunteer', '--node', '2108'])).code,
    ).toBe(1);
  });
});

describe('backup and restore (SQLite)', () => {
  it('prints the pg_dump command for a PostgreSQL backup and refuses restore', async () => {
    const config = { ...loadConfig({}), databaseUrl: 'postgres://xh:secret@db.example/xinghuo' };
    const { cli, out, err } = testCli(config, () => connectDatabase(config.databaseUrl));
    expect(await backup(['nightly.dump'], cli)).toBe(0);
    expect(out.join('\n')).toContain(
      'pg_dump --format=custom --no-owner --file=nightly.dump "$XINGHUO_DATABASE_URL"',
    );
    expect(out.join('\n')).not.toContain('secret');
    expect(await restore(['nightly.dump'], cli)).toBe(2);
    expect(err.join('\n')).toContain('pg_restore');
  });

  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xinghuo-backup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const counts = async (file: string) => {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      const n = (table: string) =>
        (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      return Object.fromEntries(
        [
          'nodes',
          'users',
          'grants',
          'audit_log',
          'events',
          'webhooks',
          'webhook_deliveries',
          'files',
          'sessions',
        ].map((t) => [t, n(t)]),
      );
    } finally {
      db.close();
    }
  };

  it('round-trips a working database: everything at backup time comes back, later changes go', async () => {
    const file = join(dir, 'live.db');
    const config = {
      ...loadConfig({}),
      databaseUrl: `sqlite:${file}`,
      dataDir: dir,
      jobs: false,
      webDir: undefined,
    };
    const cliFor = () => testCli(config, () => connectDatabase(config.databaseUrl));
    const built = await buildApp({ config, logger: false });
    const { app, ctx } = built;
    await loadRegions(ctx.db, readRegionFile());
    await app.ready();
    const setup = cliFor();
    expect(
      await admin(
        [
          'create-user',
          '--phone',
          '13600000100',
          '--name',
          '管理员',
          '--password',
          'Start2020ok',
          '--role',
          'admin',
          '--node',
          '2108',
        ],
        setup.cli,
      ),
    ).toBe(0);
    const client = new Client(app);
    await client.login('13600000100', 'Start2020ok');
    const village = await ctx.db
      .selectFrom('nodes')
      .select('id')
      .where('code', '=', '210881117207')
      .executeTakeFirstOrThrow();
    expect(
      (await client.post('/api/regions/nodes', { parentId: village.id, name: '备份小区', kind: 'compound' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await client.post('/api/webhooks', { nodeId: village.id, url: 'http://127.0.0.1:9/x' })).statusCode,
    ).toBe(201);
    const { payload, headers } = multipart('notice.pdf', PDF_BYTES);
    expect(
      (await client.request('POST', `/api/files?ownerType=node&ownerId=${village.id}`, payload, headers))
        .statusCode,
    ).toBe(201);

    const copy = join(dir, 'nightly.db');
    const b = cliFor();
    expect(await backup([copy], b.cli)).toBe(0);
    expect(b.out[0]).toContain(`backup written to ${copy}`);
    expect(readdirSync(dir).filter((f) => f.startsWith('nightly.db'))).toEqual(['nightly.db']);
    const atBackup = await counts(file);
    expect(atBackup.users).toBe(1);
    expect(await backup([copy], cliFor().cli)).toBe(1);

    expect(
      (
        await client.post('/api/regions/nodes', {
          parentId: village.id,
          name: '备份后小区',
          kind: 'compound',
        })
      ).statusCode,
    ).toBe(201);
    expect((await counts(file)).nodes).toBe(Number(atBackup.nodes) + 1);
    await app.close();

    const r = cliFor();
    expect(await restore([copy], r.cli)).toBe(0);
    expect(r.out.join('\n')).toContain('chain intact');
    expect(await counts(file)).toEqual(atBackup);
    expect(readdirSync(dir).some((f) => f.startsWith('live.db.before-restore-'))).toBe(true);

    const again = await buildApp({ config, logger: false });
    await again.app.ready();
    const back = new Client(again.app);
    expect((await back.login('13600000100', 'Start2020ok')).statusCode).toBe(200);
    expect((await again.ctx.audit.verify()).ok).toBe(true);
    const names = await again.ctx.db.selectFrom('nodes').select('name').where('custom', '=', 1).execute();
    expect(names.map((n) => n.name)).toEqual(['备份小区']);
    await again.app.close();
  });

  it('refuses to restore anything but a sound Xinghuo database, and leaves the current one alone', async () => {
    const file = join(dir, 'current.db');
    const config = {
      ...loadConfig({}),
      databaseUrl: `sqlite:${file}`,
      dataDir: dir,
      jobs: false,
      webDir: undefined,
    };
    const live = await buildApp({ config, logger: false });
    await live.app.close();
    const before = await counts(file);
    const attempt = async (source: string) => {
      const { cli, err } = testCli(config, () => connectDatabase(config.databaseUrl));
      return { code: await restore([source], cli), err: err.join('\n') };
    };

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 7));
    expect(await attempt(junk)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/not an SQLite database|cannot open/),
    });
    expect((await attempt(join(dir, 'absent.db'))).err).toContain('no such file');

    const other = join(dir, 'other.db');
    new SqliteDatabase(other).exec('create table t (x)').close();
    expect((await attempt(other)).err).toContain('not a Xinghuo database');

    const newer = join(dir, 'newer.db');
    copyFileSync(file, newer);
    new SqliteDatabase(newer)
      .prepare("insert into xinghuo_migrations (name, applied_at) values ('29990101T0000-future', 0)")
      .run();
    expect((await attempt(newer)).err).toContain('newer Xinghuo');

    const tampered = join(dir, 'tampered.db');
    const source = new SqliteDatabase(file);
    await source.backup(tampered);
    source.close();
    const tdb = new SqliteDatabase(tampered);
    tdb
      .prepare(
        "insert into audit_log (id, at, actor_id, action, entity_type, entity_id, node_path, detail, reason, request_id, prev_hash, hash) values (1, 0, null, 'x', 'x', null, '2108/', null, null, null, 'a', 'b')",
      )
      .run();
    tdb.close();
    expect((await attempt(tampered)).err).toContain('audit chain is broken');
    expect((await attempt(file)).err).toContain('the database itself');

    expect(await counts(file)).toEqual(before);
    expect(existsSync(`${file}.before-restore`)).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith('current.db.before-restore-'))).toBe(false);
  });
});
