import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createGroupBodySchema,
  groupSchema,
  matrixQuerySchema,
  matrixSchema,
} from '../../../contracts/alliance.ts';
import { idParamSchema, okSchema } from '../../../contracts/common.ts';
import { actorOf } from '../../core/http/index.ts';
import type { GroupsService } from './groups.service.ts';

export function groupsRoutes(app: FastifyInstance, service: GroupsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['groups'];

  r.get(
    '/api/groups/matrix',
    {
      config: { access: 'volunteers.read' },
      schema: { tags, querystring: matrixQuerySchema, response: { 200: matrixSchema } },
    },
    async (request) => service.matrix(actorOf(request), request.query.nodeId),
  );

  r.get(
    '/api/groups/mine',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: z.array(groupSchema) } } },
    async (request) => service.mine(actorOf(request)),
  );

  r.post(
    '/api/groups',
    {
      config: { access: 'groups.manage' },
      schema: { tags, body: createGroupBodySchema, response: { 201: groupSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(actorOf(request), request.body, request.id)),
  );

  r.delete(
    '/api/groups/:id',
    {
      config: { access: 'groups.manage' },
      schema: { tags, params: idParamSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.remove(actorOf(request), request.params.id, request.id);
      return { ok: true as const };
    },
  );
}
