import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { multipart, reopen, testCli } from '../../../../test/platform.ts';
import { purge } from '../../../cli/commands/purge.ts';
import { RESIDENT_COLUMNS } from '../../../contracts/compounds.ts';
import { loadConfig } from '../../config.ts';
import { beijingDay, dayWindow } from '../../core/figures/index.ts';
import type { AnyDb } from '../../core/retention/index.ts';
import { DAY_MS } from '../../core/retention/index.ts';
import { type CompoundFixture, makeCompound } from '../compounds/compounds.fixtures.ts';
import { demoIdNumber } from '../compounds/index.ts';

const uuid = () => crypto.randomUUID();
const STREET = '210881117'; // 团甸镇: its emergency ends
const NEIGHBOUR = '210881118'; // the next street, still in the emergency

describe.each(dialects)('retention on %s', (dialect) => {
  let t: TestApp;
  let db: AnyDb;
  let here: CompoundFixture;
  let there: CompoundFixture;
  let keeper: Client;
  let command: Client;
  const passOf = new Map<number, { id: number; code: string }>();

  const ids = async (table: string, only?: number): Promise<number[]> => {
    let query = db.selectFrom(table).select('id').orderBy('id');
    if (only !== undefined) query = query.where('id', '=', only);
    return (await query.execute()).map((r: { id: number }) => Number(r.id));
  };
  const inSubtree = (code: string) => async (table: string) => {
    const node = await t.node(code);
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('node_path', '>=', node.path)
      .where('node_path', '<', `${node.path.slice(0, -1)}0`)
      .execute();
    return rows.length;
  };
  /** The SQLite file and its WAL, as bytes: what a thief of the disk would read. */
  const fileBytes = () => {
    const file = join(t.dataDir, 'test.db');
    return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  };
  const blobBytes = () => {
    const dir = join(t.dataDir, 'files');
    const out: Buffer[] = [];
    for (const sub of existsSync(dir) ? readdirSync(dir) : []) {
      if (sub === 'tmp') continue;
      for (const f of readdirSync(join(dir, sub))) out.push(readFileSync(join(dir, sub, f)));
    }
    return out;
  };
  const scan = async (c: CompoundFixture, residentId: number, temperature = 36.5) => {
    const res = await keeper.post('/api/gate/scans', {
      id: uuid(),
      compoundId: c.id,
      lane: 'person',
      direction: 'in',
      code: passOf.get(residentId)!.code,
      temperature,
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ entryId: number }>().entryId;
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect, { sqliteFile: true });
    db = t.ctx.db as AnyDb;
    here = await makeCompound(t, `${STREET}207`, { households: 2, residentsPer: 2, vehicles: 1 });
    there = await makeCompound(t, `${NEIGHBOUR}200`, { households: 1, residentsPer: 2, vehicles: 1 });
    for (const c of [here, there])
      for (const r of c.residents)
        passOf.set(r, (await c.official.post('/api/passes', { residentId: r })).json());
    keeper = await t.as('gate_keeper', STREET);
    command = await t.as('command_centre', '2108');
  });
  afterAll(() => t.close());

  it('purges exactly the rows past their date, redacts their audit rows, and the chain still verifies', async () => {
    const [r0, r1, r2] = here.residents as [number, number, number];
    const oldEntry = await scan(here, r0);
    const oldFever = await scan(here, r1, 38.2);
    const freshEntry = await scan(here, r2);
    const visitor = await keeper.post('/api/gate/visitors', {
      id: uuid(),
      compoundId: here.id,
      name: '钱过期访客',
      phone: '13600001111',
      hostHouseholdId: here.households[0],
      reason: '送药过期',
      temperature: 36.4,
    });
    const oldVisitor = visitor.json<{ entryId: number }>().entryId;
    const fever = await db
      .selectFrom('gate_fevers')
      .select('id')
      .where('entry_id', '=', oldFever)
      .executeTakeFirstOrThrow();
    expect(
      (await here.official.post(`/api/gate/fevers/${fever.id}/close`, { action: '已送发热门诊复查' }))
        .statusCode,
    ).toBe(200);
    // A pass revoked 31 days ago; another revoked yesterday stays.
    const oldPass = passOf.get(here.residents[3]!)!;
    const newPass = passOf.get(there.residents[0]!)!;
    for (const p of [oldPass, newPass])
      expect((await here.official.post(`/api/passes/${p.id}/revoke`, { reason: '迁出' })).statusCode).toBe(
        p === newPass ? 404 : 200,
      );
    expect(
      (await there.official.post(`/api/passes/${newPass.id}/revoke`, { reason: '迁出' })).statusCode,
    ).toBe(200);

    const now = Date.now();
    await db
      .updateTable('gate_entries')
      .set({ at: now - 29 * DAY_MS })
      .where('id', 'in', [oldEntry, oldFever, oldVisitor])
      .execute();
    await db
      .updateTable('gate_fevers')
      .set({ at: now - 29 * DAY_MS })
      .where('id', '=', fever.id)
      .execute();
    await db
      .updateTable('passes')
      .set({ revoked_at: now - 31 * DAY_MS })
      .where('id', '=', oldPass.id)
      .execute();
    await db
      .updateTable('passes')
      .set({ revoked_at: now - DAY_MS })
      .where('id', '=', newPass.id)
      .execute();

    // The night after, the dashboard froze that day's figures (its snapshot job computes each
    // registered figure for the day's window); a purge must leave them as they were.
    const oldDay = beijingDay(now - 29 * DAY_MS);
    const city = (await t.node('2108')).path;
    const daily = t.ctx.figures
      .list()
      .filter((f) => ['compounds.entries', 'compounds.visitors'].includes(f.key));
    const compute = () =>
      Promise.all(daily.map(async (f) => [f.key, await f.compute(t.ctx.db, city, dayWindow(oldDay, now))]));
    for (const [key, value] of await compute())
      await db
        .insertInto('figure_snapshots')
        .values({ node_path: city, day: oldDay, key, value, computed_at: now })
        .execute();
    const frozen = () =>
      db
        .selectFrom('figure_snapshots')
        .select(['key', 'value'])
        .where('node_path', '=', city)
        .where('day', '=', oldDay)
        .orderBy('key')
        .execute()
        .then((rows: Array<{ key: string; value: unknown }>) => rows.map((r) => [r.key, Number(r.value)]));
    expect(await frozen()).toEqual([
      ['compounds.entries', 2],
      ['compounds.visitors', 1],
    ]);

    const entriesBefore = await ids('gate_entries');
    const passesBefore = await ids('passes');
    const dry = await t.ctx.retention.purge({ now, dryRun: true });
    expect(await ids('gate_entries')).toEqual(entriesBefore);

    const report = await t.ctx.retention.purge({ now });
    expect(report.lines).toEqual(dry.lines);
    const gone = [oldEntry, oldFever, oldVisitor].sort((a, b) => a - b);
    expect(await ids('gate_entries')).toEqual(entriesBefore.filter((id) => !gone.includes(id)));
    expect(await ids('gate_entries')).toContain(freshEntry);
    expect(await ids('gate_fevers', fever.id)).toEqual([]);
    expect(await frozen()).toEqual([
      ['compounds.entries', 2],
      ['compounds.visitors', 1],
    ]);
    // The entries themselves are gone: the figure for that day now lives only in the snapshot.
    expect(await compute()).toEqual([
      ['compounds.entries', 0],
      ['compounds.visitors', 0],
    ]);
    expect(await ids('passes')).toEqual(passesBefore.filter((id) => id !== oldPass.id));
    expect(report.lines).toEqual(
      expect.arrayContaining([
        { table: 'gate_entries', nodePath: here.path, action: 'deleted', rows: 3 },
        { table: 'gate_fevers', nodePath: here.path, action: 'deleted', rows: 1 },
        { table: 'passes', nodePath: here.path, action: 'deleted', rows: 1 },
      ]),
    );

    // The audit rows about the purged pass and fever keep who/what/when but lose their detail.
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'pass'), eb('entity_id', '=', String(oldPass.id))]),
          eb.and([eb('entity_type', '=', 'gate_fever'), eb('entity_id', '=', String(fever.id))]),
        ]),
      )
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(
      ['gate.fever-closed', 'pass.issued', 'pass.revoked'].sort(),
    );
    for (const row of audited)
      expect(row).toMatchObject({ detail: null, reason: null, redacted_at: expect.any(Number) });
    const verified = await t.ctx.audit.verify();
    expect(verified).toMatchObject({ ok: true, problems: [] });
    expect(verified.redacted).toBeGreaterThanOrEqual(3);

    // Tampering after a purge is still caught: an edited intact row, and an edited redacted digest.
    const intact = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('redacted_at', 'is', null)
      .where('detail', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('audit_log').set({ detail: '{"x":1}' }).where('id', '=', intact.id).execute();
    expect((await t.ctx.audit.verify()).problems).toEqual([{ id: intact.id, problem: 'content altered' }]);
    await t.ctx.db
      .updateTable('audit_log')
      .set({ detail: intact.detail })
      .where('id', '=', intact.id)
      .execute();
    const redacted = audited[0]!;
    await t.ctx.db
      .updateTable('audit_log')
      .set({ personal_digest: '0'.repeat(64) })
      .where('id', '=', redacted.id)
      .execute();
    expect((await t.ctx.audit.verify()).problems).toEqual([{ id: redacted.id, problem: 'content altered' }]);
    await t.ctx.db
      .updateTable('audit_log')
      .set({ personal_digest: redacted.personal_digest })
      .where('id', '=', redacted.id)
      .execute();
    expect((await t.ctx.audit.verify()).ok).toBe(true);

    // A second run finds nothing left to do.
    expect((await t.ctx.retention.purge({ now })).lines.filter((l) => l.table !== 'events')).toEqual([]);

    if (dialect === 'sqlite') {
      const bytes = fileBytes();
      for (const gone of ['钱过期访客', '13600001111', '送药过期', '已送发热门诊复查'])
        expect(bytes.includes(Buffer.from(gone)), gone).toBe(false);
      // The scan is meaningful: what was kept is still found in the same bytes.
      const kept = await db
        .selectFrom('residents')
        .select('name')
        .where('id', '=', r2)
        .executeTakeFirstOrThrow();
      expect(bytes.includes(Buffer.from(kept.name))).toBe(true);
    }
  });

  it('removes an old roster upload with its file on disk, and its names from the database', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('data');
    ws.addRow([...RESIDENT_COLUMNS]);
    ws.addRow(['1号楼', '1', '301', '郑名册甲', '13911112222', demoIdNumber('210881', 770001), '户主']);
    ws.addRow(['1号楼', '1', '302', '王名册乙', '1391111', demoIdNumber('210881', 770002), '户主']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const file = multipart('居民.xlsx', bytes);
    const started = await here.official.post(
      `/api/compounds/${here.id}/imports/residents`,
      file.payload,
      file.headers,
    );
    expect(started.statusCode).toBe(202);
    const jobId = started.json<{ id: number }>().id;
    await expect
      .poll(async () => (await here.official.get(`/api/compound-imports/${jobId}`)).json().status, {
        timeout: 10_000,
      })
      .toBe('done');
    expect(blobBytes().some((b) => b.equals(bytes))).toBe(true);
    await db
      .updateTable('compound_imports')
      .set({ created_at: Date.now() - 8 * DAY_MS })
      .where('id', '=', jobId)
      .execute();

    const report = await t.ctx.retention.purge();
    expect(report.lines).toContainEqual({
      table: 'compound_imports',
      nodePath: here.path,
      action: 'deleted',
      rows: 1,
    });
    expect(report.filesRemoved).toBe(1);
    expect(blobBytes().some((b) => b.equals(bytes))).toBe(false);
    expect(
      await db.selectFrom('files').select('id').where('owner_type', '=', 'compound-import').execute(),
    ).toEqual([]);
    if (dialect === 'sqlite') expect(fileBytes().includes(Buffer.from('13911112222'))).toBe(true); // imported: a resident now
  });

  it('prints what would go per table and node with `xinghuo purge --dry-run`, removing nothing', async () => {
    await db
      .updateTable('gate_entries')
      .set({ at: Date.now() - 40 * DAY_MS })
      .where('node_path', '=', here.path)
      .execute();
    const before = await ids('gate_entries');
    const { cli, out } = testCli(t.ctx.config, reopen(t));
    expect(await purge(['--dry-run'], cli)).toBe(0);
    expect(out[0]).toBe('dry run: nothing is removed');
    const line = out.find((l) => l.includes('gate_entries'));
    expect(line).toContain(here.path);
    expect(line).toContain(`${before.length} would be deleted`);
    expect(await ids('gate_entries')).toEqual(before);
  });

  it('ends the emergency on a street: after the grace period no name, ID number or phone is left there, the neighbour keeps its own', async () => {
    const street = await t.node(STREET);
    // The first key signed every pass so far; after a rotation the neighbour's live pass is
    // renewed with the new key, so once the street's passes go the old key signs nothing live.
    expect((await command.post('/api/passes/keys/rotate')).statusCode).toBe(200);
    const live = there.residents[1]!;
    const renewed = await there.official.post(`/api/passes/${passOf.get(live)!.id}/renew`);
    expect(renewed.statusCode).toBe(201);
    passOf.set(live, renewed.json());
    const keyStatus = async () =>
      (await db.selectFrom('pass_keys').select(['id', 'status']).orderBy('id').execute()).map(
        (k: { status: string }) => k.status,
      );
    expect(await keyStatus()).toEqual(['verifying', 'active']);

    const people = await db
      .selectFrom('residents')
      .select(['name', 'phone', 'id_number', 'node_path'])
      .execute();
    const hereCounts = inSubtree(STREET);
    const thereCounts = inSubtree(NEIGHBOUR);
    const neighbourBefore = {
      residents: await thereCounts('residents'),
      vehicles: await thereCounts('vehicles'),
      passes: await thereCounts('passes'),
    };
    expect(await hereCounts('residents')).toBeGreaterThan(0);

    // Outside the command centre's reach: a street official cannot end the emergency.
    expect(
      (await here.official.put(`/api/retention/emergency-ends/${street.id}`, { endedAt: Date.now() }))
        .statusCode,
    ).toBe(403);
    // A date can be withdrawn before its purge.
    const neighbour = await t.node(NEIGHBOUR);
    expect((await command.delete(`/api/retention/emergency-ends/${neighbour.id}`)).statusCode).toBe(404);
    expect(
      (await command.put(`/api/retention/emergency-ends/${neighbour.id}`, { endedAt: Date.now() }))
        .statusCode,
    ).toBe(200);
    expect((await command.delete(`/api/retention/emergency-ends/${neighbour.id}`)).statusCode).toBe(204);

    const endedAt = Date.now() - (t.ctx.retention.settings.graceDays + 1) * DAY_MS;
    const set = await command.put(`/api/retention/emergency-ends/${street.id}`, { endedAt });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ nodePath: street.path, endedAt, purgedAt: null });

    await t.ctx.retention.purge();
    for (const table of ['residents', 'vehicles', 'passes', 'gate_entries', 'gate_fevers'])
      expect(await hereCounts(table), table).toBe(0);
    // Households stay as a count; their addresses are gone.
    const homes = await db
      .selectFrom('households')
      .select(['building', 'room'])
      .where('id', 'in', here.households)
      .execute();
    expect(homes).toHaveLength(here.households.length);
    for (const h of homes) expect(h).toEqual({ building: null, room: expect.stringMatching(/^-\d+$/) });
    expect(neighbourBefore).toEqual({
      residents: await thereCounts('residents'),
      vehicles: await thereCounts('vehicles'),
      passes: await thereCounts('passes'),
    });
    expect((await t.ctx.audit.verify()).ok).toBe(true);
    expect(await keyStatus()).toEqual(['retired', 'active']);
    const residentAudit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('entity_type', '=', 'resident')
      .where('node_path', '>=', street.path)
      .where('node_path', '<', `${street.path.slice(0, -1)}0`)
      .execute();
    expect(residentAudit.every((r) => r.detail === null)).toBe(true);

    if (dialect === 'sqlite') {
      const bytes = fileBytes();
      for (const p of people) {
        const gone = p.node_path.startsWith(street.path);
        for (const value of [p.name, p.phone, p.id_number])
          expect(bytes.includes(Buffer.from(value)), `${value} ${gone ? 'gone' : 'kept'}`).toBe(!gone);
      }
    }
    const ends = (await command.get('/api/retention/emergency-ends')).json();
    expect(ends).toEqual([expect.objectContaining({ nodeId: street.id, purgedAt: expect.any(Number) })]);
    expect(
      (await command.put(`/api/retention/emergency-ends/${street.id}`, { endedAt })).json().error.code,
    ).toBe('EMERGENCY_ALREADY_PURGED');
  });

  it('exports everything about one person across every module, and erases it where no duty keeps it', async () => {
    const residentId = there.residents[1]!;
    const person = await db
      .selectFrom('residents')
      .select(['id_number', 'name', 'phone', 'node_path'])
      .where('id', '=', residentId)
      .executeTakeFirstOrThrow();
    const keeperThere = await t.as('gate_keeper', NEIGHBOUR);
    const entry = await keeperThere.post('/api/gate/scans', {
      id: uuid(),
      compoundId: there.id,
      lane: 'person',
      direction: 'in',
      code: passOf.get(residentId)!.code,
      temperature: 37.9,
    });
    expect(entry.json().fever).toBe(true);
    const community = await t.node(`${NEIGHBOUR}200`);
    const account = await t.createUser([{ role: 'volunteer', node: `${NEIGHBOUR}200` }], person.name);
    const now = Date.now();
    await db
      .insertInto('alliance_volunteers')
      .values({
        user_id: account.id,
        team_id: null,
        team_type: '',
        node_id: community.id,
        node_path: community.path,
        name: person.name,
        phone: person.phone,
        id_number: person.id_number,
        skills: '[]',
        availability: null,
        source: 'admin',
        pledge_name: null,
        pledged_at: null,
        created_by: null,
        created_at: now,
      })
      .execute();
    await db
      .insertInto('alliance_signups')
      .values({
        name: person.name,
        phone: person.phone,
        id_number: person.id_number,
        password_hash: 'x',
        skills: '[]',
        availability: '周末',
        node_id: community.id,
        node_path: community.path,
        team_id: null,
        pledge_name: person.name,
        pledged_at: now,
        status: 'approved',
        decided_by: null,
        decided_at: now,
        reason: null,
        user_id: account.id,
        created_at: now,
      })
      .execute();
    // The same person came back from another city and is under home isolation.
    const returnee = await db
      .insertInto('returnees')
      .values({
        node_id: community.id,
        node_path: community.path,
        name: person.name,
        id_number: person.id_number,
        phone: person.phone,
        address: '',
        from_code: '4201',
        arrival_day: '2020-01-22',
        transport: 'train',
        transport_no: 'G1234',
        companions: 0,
        category: 'medium',
        status: 'isolating',
        measure: 'home',
        start_day: '2020-01-22',
        end_day: '2020-02-04',
        per_day: 2,
        released_at: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('returnee_visits')
      .values({
        returnee_id: returnee.id,
        node_path: community.path,
        day: '2020-01-22',
        slot: 0,
        due_at: now,
        status: 'seen_ok',
        temp_x10: 364,
        symptoms: '[]',
        performed_by: null,
        performed_at: now,
        released_at: null,
      })
      .execute();

    // As a volunteer the same person stood a shift at a checkpoint of the community…
    await db
      .insertInto('field_checkpoints')
      .values({
        node_id: community.id,
        node_path: community.path,
        name: '村口卡点',
        kind: 'village_entrance',
        location: '',
        hours: '',
        needs: '[]',
        support: '',
        team_id: null,
        claimed_at: null,
        code_secret: 'secret',
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const shift = await db
      .insertInto('field_shifts')
      .values({
        checkpoint_id: community.id,
        node_path: community.path,
        starts_at: now,
        ends_at: now + 4 * 3_600_000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('field_signups')
      .values({
        shift_id: shift.id,
        checkpoint_id: community.id,
        node_path: community.path,
        user_id: account.id,
        skill: 'general',
        starts_at: now,
        ends_at: now + 4 * 3_600_000,
        checked_in_at: now,
        checked_out_at: null,
        stand_in_for: null,
        created_at: now,
      })
      .execute();
    // …and the household ordered vegetables at cost.
    await db
      .insertInto('grocery_orders')
      .values({
        cycle_id: 1,
        shop_id: 1,
        household_id: there.households[0]!,
        seq: 1,
        compound_id: there.id,
        node_path: person.node_path,
        placed_by: account.id,
        on_behalf: 0,
        payment: 'cash',
        note: null,
        total_fen: 2_000,
        cost_fen: 2_000,
        weight_g: 3_000,
        status: 'placed',
        batch_id: null,
        status_at: now,
        created_at: now,
      })
      .execute();

    const official = await t.as('official', NEIGHBOUR);
    const res = await official.post('/api/retention/person/export', { idNumber: person.id_number });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const exported = res.json<{ tables: Array<{ module: string; table: string; rows: unknown[] }> }>();
    // Every module that can find a person by ID number holds something about this one.
    const withPerson = new Set(
      t.ctx.retention
        .rules()
        .filter((r) => r.person)
        .map((r) => r.module),
    );
    expect(new Set(exported.tables.map((x) => x.module))).toEqual(withPerson);
    expect(exported.tables.map((x) => x.table).sort()).toEqual(
      [
        'alliance_signups',
        'alliance_volunteers',
        'field_signups',
        'gate_entries',
        'gate_fevers',
        'grocery_orders',
        'households',
        'passes',
        'residents',
        'returnee_visits',
        'returnees',
        'vehicles',
      ].sort(),
    );
    expect(JSON.stringify(exported)).toContain(person.name);
    // Another district's official learns nothing about this person.
    const stranger = await t.as('official', '210802');
    expect(
      (await stranger.post('/api/retention/person/export', { idNumber: person.id_number })).json().tables,
    ).toEqual([]);
    // A gate keeper may not ask at all; a malformed ID number is refused by field.
    expect(
      (await keeperThere.post('/api/retention/person/export', { idNumber: person.id_number })).statusCode,
    ).toBe(403);
    const bad = await official.post('/api/retention/person/export', { idNumber: '123' });
    expect(bad.statusCode).toBe(400);

    const erased = await official.post('/api/retention/person/erase', { idNumber: person.id_number });
    expect(erased.statusCode).toBe(200);
    const tables = erased.json<{ erased: Array<{ table: string }> }>().erased.map((l) => l.table);
    expect(tables).toEqual(
      expect.arrayContaining([
        'residents',
        'passes',
        'gate_entries',
        'gate_fevers',
        'alliance_volunteers',
        'alliance_signups',
      ]),
    );
    expect(
      await db.selectFrom('residents').select('id').where('id_number', '=', person.id_number).execute(),
    ).toEqual([]);
    expect(
      await db
        .selectFrom('alliance_volunteers')
        .select('id')
        .where('id_number', '=', person.id_number)
        .execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom('alliance_signups').select('id').where('phone', '=', person.phone).execute(),
    ).toEqual([]);
    // The housemate stays, and with them the household's address and car.
    expect(
      await db.selectFrom('residents').select('id').where('id', '=', there.residents[0]!).execute(),
    ).toHaveLength(1);
    expect(tables).not.toContain('households');
    expect(tables).not.toContain('vehicles');
    expect(
      await db.selectFrom('vehicles').select('id').where('id', '=', there.vehicles[0]!).execute(),
    ).toHaveLength(1);
    const home = await db
      .selectFrom('households')
      .select('room')
      .where('id', '=', there.households[0]!)
      .executeTakeFirstOrThrow();
    expect(home.room).toBe('101');
    const again = await official.post('/api/retention/person/export', { idNumber: person.id_number });
    expect(again.json().tables).toEqual([]);
    const trail = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_id'])
      .where('entity_type', '=', 'person')
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual([
      'person.exported',
      'person.exported',
      'person.erased',
      'person.exported',
    ]);
    expect(
      trail.every(
        (a) => a.entity_id !== person.id_number && a.entity_id?.endsWith(person.id_number.slice(-4)),
      ),
    ).toBe(true);
    expect((await t.ctx.audit.verify()).ok).toBe(true);
  });

  it('lists every declared table with its rule, and the environment overrides a default', async () => {
    const rules = (await command.get('/api/retention/rules')).json();
    const gate = rules.rules.find((r: { table: string }) => r.table === 'gate_entries');
    expect(gate).toMatchObject({
      days: 28,
      defaultDays: 28,
      setting: 'XINGHUO_RETAIN_GATE_ENTRIES_DAYS',
      action: 'delete',
    });
    expect(gate.sensitive).toContain('temp_x100');
    expect(rules.rules.map((r: { table: string }) => r.table)).toEqual(
      expect.arrayContaining(['residents', 'passes', 'alliance_volunteers', 'audit_log', 'files']),
    );
    // The docs' table of rules names every declared table: the inventory is readable without a login.
    const documented = readFileSync(
      join(import.meta.dirname, '../../../../docs/modules/retention.md'),
      'utf8',
    );
    const missing = rules.rules
      .map((r: { table: string }) => r.table)
      .filter((table: string) => !documented.includes(`| \`${table}\` |`));
    expect(missing).toEqual([]);
    expect((await keeper.get('/api/retention/rules')).statusCode).toBe(403);
    expect(loadConfig({ XINGHUO_RETAIN_GATE_ENTRIES_DAYS: '14' }).retention.days).toEqual({
      gate_entries: 14,
    });
    expect(() => loadConfig({ XINGHUO_RETAIN_GATE_ENTRIES_DAYS: '0' })).toThrow(
      /XINGHUO_RETAIN_GATE_ENTRIES_DAYS/,
    );
  });
});
