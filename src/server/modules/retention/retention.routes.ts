import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  emergencyEndBodySchema,
  emergencyEndSchema,
  nodeIdParamsSchema,
  personBodySchema,
  personErasureSchema,
  personExportSchema,
  purgeReportSchema,
  retentionOverviewSchema,
} from '../../../contracts/retention.ts';
import type { RetentionService } from './retention.service.ts';

export function retentionRoutes(app: FastifyInstance, service: RetentionService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['retention'];

  r.get(
    '/api/retention/rules',
    { config: { access: 'retention.read' }, schema: { tags, response: { 200: retentionOverviewSchema } } },
    async () => service.rules(),
  );
  r.get(
    '/api/retention/dry-run',
    { config: { access: 'retention.read' }, schema: { tags, response: { 200: purgeReportSchema } } },
    async (request) => service.dryRun(request.actor!),
  );
  r.get(
    '/api/retention/emergency-ends',
    {
      config: { access: 'retention.read' },
      schema: { tags, response: { 200: z.array(emergencyEndSchema) } },
    },
    async (request) => service.emergencyEnds(request.actor!),
  );
  r.put(
    '/api/retention/emergency-ends/:nodeId',
    {
      config: { access: 'retention.emergency' },
      schema: {
        tags,
        params: nodeIdParamsSchema,
        body: emergencyEndBodySchema,
        response: { 200: emergencyEndSchema },
      },
    },
    async (request) =>
      service.setEmergencyEnd(request.actor!, request.params.nodeId, request.body.endedAt, request.id),
  );
  r.delete(
    '/api/retention/emergency-ends/:nodeId',
    { config: { access: 'retention.emergency' }, schema: { tags, params: nodeIdParamsSchema } },
    async (request, reply) => {
      await service.withdrawEmergencyEnd(request.actor!, request.params.nodeId, request.id);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/retention/person/export',
    {
      config: { access: 'personal.request' },
      schema: { tags, body: personBodySchema, response: { 200: personExportSchema } },
    },
    async (request, reply) => {
      const result = await service.exportPerson(request.actor!, request.body.idNumber, request.id);
      // A file to hand to the person: named by date, never by the ID number.
      const day = new Date(result.exportedAt + 8 * 3600_000).toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="personal-data-${day}.json"`);
      return result;
    },
  );
  r.post(
    '/api/retention/person/erase',
    {
      config: { access: 'personal.request' },
      schema: { tags, body: personBodySchema, response: { 200: personErasureSchema } },
    },
    async (request) => service.erasePerson(request.actor!, request.body.idNumber, request.id),
  );
}
