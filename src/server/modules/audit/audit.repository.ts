import { pathInScope } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';

export interface AuditFilter {
  scopes: string[];
  actorId?: number;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: number;
  to?: number;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async list(filter: AuditFilter, page: number, pageSize: number) {
    let query = this.db.selectFrom('audit_log as a').where(pathInScope('a.node_path', filter.scopes));
    if (filter.actorId) query = query.where('a.actor_id', '=', filter.actorId);
    if (filter.entityType) query = query.where('a.entity_type', '=', filter.entityType);
    if (filter.entityId) query = query.where('a.entity_id', '=', filter.entityId);
    if (filter.action) query = query.where('a.action', '=', filter.action);
    if (filter.from != null) query = query.where('a.at', '>=', filter.from);
    if (filter.to != null) query = query.where('a.at', '<', filter.to);
    const [rows, total] = await Promise.all([
      query
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        // The place by name, for people reading the log; the path stays for machines.
        .leftJoin('nodes as n', 'n.path', 'a.node_path')
        .selectAll('a')
        .select(['u.name as actor_name', 'n.name as node_name'])
        .orderBy('a.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }
}
