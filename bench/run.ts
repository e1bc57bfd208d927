import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectName } from '../src/server/core/db/index.ts';
import { measureBaseline } from './lib/baseline.ts';
import { printTable } from './lib/report.ts';
import type { BenchRow, Scenario } from './lib/types.ts';

/**
 * `npm run bench` runs every scenario; `npm run bench -- alliance compounds` only those;
 * `--quick` shortens each measurement. It prints a table and never fails on a missed goal.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const dialects: DialectName[] = args.includes('--sqlite')
  ? ['sqlite']
  : args.includes('--postgres')
    ? ['postgres']
    : ['sqlite', 'postgres'];
const scenarioDir = new URL('./scenarios/', import.meta.url);
const available = readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort((a, b) => (a === 'foundation' ? -1 : b === 'foundation' ? 1 : a.localeCompare(b)));
const selected = wanted.length ? available.filter((s) => wanted.includes(s)) : available;

const tmpDir = mkdtempSync(join(tmpdir(), 'xinghuo-bench-'));
const rows: BenchRow[] = [];
try {
  console.log(`Xinghuo bench: ${selected.join(', ')}${quick ? ' (quick)' : ''}\n`);
  const baseline = await measureBaseline(tmpDir, quick ? 2 : 5);
  rows.push(
    { scenario: 'machine', figure: 'bare Fastify hello', value: baseline.helloRps, unit: 'req/s' },
    { scenario: 'machine', figure: 'bare Fastify hello p99', value: baseline.helloP99Ms, unit: 'ms' },
    {
      scenario: 'machine',
      figure: 'raw SQLite insert, 1 row/tx',
      value: baseline.sqliteRowTxPerS,
      unit: 'rows/s',
    },
    {
      scenario: 'machine',
      figure: 'raw SQLite insert, 1000 rows/tx',
      value: baseline.sqliteRowsBatchedPerS,
      unit: 'rows/s',
    },
  );
  for (const name of selected) {
    const scenario = (await import(new URL(`${name}.ts`, scenarioDir).href)).default as Scenario;
    try {
      rows.push(...(await scenario({ baseline, tmpDir, quick, dialects })));
    } catch (err) {
      console.error(`scenario ${name} failed:`, err);
      rows.push({
        scenario: name,
        figure: `FAILED: ${(err as Error).message.slice(0, 80)}`,
        value: Number.NaN,
        unit: '',
      });
    }
  }
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}
console.log('');
printTable(rows);
process.exit(0);
