import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, pageOf } from '../../../contracts/common.ts';
import {
  assignBodySchema,
  batchBodySchema,
  batchReturnBodySchema,
  batchSchema,
  callBodySchema,
  confirmBodySchema,
  deliverySchema,
  familyBodySchema,
  familyEditBodySchema,
  familyListQuerySchema,
  familySchema,
  heldDeliverySchema,
  missedBodySchema,
  serviceBodySchema,
  servicePauseBodySchema,
  serviceSchema,
  todoSchema,
  urgentNeedBodySchema,
  urgentNeedSchema,
} from '../../../contracts/families.ts';
import type { FamiliesService } from './families.service.ts';

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'DAY_FORMAT' });

/**
 * Routes a named liaison or a family's own account uses are open to any signed-in caller: who the
 * liaison is is a fact about the family, not a role, so the service checks it on every record.
 */
export function familiesRoutes(app: FastifyInstance, service: FamiliesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['families'];

  r.get(
    '/api/family-batches',
    { config: { access: 'families.read' }, schema: { tags, response: { 200: z.array(batchSchema) } } },
    async (request) => service.batches(request.actor!),
  );

  r.post(
    '/api/family-batches',
    {
      config: { access: 'families.batches' },
      schema: { tags, body: batchBodySchema, response: { 201: batchSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createBatch(request.actor!, request.body, request.id)),
  );

  r.post(
    '/api/family-batches/:id/returned',
    {
      config: { access: 'families.batches' },
      schema: { tags, params: idParamSchema, body: batchReturnBodySchema, response: { 200: batchSchema } },
    },
    async (request) =>
      service.batchReturned(request.actor!, request.params.id, request.body.returnedDay, request.id),
  );

  r.get(
    '/api/families',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: familyListQuerySchema, response: { 200: pageOf(familySchema) } },
    },
    async (request) => service.list(request.actor!, request.query, request.id),
  );

  r.post(
    '/api/families',
    {
      config: { access: 'families.read' },
      schema: { tags, body: familyBodySchema, response: { 201: familySchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.register(request.actor!, request.body, request.id)),
  );

  r.get(
    '/api/families/todo',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: todoSchema } } },
    async (request) => service.todo(request.actor!),
  );

  r.get(
    '/api/families/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: familySchema } },
    },
    async (request) => service.get(request.actor!, request.params.id, request.id),
  );

  r.patch(
    '/api/families/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: familyEditBodySchema, response: { 200: familySchema } },
    },
    async (request) => service.edit(request.actor!, request.params.id, request.body, request.id),
  );

  r.post(
    '/api/family-services/:id/pause',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: servicePauseBodySchema, response: { 200: serviceSchema } },
    },
    async (request) =>
      service.setServiceActive(request.actor!, request.params.id, false, request.body.reason, request.id),
  );

  r.post(
    '/api/family-services/:id/resume',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: serviceSchema } },
    },
    async (request) => service.setServiceActive(request.actor!, request.params.id, true, '', request.id),
  );

  r.get(
    '/api/families/:id/services',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(serviceSchema) } },
    },
    async (request) => service.services(request.actor!, request.params.id),
  );

  r.post(
    '/api/families/:id/services',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: serviceBodySchema, response: { 201: serviceSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addService(request.actor!, request.params.id, request.body, request.id)),
  );

  r.get(
    '/api/families/:id/deliveries',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: z.strictObject({ from: dayString.optional(), to: dayString.optional() }),
        response: { 200: z.array(deliverySchema) },
      },
    },
    async (request) =>
      service.deliveries(request.actor!, request.params.id, request.query.from, request.query.to),
  );

  r.get(
    '/api/families/:id/needs',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(urgentNeedSchema) } },
    },
    async (request) => service.needs(request.actor!, request.params.id),
  );

  r.post(
    '/api/families/:id/needs',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: idParamSchema,
        body: urgentNeedBodySchema,
        response: { 201: urgentNeedSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.raiseNeed(request.actor!, request.params.id, request.body, request.id)),
  );

  r.post(
    '/api/family-needs/:id/handled',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: urgentNeedSchema } },
    },
    async (request) => service.handleNeed(request.actor!, request.params.id, request.id),
  );

  r.get(
    '/api/family-deliveries/mine',
    {
      config: { access: 'families.deliver' },
      schema: { tags, response: { 200: z.array(heldDeliverySchema) } },
    },
    async (request) => service.held(request.actor!, request.id),
  );

  r.post(
    '/api/family-deliveries/:id/assign',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: assignBodySchema, response: { 200: deliverySchema } },
    },
    async (request) =>
      service.assign(request.actor!, request.params.id, request.body.volunteerPhone, request.id),
  );

  r.post(
    '/api/family-deliveries/:id/dispatch',
    {
      config: { access: 'fieldwork.manage' },
      schema: { tags, params: idParamSchema, response: { 200: deliverySchema } },
    },
    async (request) => service.dispatch(request.actor!, request.params.id, request.id),
  );

  r.post(
    '/api/family-deliveries/:id/confirm',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: confirmBodySchema, response: { 200: deliverySchema } },
    },
    async (request) =>
      service.confirmByCode(request.actor!, request.params.id, request.body.code, request.id),
  );

  r.post(
    '/api/family-deliveries/:id/call',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: callBodySchema, response: { 200: deliverySchema } },
    },
    async (request) =>
      service.confirmByCall(request.actor!, request.params.id, request.body.note, request.id),
  );

  r.post(
    '/api/family-deliveries/:id/missed',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: missedBodySchema, response: { 200: deliverySchema } },
    },
    async (request) => service.reportMissed(request.actor!, request.params.id, request.body.note, request.id),
  );
}
