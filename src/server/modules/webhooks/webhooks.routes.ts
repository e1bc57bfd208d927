import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema, pageOf } from '../../../contracts/common.ts';
import {
  deliveryListQuerySchema,
  deliveryParamsSchema,
  webhookBodySchema,
  webhookDeliverySchema,
  webhookListQuerySchema,
  webhookSchema,
} from '../../../contracts/webhooks.ts';
import { actorOf } from '../../core/http/index.ts';
import type { WebhooksService } from './webhooks.service.ts';

export function webhooksRoutes(app: FastifyInstance, service: WebhooksService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const config = { access: 'webhooks.manage' } as const;

  r.post(
    '/api/webhooks',
    { config, schema: { tags, body: webhookBodySchema, response: { 201: webhookSchema } } },
    async (request, reply) =>
      reply.status(201).send(await service.create(actorOf(request), request.body, request.id)),
  );

  r.get(
    '/api/webhooks',
    {
      config,
      schema: { tags, querystring: webhookListQuerySchema, response: { 200: pageOf(webhookSchema) } },
    },
    async (request) => service.list(actorOf(request), request.query),
  );

  r.post(
    '/api/webhooks/:id/deactivate',
    { config, schema: { tags, params: idParamSchema, response: { 200: webhookSchema } } },
    async (request) => service.deactivate(actorOf(request), request.params.id, request.id),
  );

  r.get(
    '/api/webhooks/:id/deliveries',
    {
      config,
      schema: {
        tags,
        params: idParamSchema,
        querystring: deliveryListQuerySchema,
        response: { 200: pageOf(webhookDeliverySchema) },
      },
    },
    async (request) => service.deliveries(actorOf(request), request.params.id, request.query),
  );

  r.post(
    '/api/webhooks/:id/deliveries/:deliveryId/retry',
    { config, schema: { tags, params: deliveryParamsSchema, response: { 200: webhookDeliverySchema } } },
    async (request) =>
      service.retry(actorOf(request), request.params.id, request.params.deliveryId, request.id),
  );
}
