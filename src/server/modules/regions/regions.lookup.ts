import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import { containing, type Db, startingWith } from '../../core/db/index.ts';

/** A node as other modules see it: enough to place a record, scope it and name it. */
export interface NodeRef {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  parent_id: number | null;
  depth: number;
}

const COLUMNS = ['id', 'code', 'name', 'kind', 'path', 'parent_id', 'depth'] as const;

/**
 * The one way another module looks a node up: the tree belongs to regions, so nobody else writes
 * `selectFrom('nodes')`. Lists that only show a node's name may join `nodes` (a declared read model).
 */
export class NodeLookup {
  constructor(private readonly db: Db) {}

  byId(id: number, trx: Db = this.db): Promise<NodeRef | undefined> {
    return trx.selectFrom('nodes').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  byIds(ids: readonly number[], trx: Db = this.db): Promise<NodeRef[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('nodes')
      .select(COLUMNS)
      .where('id', 'in', [...ids])
      .execute();
  }

  byCode(code: string, trx: Db = this.db): Promise<NodeRef | undefined> {
    return trx.selectFrom('nodes').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  }

  byCodes(codes: readonly string[], trx: Db = this.db): Promise<NodeRef[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('nodes')
      .select(COLUMNS)
      .where('code', 'in', [...codes])
      .execute();
  }

  /** A node's children in code order. */
  children(parentId: number, trx: Db = this.db): Promise<NodeRef[]> {
    return trx
      .selectFrom('nodes')
      .select(COLUMNS)
      .where('parent_id', '=', parentId)
      .orderBy('code')
      .execute();
  }

  byPath(path: string, trx: Db = this.db): Promise<NodeRef | undefined> {
    return trx.selectFrom('nodes').select(COLUMNS).where('path', '=', path).executeTakeFirst();
  }

  /** Nodes of one kind by name or pinyin initials, in path order (division names are public). */
  searchKind(kind: string, q: string, limit: number, trx: Db = this.db): Promise<NodeRef[]> {
    return trx
      .selectFrom('nodes')
      .select(COLUMNS)
      .where('kind', '=', kind)
      .where((eb) =>
        eb.or([eb('name', 'like', containing(q)), eb('initials', 'like', startingWith(q.toLowerCase()))]),
      )
      .orderBy('path')
      .limit(limit)
      .execute();
  }

  /** Nodes of one kind in a subtree, limited to the caller's scopes, in path order. */
  ofKindUnder(kind: string, path: string, scopes: readonly string[], trx: Db = this.db): Promise<NodeRef[]> {
    return trx
      .selectFrom('nodes')
      .select(COLUMNS)
      .where('kind', '=', kind)
      .where('path', '>=', path)
      .where('path', '<', subtreeEnd(path))
      .where(pathInScope('path', [...scopes]))
      .orderBy('path')
      .execute();
  }
  /**
   * Villages and communities whose name contains `q`, with their street: the public forms let a
   * person without an account name their home. Names only, no counts.
   */
  communities(q: string, limit: number, trx: Db = this.db) {
    return trx
      .selectFrom('nodes as n')
      .innerJoin('nodes as p', 'p.id', 'n.parent_id')
      .select(['n.id', 'n.name', 'p.name as parent_name'])
      .where('n.kind', '=', 'community')
      .$if(q !== '', (qb) => qb.where('n.name', 'like', `%${q.replace(/[%_\\]/g, '')}%`))
      .orderBy('n.code')
      .limit(limit)
      .execute();
  }
}
