import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The architecture's rules, read from the source (docs/ARCHITECTURE.md, docs/CODE_STYLE.md):
 *
 * - tables: a module's code names only the tables its `*.tables.ts` declares, the core tables
 *   whose face it is (`CORE_TABLE_FACES`), and declared read models (`READ_MODELS`) — those read
 *   only, only by joining, and only by the readers a model names. Everything else goes through the owner's `index.ts`.
 * - imports: core never imports a module; a module imports another module only through its
 *   `index.ts`; contracts import neither server nor web; web feature folders never import each
 *   other and the web never imports the server.
 *
 * Paths are relative to the repository root with '/' separators.
 */

export interface Source {
  path: string;
  text: string;
}

export interface Violation {
  rule: 'table' | 'import';
  file: string;
  /** The table named, or the import specifier resolved to a repository path. */
  target: string;
  line: number;
  detail: string;
}

/**
 * Core's tables that a platform module serves over HTTP. Core's services (sessions, persons,
 * the outbox, the audit chain, the scheduler) read and write them too, which is why they are
 * declared in core/db/tables.ts and not in the module (decision 1101).
 */
export const CORE_TABLE_FACES: Record<string, readonly string[]> = {
  regions: ['nodes'],
  auth: ['users', 'grants', 'sessions'],
  users: ['users', 'grants', 'sessions'],
  webhooks: ['webhooks', 'webhook_deliveries', 'events'],
  audit: ['audit_log'],
  live: ['events'],
  jobs: ['job_runs'],
  files: ['files'],
  retention: ['emergency_ends'],
};

/**
 * Tables a module may read by joining, never write: any module, or only the `readers` named. A
 * join is the one way to name a row's node, account or door in a list without a query per row;
 * single lookups go through the owner's index.ts.
 */
export const READ_MODELS: Record<string, { owner: string; readers?: readonly string[]; reason: string }> = {
  nodes: { owner: 'regions', reason: 'lists show the name of the node a record hangs on' },
  users: { owner: 'users', reason: 'lists show the name of the account that did something' },
  households: {
    owner: 'compounds',
    readers: ['passes'],
    reason: 'a printed pass and the pass list show the door (building, unit, room) of the holder',
  },
  residents: {
    owner: 'compounds',
    readers: ['passes'],
    reason:
      "the pass list shows the holder's masked name; the purge keeps passes of people still living there",
  },
  vehicles: { owner: 'compounds', readers: ['passes'], reason: 'a vehicle pass shows its plate' },
};

const KYSELY =
  /\.(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*\[?\s*(['"`])([a-z_][a-z0-9_]*)(?:\s+as\s+\w+)?\2/g;
const RAW_SQL = /\b(from|join|update|into)\s+"?([a-z_][a-z0-9_]*)"?/gi;
const SQL_TEMPLATE = /\bsql(?:<[^`]*?>)?`([^`]*)`/g;
const SQL_TABLE = /\bsql\.table\(\s*(['"])([a-z_][a-z0-9_]*)\1/g;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*(['"])([^'"]+)\1|\bimport\(\s*(['"])([^'"]+)\3\s*\)/g;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The keys of every `…Tables = { … }` / `interface …Tables { … }` block in a tables file. */
export function declaredTables(text: string): string[] {
  const names: string[] = [];
  for (const block of text.matchAll(/(?:type\s+\w*Tables\s*=|interface\s+\w*Tables)\s*\{([^}]*)\}/g)) {
    for (const key of (block[1] ?? '').matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:/gm)) names.push(key[1]!);
  }
  return names;
}

/** Which module (or 'core') declares each table. */
export function tableOwners(sources: readonly Source[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const s of sources) {
    const m = /^src\/server\/modules\/([^/]+)\/[^/]+\.tables\.ts$/.exec(s.path);
    const owner = m ? m[1]! : s.path === 'src/server/core/db/tables.ts' ? 'core' : undefined;
    if (!owner) continue;
    for (const table of declaredTables(s.text)) owners.set(table, owner);
  }
  return owners;
}

interface TableUse {
  table: string;
  line: number;
  kind: 'read' | 'join' | 'write';
}

/** The tables a file names in kysely calls, `sql.table(…)` and raw SQL templates. */
export function tableUses(text: string, known: ReadonlySet<string>): TableUse[] {
  const uses: TableUse[] = [];
  for (const m of text.matchAll(KYSELY)) {
    const call = m[1]!;
    const kind = call.endsWith('Join') ? 'join' : call === 'selectFrom' ? 'read' : 'write';
    uses.push({ table: m[3]!, line: lineOf(text, m.index), kind });
  }
  for (const m of text.matchAll(SQL_TABLE))
    uses.push({ table: m[2]!, line: lineOf(text, m.index), kind: 'write' });
  for (const t of text.matchAll(SQL_TEMPLATE)) {
    for (const m of (t[1] ?? '').matchAll(RAW_SQL)) {
      if (!known.has(m[2]!)) continue;
      const word = m[1]!.toLowerCase();
      const kind = word === 'join' ? 'join' : word === 'from' ? 'read' : 'write';
      uses.push({ table: m[2]!, line: lineOf(text, t.index + 4 + m.index), kind });
    }
  }
  return uses;
}

function moduleOf(path: string): string | undefined {
  return /^src\/server\/modules\/([^/]+)\//.exec(path)?.[1];
}

function featureOf(path: string): string | undefined {
  return /^src\/web\/features\/([^/]+)\//.exec(path)?.[1];
}

/** Checks every source file against the rules; `isTest` files are held to the import rules only. */
export function checkArchitecture(sources: readonly Source[]): Violation[] {
  const owners = tableOwners(sources);
  const known = new Set(owners.keys());
  const violations: Violation[] = [];

  for (const s of sources) {
    const isTest = /\.(test|spec)\.ts$/.test(s.path) || s.path.endsWith('.fixture.ts');
    const mod = moduleOf(s.path);
    if (mod && !isTest) {
      for (const use of tableUses(s.text, known)) {
        const owner = owners.get(use.table);
        if (!owner || owner === mod) continue;
        if (owner === 'core' && CORE_TABLE_FACES[mod]?.includes(use.table)) continue;
        const model = READ_MODELS[use.table];
        if (model && use.kind === 'join' && (!model.readers || model.readers.includes(mod))) continue;
        violations.push({
          rule: 'table',
          file: s.path,
          target: use.table,
          line: use.line,
          detail: `${mod} ${use.kind === 'write' ? 'writes' : 'reads'} ${use.table}, owned by ${owner === 'core' ? 'core' : owner}`,
        });
      }
    }

    for (const m of s.text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[4]!;
      if (!spec.startsWith('.')) continue;
      const target = normalize(join(dirname(s.path), spec))
        .split('\\')
        .join('/');
      const line = lineOf(s.text, m.index);
      const refuse = (detail: string) =>
        violations.push({ rule: 'import', file: s.path, target, line, detail });
      const targetModule = moduleOf(target);
      if (s.path.startsWith('src/server/core/') && target.startsWith('src/server/modules/')) {
        refuse('core imports a module');
      } else if (
        targetModule &&
        moduleOf(s.path) !== targetModule &&
        s.path.startsWith('src/server/') &&
        target !== `src/server/modules/${targetModule}/index.ts` &&
        // A module's test fixtures are the one surface other modules' tests may share.
        !(isTest && target.endsWith('.fixtures.ts'))
      ) {
        refuse(`imports ${targetModule} past its index.ts`);
      } else if (s.path.startsWith('src/contracts/') && !target.startsWith('src/contracts/')) {
        refuse('contracts import outside src/contracts');
      } else if (s.path.startsWith('src/web/') && target.startsWith('src/server/')) {
        refuse('the web imports the server');
      } else if (featureOf(s.path) && featureOf(target) && featureOf(s.path) !== featureOf(target)) {
        refuse(`feature ${featureOf(s.path)} imports feature ${featureOf(target)}`);
      }
    }
  }
  return violations;
}

/** An exception the tree holds today, with the reason it cannot be fixed yet. */
export interface Allowance {
  rule: Violation['rule'];
  file: string;
  target: string;
  reason: string;
}

export function allowed(v: Violation, list: readonly Allowance[]): boolean {
  return list.some((a) => a.rule === v.rule && a.file === v.file && a.target === v.target);
}

/** Every .ts/.tsx file under the given folders, read from disk. */
export function readSources(root: string, folders: readonly string[]): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name))
        out.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out;
}
