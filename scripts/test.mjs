// npm test after lint, types and the web build: the API suite, then the browser specs one file at
// a time, and ONE line at the end counting both — each vitest run only knows its own tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'xinghuo-tally-'));
const tally = join(dir, 'tally.jsonl');
const suites = [
  ['run', '--exclude', 'e2e/**'],
  ['run', 'e2e', '--no-file-parallelism'],
];
let status = 0;
for (const args of suites) {
  const run = spawnSync('npx', ['vitest', ...args], {
    stdio: 'inherit',
    env: { ...process.env, XINGHUO_TEST_TALLY: tally },
  });
  status = run.status ?? 1;
  if (status !== 0) break;
}
const total = { passed: 0, failed: 0, skipped: 0 };
let lines = [];
try {
  lines = readFileSync(tally, 'utf8').split('\n').filter(Boolean);
} catch {
  // No suite reported (it failed to start): the exit status says so.
}
for (const line of lines) {
  const counts = JSON.parse(line);
  for (const key of Object.keys(total)) total[key] += counts[key];
}
rmSync(dir, { recursive: true, force: true });
if (status === 0 && total.failed > 0) status = 1;
process.stdout.write(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(status);
