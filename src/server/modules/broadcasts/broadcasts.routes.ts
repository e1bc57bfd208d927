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
import type { InboxService } from './inbox.service.ts';
import type { ReachService } from './reach.service.ts';
import type { RelaysService } from './relays.service.ts';

const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(100).optional() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The four services of the module, sharing one repository and one audience cache. */
export interface BroadcastServices {
  publishing: BroadcastsService;
  inbox: InboxService;
  reach: ReachService;
  relays: RelaysService;
}

export function broadcastsRoutes(
  app: FastifyInstance,
  { publishing, inbox, reach, relays }: BroadcastServices,
) {
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
          await publishing.create(
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
    async (request) => publishing.publish(actorOf(request), request.params.id, request.id),
  );

  r.get(
    '/api/broadcasts/sent',
    {
      config: { access: 'broadcasts.send' },
      schema: { tags, querystring: sentQuerySchema, response: { 200: pageOf(broadcastSchema) } },
    },
    async (request) => publishing.sent(actorOf(request), request.query.page, request.query.pageSize),
  );

  r.get(
    '/api/broadcasts/inbox',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: inboxQuerySchema, response: { 200: inboxSchema } },
    },
    async (request) => inbox.inbox(actorOf(request), request.query.before, request.query.limit),
  );

  r.get(
    '/api/broadcasts/relay-tasks',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: z.array(relayTaskSchema) } } },
    async (request) => relays.relayTasks(actorOf(request)),
  );

  r.get(
    '/api/broadcasts/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: broadcastSchema } },
    },
    async (request) => publishing.get(actorOf(request), request.params.id),
  );

  r.post(
    '/api/broadcasts/:id/read',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: receiptSchema } },
    },
    async (request) => inbox.receipt(actorOf(request), request.params.id, false),
  );

  r.post(
    '/api/broadcasts/:id/ack',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: receiptSchema } },
    },
    async (request) => inbox.receipt(actorOf(request), request.params.id, true),
  );

  r.post(
    '/api/broadcasts/:id/relays',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: relayBodySchema, response: { 200: okSchema } },
    },
    async (request) =>
      relays.markRelayed(actorOf(request), request.params.id, request.body.groupId, request.id),
  );

  r.get(
    '/api/broadcasts/:id/reach',
    {
      config: { access: 'broadcasts.read-reach' },
      schema: { tags, params: idParamSchema, querystring: reachQuerySchema, response: { 200: reachSchema } },
    },
    async (request) => reach.reach(actorOf(request), request.params.id, request.query.nodeId),
  );

  r.get(
    '/api/broadcasts/:id/reach.xlsx',
    {
      config: { access: 'broadcasts.read-reach' },
      schema: { tags, params: idParamSchema, querystring: reachQuerySchema },
    },
    async (request, reply) => {
      const workbook = await reach.workbook(
        actorOf(request),
        request.params.id,
        request.query.nodeId,
        request.locale,
      );
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="reach-${request.params.id}.xlsx"`)
        .send(workbook);
    },
  );

  r.get(
    '/api/broadcasts/:id/deliveries',
    {
      config: { access: 'broadcasts.read-reach' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(deliverySchema) } },
    },
    async (request) => relays.deliveries(actorOf(request), request.params.id),
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
    async (request) => publishing.publicList(request.query),
  );

  r.get(
    '/api/public/broadcasts/:id',
    {
      config: { access: 'public' },
      schema: { tags, params: idParamSchema, response: { 200: publicBroadcastSchema } },
    },
    async (request) => publishing.publicOne(request.params.id),
  );
}
