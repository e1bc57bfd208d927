import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/cli/commands/database.ts';
import { AuditLog, personalDigest } from '../src/server/core/audit/index.ts';
import { connectDatabase, migrateToLatest } from '../src/server/core/db/index.ts';
import { migrations } from '../src/server/migrations/index.ts';
import { dialects } from './dialects.ts';
import { buildTestApp, type TestApp } from './helpers.ts';
import { reopen, testCli } from './platform.ts';

describe.each(dialects)('audit chain on %s', (dialect) => {
  let t: TestApp;
  let ids: number[];
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const admin = await t.as('admin', '2108');
    const village = await t.node('210881117207');
    for (let i = 0; i < 4; i += 1) {
      const res = await admin.post('/api/regions/nodes', {
        parentId: village.id,
        name: `审计小区${i}`,
        kind: 'compound',
      });
      expect(res.statusCode).toBe(201);
    }
    ids = (await t.ctx.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(() => t.close());

  const row = (id: number) =>
    t.ctx.db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const cliVerify = async () => {
    const { cli, out } = testCli(t.ctx.config, reopen(t));
    return { code: await audit(['verify'], cli), out: out.join('\n') };
  };
  /** Runs `tamper`, checks both verifiers catch it at `at`, then puts the rows back as they were. */
  const expectBroken = async (
    at: number,
    problem: RegExp,
    tamper: () => Promise<void>,
    repair: () => Promise<void>,
  ) => {
    await tamper();
    try {
      const result = await t.ctx.audit.verify();
      expect(result.ok).toBe(false);
      expect(result.problems.some((p) => p.id === at && problem.test(p.problem))).toBe(true);
      const { code, out } = await cliVerify();
      expect(code).toBe(1);
      expect(out).toContain('CHAIN BROKEN');
      expect(out).toContain(`row ${at}:`);
    } finally {
      await repair();
    }
    expect((await t.ctx.audit.verify()).ok).toBe(true);
  };

  it('verifies an intact chain, in the service and on the command line', async () => {
    const result = await t.ctx.audit.verify();
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.checked).toBe(ids.length);
    const { code, out } = await cliVerify();
    expect(code).toBe(0);
    expect(out).toContain(`checked ${ids.length} audit rows: chain intact`);
  });

  it('detects an edited row', async () => {
    const target = ids[1]!;
    const original = await row(target);
    await expectBroken(
      target,
      /content altered/,
      async () => {
        await t.ctx.db
          .updateTable('audit_log')
          .set({ detail: '{"name":"改过的"}' })
          .where('id', '=', target)
          .execute();
      },
      async () => {
        await t.ctx.db
          .updateTable('audit_log')
          .set({ detail: original.detail })
          .where('id', '=', target)
          .execute();
      },
    );
  });

  it('detects a deleted row', async () => {
    const target = ids[2]!;
    const original = await row(target);
    await expectBroken(
      target,
      /missing rows/,
      async () => {
        await t.ctx.db.deleteFrom('audit_log').where('id', '=', target).execute();
      },
      async () => {
        await t.ctx.db.insertInto('audit_log').values(original).execute();
      },
    );
  });

  it('detects a deleted last row through the head', async () => {
    const last = await row(ids.at(-1)!);
    await expectBroken(
      last.id,
      /head says/,
      async () => {
        await t.ctx.db.deleteFrom('audit_log').where('id', '=', last.id).execute();
      },
      async () => {
        await t.ctx.db.insertInto('audit_log').values(last).execute();
      },
    );
  });

  it('detects two rows swapped, and an edited row whose hash was forged to match', async () => {
    const [a, b] = [await row(ids[1]!), await row(ids[2]!)];
    const content = (r: typeof a) => ({
      action: r.action,
      detail: r.detail,
      entity_id: r.entity_id,
      at: r.at,
    });
    await expectBroken(
      a.id,
      /content altered|previous hash/,
      async () => {
        await t.ctx.db.updateTable('audit_log').set(content(b)).where('id', '=', a.id).execute();
        await t.ctx.db.updateTable('audit_log').set(content(a)).where('id', '=', b.id).execute();
      },
      async () => {
        await t.ctx.db.updateTable('audit_log').set(content(a)).where('id', '=', a.id).execute();
        await t.ctx.db.updateTable('audit_log').set(content(b)).where('id', '=', b.id).execute();
      },
    );
    // A forger who recomputes the edited row's own hash still breaks the link to the next row.
    const { createHash } = await import('node:crypto');
    const forgedDetail = '{"name":"伪造"}';
    const forgedDigest = personalDigest(forgedDetail, a.reason);
    const forgedHash = createHash('sha256')
      .update(a.prev_hash)
      .update(
        JSON.stringify([
          2,
          a.id,
          a.at,
          a.actor_id,
          a.action,
          a.entity_type,
          a.entity_id,
          a.node_path,
          forgedDigest,
          a.request_id,
        ]),
      )
      .digest('hex');
    await expectBroken(
      b.id,
      /previous hash/,
      async () => {
        await t.ctx.db
          .updateTable('audit_log')
          .set({ detail: forgedDetail, personal_digest: forgedDigest, hash: forgedHash })
          .where('id', '=', a.id)
          .execute();
        expect((await t.ctx.audit.verify()).problems.some((p) => p.id === a.id)).toBe(false);
      },
      async () => {
        await t.ctx.db
          .updateTable('audit_log')
          .set({ detail: a.detail, personal_digest: a.personal_digest, hash: a.hash })
          .where('id', '=', a.id)
          .execute();
      },
    );
  });
});

describe('audit verify as a process', () => {
  it('exits 0 on an intact chain and 1 on a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinghuo-cli-'));
    try {
      const file = join(dir, 'x.db');
      const dbh = connectDatabase(`sqlite:${file}`);
      await migrateToLatest(dbh.db, migrations);
      const log = new AuditLog(dbh.db);
      for (let i = 0; i < 3; i += 1) {
        await log.record(dbh.db, {
          actorId: null,
          action: 'test.wrote',
          entityType: 'test',
          nodePath: '2108/',
        });
      }
      const run = () =>
        spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/xinghuo.ts', 'audit', 'verify'], {
          env: { ...process.env, XINGHUO_DATABASE_URL: `sqlite:${file}` },
          encoding: 'utf8',
        });
      const intact = run();
      expect(intact.stdout).toContain('checked 3 audit rows: chain intact');
      expect(intact.status).toBe(0);
      await dbh.db.updateTable('audit_log').set({ action: 'test.rewritten' }).where('id', '=', 2).execute();
      await dbh.close();
      const broken = run();
      expect(broken.stdout).toContain('row 2: content altered');
      expect(broken.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
