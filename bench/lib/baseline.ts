import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { measureHttp } from './http.ts';
import { BARE_SERVER, startServerProcess } from './server.ts';
import type { Baseline } from './types.ts';

function rawSqliteInserts(tmpDir: string): { perTx: number; batched: number } {
  const db = new SqliteDatabase(join(tmpDir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (id integer primary key, a text, b integer)');
  const insert = db.prepare('insert into t (a, b) values (?, ?)');
  const single = db.transaction((i: number) => insert.run(`row ${i}`, i));
  let start = performance.now();
  const n1 = 5000;
  for (let i = 0; i < n1; i += 1) single(i);
  const perTx = n1 / ((performance.now() - start) / 1000);
  const batch = db.transaction((from: number) => {
    for (let i = from; i < from + 1000; i += 1) insert.run(`row ${i}`, i);
  });
  start = performance.now();
  const n2 = 100_000;
  for (let i = 0; i < n2; i += 1000) batch(i);
  const batched = n2 / ((performance.now() - start) / 1000);
  db.close();
  return { perTx, batched };
}

/** The machine's own limits, measured first in every run so platform figures read as ratios. */
export async function measureBaseline(tmpDir: string, durationS: number): Promise<Baseline> {
  const server = await startServerProcess(BARE_SERVER);
  try {
    await measureHttp({ url: `${server.url}/hello`, durationS: 1 });
    const hello = await measureHttp({ url: `${server.url}/hello`, durationS });
    const raw = rawSqliteInserts(tmpDir);
    return {
      helloRps: hello.rps,
      helloP99Ms: hello.p99Ms,
      sqliteRowTxPerS: raw.perTx,
      sqliteRowsBatchedPerS: raw.batched,
    };
  } finally {
    await server.close();
  }
}
