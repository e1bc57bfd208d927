import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '../../../contracts/common.ts';
import {
  bookingBodySchema,
  bookingSchema,
  counsellingSummarySchema,
  courseSchema,
  crisisAckSchema,
  crisisBodySchema,
  crisisSchema,
  myBookingSchema,
  sessionOutcomeBodySchema,
  slotBodySchema,
  slotSchema,
} from '../../../contracts/counselling.ts';
import type { CounsellingService } from './counselling.service.ts';

export function counsellingRoutes(app: FastifyInstance, service: CounsellingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['counselling'];
  const ok = z.object({ ok: z.literal(true) });

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

  r.get(
    '/api/counselling/schedule',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, response: { 200: z.array(slotSchema) } },
    },
    async (request) => service.schedule(request.actor!),
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
    '/api/counselling/my-bookings',
    {
      config: { access: 'counselling.book' },
      schema: { tags, response: { 200: z.array(myBookingSchema) } },
    },
    async (request) => service.myBookings(request.actor!),
  );

  r.post(
    '/api/counselling/my-bookings/:id/cancel',
    {
      config: { access: 'counselling.book' },
      schema: { tags, params: idParamSchema, response: { 200: ok } },
    },
    async (request) => {
      await service.cancel(request.actor!, request.params.id, request.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/counselling/bookings',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, response: { 200: z.array(bookingSchema) } },
    },
    async (request) => service.sessions(request.actor!, request.id),
  );

  r.post(
    '/api/counselling/bookings/:id/outcome',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, params: idParamSchema, body: sessionOutcomeBodySchema, response: { 200: ok } },
    },
    async (request) => {
      await service.close(request.actor!, request.params.id, request.body, request.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/counselling/bookings/:id/crisis',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, params: idParamSchema, response: { 201: z.object({ id: z.number() }) } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.flag(request.actor!, request.params.id, request.id)),
  );

  r.post(
    '/api/counselling/crises',
    {
      config: { access: 'counselling.book' },
      schema: { tags, body: crisisBodySchema, response: { 201: crisisAckSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.requestCrisis(request.actor!, request.body, request.id)),
  );

  r.get(
    '/api/counselling/crises/mine',
    {
      config: { access: 'counselling.book' },
      schema: { tags, response: { 200: z.array(crisisAckSchema) } },
    },
    async (request) => service.myCrises(request.actor!),
  );

  r.get(
    '/api/counselling/crises',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, response: { 200: z.array(crisisSchema) } },
    },
    async (request) => service.crises(request.actor!, request.id),
  );

  r.post(
    '/api/counselling/crises/:id/answer',
    {
      config: { access: 'counselling.publish' },
      schema: { tags, params: idParamSchema, response: { 200: ok } },
    },
    async (request) => {
      await service.answer(request.actor!, request.params.id, request.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/counselling/summary',
    {
      config: { access: 'counselling.supervise' },
      schema: { tags, response: { 200: counsellingSummarySchema } },
    },
    async (request) => service.summary(request.actor!),
  );

  r.get(
    '/api/counselling/courses',
    { config: { access: 'counselling.book' }, schema: { tags, response: { 200: z.array(courseSchema) } } },
    async (request) => service.courses(request.actor!),
  );

  r.post(
    '/api/counselling/courses/:id/:step',
    {
      config: { access: 'counselling.book' },
      schema: {
        tags,
        params: z.strictObject({
          id: z.coerce.number().int().positive(),
          step: z.enum(['view', 'complete']),
        }),
        response: { 200: courseSchema },
      },
    },
    async (request) => service.progress(request.actor!, request.params.id, request.params.step),
  );
}
