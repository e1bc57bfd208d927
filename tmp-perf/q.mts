import { connectDatabase, migrateToLatest } from '/work/wt/perf/src/server/core/db/index.ts';
import { migrations } from '/work/wt/perf/src/server/migrations/index.ts';
import { loadRegions, readRegionFile } from '/work/wt/perf/src/server/modules/regions/index.ts';
import { RegionsRepository } from '/work/wt/perf/src/server/modules/regions/regions.repository.ts';
const dbh = connectDatabase('/tmp/perfprof/q.db');
await migrateToLatest(dbh.db, migrations);
if (!(await dbh.db.selectFrom('nodes').select('id').limit(1).executeTakeFirst())) await loadRegions(dbh.db, readRegionFile());
const county = await dbh.db.selectFrom('nodes').select('id').where('code','=','210881').executeTakeFirstOrThrow();
const repo = new RegionsRepository(dbh.db);
const r = await repo.children(county.id, 1, 50);
console.log('children', r.rows.length, r.total);
for (let k=0;k<3;k++){
let t=performance.now(); for (let i=0;i<2000;i++){ await repo.findById(county.id); await repo.children(county.id,1,50);} console.log('kysely per req ms', (performance.now()-t)/2000);
}
const c = dbh.db.selectFrom('nodes as n').selectAll('n').select((eb) => eb.selectFrom('nodes as c').select((c) => c.fn.countAll<number>().as('cnt')).whereRef('c.parent_id', '=', 'n.id').as('child_count')).where('n.parent_id','=',county.id).orderBy('n.code').limit(50).offset(0).compile();
const s = dbh.sqlite!.prepare(c.sql);
let t=performance.now(); for (let i=0;i<2000;i++){ s.all(...(c.parameters as any[])); } console.log('raw list ms', (performance.now()-t)/2000);
console.log(dbh.sqlite!.prepare('explain query plan '+c.sql).all(...(c.parameters as any[])));
const rows = s.all(...(c.parameters as any[]));
t=performance.now(); for (let i=0;i<2000;i++){ JSON.stringify({items: rows}); } console.log('stringify ms', (performance.now()-t)/2000, JSON.stringify(rows).length);
