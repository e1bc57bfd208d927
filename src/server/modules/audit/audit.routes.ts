import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntrySchema, auditQuerySchema, auditVerifySchema } from '../../../contracts/audit.ts';
import { pageOf } from '../../../contracts/common.ts';
import { scopePaths } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { actorOf } from '../../core/http/index.ts';
import type { AuditRepository } from './audit.repository.ts';

export function auditRoutes(app: FastifyInstance, repo: AuditRepository, audit: AuditLog) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  r.get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: { tags, querystring: auditQuerySchema, response: { 200: pageOf(auditEntrySchema) } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await repo.list(
        { ...filter, scopes: scopePaths(actorOf(request), 'audit.read') },
        page,
        pageSize,
      );
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: row.at,
          actorId: row.actor_id,
          actorName: row.actor_name,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          nodePath: row.node_path,
          nodeName: row.node_name,
          detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
          reason: row.reason,
          requestId: row.request_id,
        })),
        total,
        page,
        pageSize,
      };
    },
  );

  r.get(
    '/api/audit/verify',
    { config: { access: 'audit.verify' }, schema: { tags, response: { 200: auditVerifySchema } } },
    async () => audit.verify(),
  );
}
