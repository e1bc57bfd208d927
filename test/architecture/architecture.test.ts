import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED } from './allowed.ts';
import { allowed, checkArchitecture, readSources, type Source } from './rules.ts';

const root = join(import.meta.dirname, '..', '..');
const sources = readSources(root, ['src']);

const show = (v: { file: string; line?: number; target: string; detail?: string; reason?: string }) =>
  `${v.file}${v.line ? `:${v.line}` : ''} → ${v.target}: ${v.detail ?? v.reason}`;

describe('architecture rules over src/', () => {
  const violations = checkArchitecture(sources);

  it('finds no table or import that breaks a rule, beyond the allow-list', () => {
    expect(violations.filter((v) => !allowed(v, ALLOWED)).map(show)).toEqual([]);
  });

  it('keeps no allow-list entry that nothing needs any more (the list only shrinks)', () => {
    const stale = ALLOWED.filter(
      (a) => !violations.some((v) => v.rule === a.rule && v.file === a.file && v.target === a.target),
    );
    expect(stale.map(show)).toEqual([]);
  });

  it('gives every allow-list entry a reason', () => {
    expect(ALLOWED.filter((a) => a.reason.trim().length < 10).map(show)).toEqual([]);
  });
});

describe('the checker fails on a deliberate violation', () => {
  const tables: Source[] = [
    {
      path: 'src/server/core/db/tables.ts',
      text: 'export interface CoreTables {\n  nodes: NodesTable;\n  users: UsersTable;\n}',
    },
    {
      path: 'src/server/modules/alpha/alpha.tables.ts',
      text: 'export type AlphaTables = {\n  alpha_items: AlphaItemsTable;\n};',
    },
    {
      path: 'src/server/modules/beta/beta.tables.ts',
      text: 'export type BetaTables = { beta_rows: BetaRowsTable };',
    },
  ];
  const check = (...files: Source[]) => checkArchitecture([...tables, ...files]);

  it('passes a module that touches only its own tables and joins a read model', () => {
    const ok = {
      path: 'src/server/modules/alpha/alpha.repository.ts',
      text: `db.selectFrom('alpha_items').innerJoin('nodes', 'nodes.id', 'alpha_items.node_id');
      import { x } from '../beta/index.ts'; import { y } from '../../core/db/index.ts';`,
    };
    expect(check(ok)).toEqual([]);
  });

  it('refuses another module’s table, by kysely call and by raw SQL', () => {
    const bad = {
      path: 'src/server/modules/alpha/alpha.repository.ts',
      text: "db.selectFrom('beta_rows').selectAll();\nsql`update beta_rows set x = 1`;",
    };
    expect(check(bad).map((v) => [v.rule, v.target, v.line])).toEqual([
      ['table', 'beta_rows', 1],
      ['table', 'beta_rows', 2],
    ]);
  });

  it('refuses a lookup on a read model (only joins may read it) and any write to it', () => {
    const bad = {
      path: 'src/server/modules/alpha/alpha.service.ts',
      text: "db.selectFrom('nodes').where('id', '=', 1);\ndb.updateTable('users').set({ name: 'x' });",
    };
    expect(check(bad).map((v) => v.target)).toEqual(['nodes', 'users']);
  });

  it('refuses a join on a read model by a module its owner did not name as a reader', () => {
    const owner = {
      path: 'src/server/modules/compounds/compounds.tables.ts',
      text: 'export type CompoundTables = { households: HouseholdsTable };',
    };
    const named = {
      path: 'src/server/modules/passes/passes.repository.ts',
      text: "db.selectFrom('passes as p').innerJoin('households as h', 'h.id', 'p.household_id');",
    };
    const other = {
      path: 'src/server/modules/alpha/alpha.repository.ts',
      text: "db.selectFrom('alpha_items as a').innerJoin('households as h', 'h.id', 'a.household_id');",
    };
    expect(check(owner, named, other).map((v) => [v.file, v.target])).toEqual([
      ['src/server/modules/alpha/alpha.repository.ts', 'households'],
    ]);
  });

  it('refuses core importing a module and a module importing past another’s index.ts', () => {
    const core = {
      path: 'src/server/core/jobs/x.ts',
      text: "import { a } from '../../modules/alpha/index.ts';",
    };
    const deep = {
      path: 'src/server/modules/alpha/alpha.service.ts',
      text: "import type { B } from '../beta/beta.repository.ts';",
    };
    const feature = { path: 'src/web/features/one/page.tsx', text: "import { two } from '../two/api.ts';" };
    expect(check(core, deep, feature).map((v) => v.detail)).toEqual([
      'core imports a module',
      'imports beta past its index.ts',
      'feature one imports feature two',
    ]);
  });
});
