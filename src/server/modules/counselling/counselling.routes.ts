import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '../../../contracts/common.ts';
import {
  bookingBodySchema,
  bookingSchema,
  slotBodySchema,
  slotSchema,
} from '../../../contracts/counselling.ts';
import type { CounsellingService } from './counselling.service.ts';

export function counsellingRoutes(app: FastifyInstance, service: CounsellingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['counselling'];

  r.post(
    '/api/counselling/slots',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, body: slotBodySchema, response: { 201: slotSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.publish(request.actor!, request.body, request.id)),
  );

  r.get(
    '/api/counselling/slots',
    { config: { access: 'counselling.book' }, schema: { tags, response: { 200: z.array(slotSchema) } } },
    async () => service.openSlots(),
  );

  r.post(
    '/api/counselling/slots/:id/book',
    {
      config: { access: 'counselling.book' },
      schema: { tags, params: idParamSchema, body: bookingBodySchema, response: { 201: bookingSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.book(request.actor!, request.params.id, request.body, request.id)),
  );

  r.get(
    '/api/counselling/bookings',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, response: { 200: z.array(bookingSchema) } },
    },
    async (request) => service.myBookings(request.actor!),
  );
}
