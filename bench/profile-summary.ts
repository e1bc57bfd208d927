import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (from XINGHUO_BENCH_PROFILE): self time grouped by where the code
 * lives (our modules, Kysely, the drivers, Fastify, zod, pino, node internals), and the top
 * functions. `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`.
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const args = process.argv.slice(2);
const lastIdx = args.indexOf('--last');
// Only the final N seconds: the load window, after module loading and warm-up.
const lastS = lastIdx >= 0 ? Number(args.splice(lastIdx, 2)[1]) : Number.POSITIVE_INFINITY;
const [file, topArg] = args;
const profile = JSON.parse(readFileSync(file!, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const times: number[] = [];
let clock = 0;
for (const d of profile.timeDeltas) {
  clock += d;
  times.push(clock);
}
const from = clock - lastS * 1e6;
const parent = new Map<number, number>();
const byId = new Map<number, Node>();
for (const n of profile.nodes) {
  byId.set(n.id, n);
  for (const c of n.children ?? []) parent.set(c, n.id);
}
const self = new Map<number, number>();
// Inclusive time of a few stages of a request, each sample counted once per stage.
const stages: Array<[string, RegExp]> = [
  ['session + grants (SessionStore.load)', /^load .*auth\/sessions/],
  ['auth hook (onRequest)', /auth-hooks/],
  ['kysely (build + compile + run)', /kysely\//],
  ['better-sqlite3', /better-sqlite3/],
  ['pg driver', /(^|\s)pg(-protocol|-pool)?\//],
  ['zod (validate + serialise)', /zod\//],
  ['JSON.stringify / serialiser', /^(stringify|serialize|serializer|\(anon\) .*fast-json-stringify)/],
  ['pino logging', /pino/],
  ['fastify + find-my-way', /(fastify|find-my-way|light-my-request|avvio)\//],
  ['socket writev', /^writev /],
  ['gc', /^\(garbage collector\)/],
];
const stageTime = new Map<string, number>();
const key = (n: Node) =>
  `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/')}:${n.callFrame.lineNumber + 1}`;
profile.samples.forEach((id, i) => {
  if (times[i]! < from) return;
  const d = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + d);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!);
    for (const [name, re] of stages) if (!seen.has(name) && re.test(k)) seen.add(name);
  }
  for (const name of seen) stageTime.set(name, (stageTime.get(name) ?? 0) + d);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

function group(url: string, name: string): string {
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'gc';
  if (name === '(program)') return 'program (native, unattributed)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1]!;
  const s = url.match(/src\/server\/(core\/[^/]+|modules\/[^/]+)/);
  if (s) return s[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return `native: ${name || '(anonymous)'}`.slice(0, 40);
  return url.replace(/^.*\/(src|bench)\//, '$1/');
}
const byGroup = new Map<string, number>();
const byFn = new Map<string, number>();
for (const n of profile.nodes) {
  const t = self.get(n.id) ?? 0;
  if (!t) continue;
  const g = group(n.callFrame.url, n.callFrame.functionName);
  byGroup.set(g, (byGroup.get(g) ?? 0) + t);
  byFn.set(key(n), (byFn.get(key(n)) ?? 0) + t);
}
const busy = total - (byGroup.get('idle') ?? 0);
const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (percentages of busy)`);
for (const [g, t] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, 25))
  if (g !== 'idle') console.log(`${pct(t)}  ${g}`);
console.log('--- stages (inclusive) ---');
for (const [name] of stages) console.log(`${pct(stageTime.get(name) ?? 0)}  ${name}`);
console.log('--- top functions (self) ---');
for (const [f, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30)))
  console.log(`${pct(t)}  ${f}`);
