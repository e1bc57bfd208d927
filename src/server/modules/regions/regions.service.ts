import type { Page } from '../../../contracts/common.ts';
import type { CreateNodeBody, NodeKind, RegionNode, RegionNodeDetail } from '../../../contracts/regions.ts';
import { type Actor, isWithin, loadInScope, requireInScope, scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError } from '../../core/errors.ts';
import { ancestorPaths, type EventBus } from '../../core/events/index.ts';
import { pinyinKeys } from './pinyin.ts';
import type { NodeListRow, NodeRowWithCount, RegionsRepository } from './regions.repository.ts';

export function toRegionNode(row: NodeListRow): RegionNode {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as NodeKind,
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    childCount: row.child_count,
    custom: row.custom === 1,
  };
}

const CUSTOM_PARENT_KINDS = new Set(['community', 'compound', 'checkpoint', 'grid', 'other']);

export class RegionsService {
  constructor(
    private readonly db: Db,
    private readonly repo: RegionsRepository,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {}

  /** A node the caller may read, or 404. */
  async readable(actor: Actor, id: number): Promise<NodeRowWithCount> {
    const node = await loadInScope(actor, 'regions.read', this.repo.findById(id));
    return node;
  }

  async roots(actor: Actor): Promise<RegionNode[]> {
    const roots = scopePaths(actor, 'regions.read');
    const ids = actor.grants.filter((g) => roots.includes(g.nodePath)).map((g) => g.nodeId);
    const rows = await this.repo.findByIds([...new Set(ids)]);
    return rows.map(toRegionNode);
  }

  async get(actor: Actor, id: number): Promise<RegionNodeDetail> {
    const node = await this.readable(actor, id);
    const scopes = scopePaths(actor, 'regions.read');
    const visibleAncestors = ancestorPaths(node.path).filter(
      (p) => p !== node.path && scopes.some((root) => isWithin(p, root)),
    );
    const [ancestors, subtreeCounts] = await Promise.all([
      this.repo.byPaths(visibleAncestors),
      this.repo.subtreeCounts(node.path),
    ]);
    return {
      ...toRegionNode(node),
      ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, kind: a.kind as NodeKind })),
      subtreeCounts,
    };
  }

  async children(actor: Actor, id: number, page: number, pageSize: number): Promise<Page<RegionNode>> {
    const path = await this.repo.pathOf(id);
    requireInScope(actor, 'regions.read', path === undefined ? null : { path });
    const { rows, total } = await this.repo.children(id, page, pageSize);
    return { items: rows.map(toRegionNode), total, page, pageSize };
  }

  async search(actor: Actor, q: string, limit: number): Promise<RegionNode[]> {
    const rows = await this.repo.search(q, scopePaths(actor, 'regions.read'), limit);
    return rows.map(toRegionNode);
  }

  /** Names for paths the caller may see; an unknown or out-of-scope path is left out, not refused. */
  async names(actor: Actor, paths: string[]): Promise<Record<string, string>> {
    if (paths.length === 0) return {};
    const rows = await this.repo.namesByPath(paths, scopePaths(actor, 'regions.read'));
    return Object.fromEntries(rows.map((r) => [r.path, r.name]));
  }

  async create(actor: Actor, body: CreateNodeBody, requestId: string): Promise<RegionNode> {
    const parent = await loadInScope(actor, 'regions.manage', this.repo.findById(body.parentId));
    if (!CUSTOM_PARENT_KINDS.has(parent.kind)) {
      throw new AppError('NODE_KIND_NOT_ALLOWED', 400, {}, [
        { field: 'parentId', in: 'body', code: 'NODE_KIND_NOT_ALLOWED' },
      ]);
    }
    const created = await inTransaction(this.db, async (trx) => {
      if (await this.repo.siblingNamed(parent.id, body.name, trx)) {
        throw new AppError('NAME_TAKEN', 409, {}, [{ field: 'name', in: 'body', code: 'NAME_TAKEN' }]);
      }
      const taken = new Set(await this.repo.customChildCodes(parent.id, trx));
      let seq = taken.size + 1;
      while (taken.has(`${parent.code}-${seq}`)) seq += 1;
      const code = `${parent.code}-${seq}`;
      const path = `${parent.path}${code}/`;
      const row = await this.repo.insert(
        {
          code,
          name: body.name,
          kind: body.kind,
          parent_id: parent.id,
          path,
          depth: parent.depth + 1,
          ...pinyinKeys(body.name),
          custom: 1,
          created_at: Date.now(),
          created_by: actor.id,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'region.node-created',
        entityType: 'node',
        entityId: row.id,
        nodePath: path,
        detail: { name: body.name, kind: body.kind, parentId: parent.id },
        requestId,
      });
      await this.events.append(trx, {
        type: 'region.node-created',
        nodePath: path,
        actorId: actor.id,
        payload: { id: row.id, name: row.name, kind: row.kind, parentId: parent.id },
      });
      return row;
    });
    return toRegionNode({ ...created, child_count: 0 });
  }

  private async customForManage(actor: Actor, id: number): Promise<NodeRowWithCount> {
    const node = await loadInScope(actor, 'regions.manage', this.repo.findById(id));
    if (node.custom !== 1) throw new AppError('NODE_NOT_CUSTOM', 400);
    return node;
  }

  async rename(actor: Actor, id: number, name: string, requestId: string): Promise<RegionNode> {
    const node = await this.customForManage(actor, id);
    await inTransaction(this.db, async (trx) => {
      if (node.parent_id && (await this.repo.siblingNamed(node.parent_id, name, trx))) {
        throw new AppError('NAME_TAKEN', 409, {}, [{ field: 'name', in: 'body', code: 'NAME_TAKEN' }]);
      }
      const keys = pinyinKeys(name);
      await this.repo.rename(id, name, keys.initials, keys.pinyin, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'region.node-renamed',
        entityType: 'node',
        entityId: id,
        nodePath: node.path,
        detail: { from: node.name, to: name },
        requestId,
      });
    });
    return toRegionNode({ ...node, name });
  }

  async remove(actor: Actor, id: number, requestId: string): Promise<void> {
    const node = await this.customForManage(actor, id);
    if (node.child_count > 0) throw new AppError('NODE_NOT_EMPTY', 409);
    try {
      await inTransaction(this.db, async (trx) => {
        await this.repo.delete(id, trx);
        await this.audit.record(trx, {
          actorId: actor.id,
          action: 'region.node-deleted',
          entityType: 'node',
          entityId: id,
          nodePath: node.path,
          detail: { name: node.name },
          requestId,
        });
      });
    } catch (err) {
      // A foreign key from a grant or a module's record still points here.
      if (err instanceof AppError) throw err;
      if (/foreign key/i.test(String((err as Error).message))) throw new AppError('NODE_NOT_EMPTY', 409);
      throw err;
    }
  }
}
