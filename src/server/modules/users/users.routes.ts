import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, okSchema, pageOf, readPurposeQuerySchema } from '../../../contracts/common.ts';
import {
  createUserBodySchema,
  grantInputSchema,
  listUsersQuerySchema,
  resetPasswordBodySchema,
  updateUserBodySchema,
  userSummarySchema,
} from '../../../contracts/users.ts';
import { actorOf } from '../../core/http/index.ts';
import type { UsersService } from './users.service.ts';

const grantParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  grantId: z.coerce.number().int().positive(),
});

export function usersRoutes(app: FastifyInstance, service: UsersService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/users',
    {
      config: { access: 'users.read' },
      schema: { tags, querystring: listUsersQuerySchema, response: { 200: pageOf(userSummarySchema) } },
    },
    async (request) => service.list(actorOf(request), request.query),
  );

  r.get(
    '/api/users/:id',
    {
      config: { access: 'users.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: readPurposeQuerySchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) => service.get(actorOf(request), request.params.id, request.id, request.query.purpose),
  );

  r.post(
    '/api/users',
    {
      config: { access: 'users.manage' },
      schema: { tags, body: createUserBodySchema, response: { 201: userSummarySchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(actorOf(request), request.body, request.id)),
  );

  r.patch(
    '/api/users/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: updateUserBodySchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) => service.update(actorOf(request), request.params.id, request.body, request.id),
  );

  r.post(
    '/api/users/:id/password',
    {
      config: { access: 'users.manage' },
      schema: { tags, params: idParamSchema, body: resetPasswordBodySchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.resetPassword(actorOf(request), request.params.id, request.body.password, request.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/users/:id/grants',
    {
      config: { access: 'users.manage' },
      schema: { tags, params: idParamSchema, body: grantInputSchema, response: { 201: userSummarySchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await service.addGrant(
            actorOf(request),
            request.params.id,
            request.body.role,
            request.body.nodeId,
            request.id,
          ),
        ),
  );

  r.delete(
    '/api/users/:id/grants/:grantId',
    {
      config: { access: 'users.manage' },
      schema: { tags, params: grantParamsSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.removeGrant(actorOf(request), request.params.id, request.params.grantId, request.id);
      return { ok: true as const };
    },
  );
}
