import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  broadcastSchema,
  createBroadcastBodySchema,
  deliverySchema,
  inboxQuerySchema,
  inboxSchema,
  publicBroadcastSchema,
  publicBroadcastsQuerySchema,
  reachQuerySchema,
  reachSchema,
  receiptSchema,
  relayBodySchema,
  relayTaskSchema,
  sentQuerySchema,
} from '../../../contracts/alliance.ts';
import { idParamSchema, okSchema, pageOf } from '../../../contracts/common.ts';
import { actorOf } from '../../core/http/index.ts';
import type { BroadcastsService } from './broadcasts.service.ts';
import { reachWorkbook } from './reach-export.ts';

const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(100).optional() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function broadcastsRoutes(app: FastifyInstance, service: BroadcastsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['broadcasts'];

  r.post(
    '/api/broadcasts',
    {
      config: { access: 'broadcasts.send' },
      schema: {
        tags,
        headers: idempotencyHeaders,
        body: createBroadcastBodySchema,
        response: { 201: broadcastSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await service.create(
            actorOf(request),
            request.body,
            request.headers['idempotency-key'],
            request.id,
          ),
        ),
  );

  r.post(
    '/api/broadcasts/:id/publish',
    {
      config: { access: 'broadcasts.send' },
      schema: { tags, params: idParamSchema, response: { 200: broadcastSchema } },
    },
    async (request) => service.publish(actorOf(request), request.params.id, request.id),
  );

  r.get(
    '/api/broadcasts/sent',
    {
      config: { access: 'broadcasts.send' },
      schema: { tags, querystring: sentQuerySchema, response: { 200: pageOf(broadcastSchema) } },
    },
    async (request) => service.sent(actorOf(request), request.query.page, request.query.pageSize),
  );

  r.get(
    '/api/broadcasts/inbox',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: inboxQuerySchema, response: { 200: inboxSchema } },
    },
    async (request) => service.inbox(actorOf(request), request.query.before, request.query.limit),
  );

  r.get(
    '/api/broadcasts/relay-tasks',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: z.array(relayTaskSchema) } } },
    async (request) => service.relayTasks(actorOf(request)),
  );

  r.get(
    '/api/broadcasts/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: broadcastSchema } },
    },
    async (request) => service.get(actorOf(request), request.params.id),
  );

  r.post(
    '/api/broadcasts/:id/read',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: receiptSchema } },
    },
    async (request) => service.receipt(actorOf(request), request.params.id, false),
  );

  r.post(
    '/api/broadcasts/:id/ack',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: receiptSchema } },
    },
    async (request) => service.receipt(actorOf(request), request.params.id, true),
  );

  r.post(
    '/api/broadcasts/:id/relays',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: relayBodySchema, response: { 200: okSchema } },
    },
    async (request) =>
      service.markRelayed(actorOf(request), request.params.id, request.body.groupId, request.id),
  );

  r.get(
    '/api/broadcasts/:id/reach',
    {
      config: { access: 'broadcasts.read-reach' },
      schema: { tags, params: idParamSchema, querystring: reachQuerySchema, response: { 200: reachSchema } },
    },
    async (request) => service.reach(actorOf(request), request.params.id, request.query.nodeId),
  );

  r.get(
    '/api/broadcasts/:id/reach.xlsx',
    {
      config: { access: 'broadcasts.read-reach' },
      schema: { tags, params: idParamSchema, querystring: reachQuerySchema },
    },
    async (request, reply) => {
      const reach = await service.reach(actorOf(request), request.params.id, request.query.nodeId);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="reach-${request.params.id}.xlsx"`)
        .send(await reachWorkbook(reach, request.locale));
    },
  );

  r.get(
    '/api/broadcasts/:id/deliveries',
    {
      config: { access: 'broadcasts.read-reach' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(deliverySchema) } },
    },
    async (request) => service.deliveries(actorOf(request), request.params.id),
  );

  r.get(
    '/api/public/broadcasts',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: publicBroadcastsQuerySchema,
        response: { 200: pageOf(publicBroadcastSchema) },
      },
    },
    async (request) => service.publicList(request.query),
  );

  r.get(
    '/api/public/broadcasts/:id',
    {
      config: { access: 'public' },
      schema: { tags, params: idParamSchema, response: { 200: publicBroadcastSchema } },
    },
    async (request) => service.publicOne(request.params.id),
  );
}
