import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, okSchema, pageOf } from '../../../contracts/common.ts';
import {
  childrenQuerySchema,
  createNodeBodySchema,
  namesQuerySchema,
  nodeNamesSchema,
  regionNodeDetailSchema,
  regionNodeSchema,
  renameNodeBodySchema,
  searchQuerySchema,
} from '../../../contracts/regions.ts';
import { actorOf } from '../../core/http/index.ts';
import type { RegionsService } from './regions.service.ts';

export function regionsRoutes(app: FastifyInstance, service: RegionsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['regions'];

  r.get(
    '/api/regions/roots',
    { config: { access: 'regions.read' }, schema: { tags, response: { 200: z.array(regionNodeSchema) } } },
    async (request) => service.roots(actorOf(request)),
  );

  r.get(
    '/api/regions/search',
    {
      config: { access: 'regions.read' },
      schema: { tags, querystring: searchQuerySchema, response: { 200: z.array(regionNodeSchema) } },
    },
    async (request) => service.search(actorOf(request), request.query.q, request.query.limit),
  );

  r.get(
    '/api/regions/names',
    {
      config: { access: 'regions.read' },
      schema: { tags, querystring: namesQuerySchema, response: { 200: nodeNamesSchema } },
    },
    async (request) => service.names(actorOf(request), request.query.paths),
  );

  r.get(
    '/api/regions/nodes/:id',
    {
      config: { access: 'regions.read' },
      schema: { tags, params: idParamSchema, response: { 200: regionNodeDetailSchema } },
    },
    async (request) => service.get(actorOf(request), request.params.id),
  );

  r.get(
    '/api/regions/nodes/:id/children',
    {
      config: { access: 'regions.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: childrenQuerySchema,
        response: { 200: pageOf(regionNodeSchema) },
      },
    },
    async (request) =>
      service.children(actorOf(request), request.params.id, request.query.page, request.query.pageSize),
  );

  r.post(
    '/api/regions/nodes',
    {
      config: { access: 'regions.manage' },
      schema: { tags, body: createNodeBodySchema, response: { 201: regionNodeSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(actorOf(request), request.body, request.id)),
  );

  r.patch(
    '/api/regions/nodes/:id',
    {
      config: { access: 'regions.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: renameNodeBodySchema,
        response: { 200: regionNodeSchema },
      },
    },
    async (request) => service.rename(actorOf(request), request.params.id, request.body.name, request.id),
  );

  r.delete(
    '/api/regions/nodes/:id',
    {
      config: { access: 'regions.manage' },
      schema: { tags, params: idParamSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.remove(actorOf(request), request.params.id, request.id);
      return { ok: true as const };
    },
  );
}
