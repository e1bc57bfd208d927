import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, inTransaction } from '../../core/db/index.ts';

export interface RegionSeedNode {
  code: string;
  name: string;
  kind: 'city' | 'county' | 'street' | 'community';
  parentCode: string | null;
  initials: string;
  pinyin: string;
}

export function readRegionFile(file = join(process.cwd(), 'data/regions/yingkou.json')): RegionSeedNode[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { nodes: RegionSeedNode[] };
  return data.nodes;
}

/**
 * Loads an official division tree (parents listed before children) in one transaction; nodes
 * already present by code are kept, so loading twice changes nothing.
 */
export async function loadRegions(db: Db, nodes: RegionSeedNode[]): Promise<number> {
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('nodes').select(['id', 'code', 'path']).execute();
    const byCode = new Map(existing.map((n) => [n.code, { id: n.id, path: n.path }]));
    let inserted = 0;
    const now = Date.now();
    const depthOf = (path: string) => path.split('/').length - 2;
    const levels = new Map<number, RegionSeedNode[]>();
    for (const node of nodes) {
      const level = node.kind === 'city' ? 0 : node.kind === 'county' ? 1 : node.kind === 'street' ? 2 : 3;
      levels.set(level, [...(levels.get(level) ?? []), node]);
    }
    for (const level of [...levels.keys()].sort()) {
      const rows = levels
        .get(level)!
        .filter((n) => !byCode.has(n.code))
        .map((n) => {
          const parent = n.parentCode ? byCode.get(n.parentCode) : undefined;
          if (n.parentCode && !parent) throw new Error(`region ${n.code}: parent ${n.parentCode} missing`);
          const path = `${parent?.path ?? ''}${n.code}/`;
          return {
            code: n.code,
            name: n.name,
            kind: n.kind,
            parent_id: parent?.id ?? null,
            path,
            depth: depthOf(path),
            initials: n.initials,
            pinyin: n.pinyin,
            custom: 0,
            created_at: now,
            created_by: null,
          };
        });
      for (let i = 0; i < rows.length; i += 200) {
        const saved = await trx
          .insertInto('nodes')
          .values(rows.slice(i, i + 200))
          .returning(['id', 'code', 'path'])
          .execute();
        for (const s of saved) byCode.set(s.code, { id: s.id, path: s.path });
        inserted += saved.length;
      }
    }
    return inserted;
  });
}
