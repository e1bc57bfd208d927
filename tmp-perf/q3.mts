import Database from 'better-sqlite3';
const db = new Database('/tmp/perfprof/q.db');
const id = (db.prepare("select id from nodes where code='210881'").get() as any).id;
const bench = (name: string, f: () => unknown) => { for (let k=0;k<200;k++) f(); const t=performance.now(); for (let i=0;i<3000;i++) f(); console.log(name, ((performance.now()-t)/3000*1000).toFixed(1), 'µs'); };
for (const col of ['id','code','name','kind','parent_id','path','depth','initials','pinyin','custom','created_at','created_by']) {
  const s = db.prepare(`select ${col} from nodes n where n.parent_id = ? order by n.code limit 50`);
  bench(col, () => s.all(id));
}
const s = db.prepare(`select * from nodes n where n.parent_id = ? order by n.code limit 50`).raw();
bench('raw', () => s.all(id));
