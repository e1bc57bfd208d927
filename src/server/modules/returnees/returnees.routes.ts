import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, pageOf } from '../../../contracts/common.ts';
import {
  contactAddBodySchema,
  contactSchema,
  contactTraceBodySchema,
  contactTraceResultSchema,
  dueQuerySchema,
  dueVisitSchema,
  facilityBodySchema,
  facilitySchema,
  isolationBodySchema,
  measureRuleSchema,
  measureRulesBodySchema,
  periodChangeBodySchema,
  publicPlaceSchema,
  publicReportAnswerSchema,
  publicReportBodySchema,
  purposeQuerySchema,
  releaseVerificationSchema,
  returneeBodySchema,
  returneeImportReportSchema,
  returneeListQuerySchema,
  returneeSchema,
  returneeSelfBodySchema,
  roomAssignBodySchema,
  smsCodeAnswerSchema,
  smsCodeBodySchema,
  visitBodySchema,
  visitSchema,
} from '../../../contracts/returnees.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../core/http/index.ts';
import { parseReturneeRow, readReturneeSheet } from './returnees.import.ts';
import type { PublicReportService } from './returnees.public.ts';
import { originList, type ReturneesService } from './returnees.service.ts';

export function returneesRoutes(
  app: FastifyInstance,
  service: ReturneesService,
  publicReports: PublicReportService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['returnees'];

  r.get(
    '/api/returnee-rules',
    { config: { access: 'returnees.read' }, schema: { tags, response: { 200: z.array(measureRuleSchema) } } },
    async () => service.rules(),
  );

  r.put(
    '/api/returnee-rules',
    {
      config: { access: 'returnees.rules' },
      schema: { tags, body: measureRulesBodySchema, response: { 200: z.array(measureRuleSchema) } },
    },
    async (request) => service.saveRules(request.actor!, request.body.rules, request.id),
  );

  r.get(
    '/api/returnee-origins',
    {
      // The register form and a resident's own report both pick a city: not personal data.
      config: { access: 'authenticated' },
      schema: { tags, response: { 200: z.array(z.object({ code: z.string(), name: z.string() })) } },
    },
    async () => originList(),
  );

  r.get(
    '/api/returnees',
    {
      config: { access: 'returnees.read' },
      schema: { tags, querystring: returneeListQuerySchema, response: { 200: pageOf(returneeSchema) } },
    },
    async (request) => service.list(request.actor!, request.query, request.id),
  );

  r.post(
    '/api/returnees',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, body: returneeBodySchema, response: { 201: returneeSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.register(request.actor!, request.body, request.id)),
  );

  r.post(
    '/api/returnees/self',
    {
      config: { access: 'returnees.self' },
      schema: { tags, body: returneeSelfBodySchema, response: { 201: returneeSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.selfRegister(request.actor!, request.body, request.id)),
  );

  r.get(
    '/api/returnees/mine',
    {
      config: { access: 'returnees.self' },
      schema: { tags, response: { 200: z.array(returneeSchema) } },
    },
    async (request) => service.mine(request.actor!),
  );

  r.post(
    '/api/returnees/import',
    {
      config: { access: 'returnees.manage' },
      schema: {
        tags,
        querystring: z.strictObject({ nodeId: z.coerce.number().int().positive() }),
        consumes: ['multipart/form-data'],
        response: { 200: returneeImportReportSchema },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
      const file = await request.file();
      if (!file)
        throw new AppError('FILE_MISSING', 400, {}, [{ field: 'file', in: 'file', code: 'FILE_MISSING' }]);
      const rows = await readReturneeSheet(await file.toBuffer(), request.query.nodeId);
      return service.importRows(request.actor!, request.query.nodeId, rows, parseReturneeRow, request.id);
    },
  );

  r.get(
    '/api/returnees/:id',
    {
      config: { access: 'returnees.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: purposeQuerySchema,
        response: { 200: returneeSchema },
      },
    },
    async (request) => service.get(request.actor!, request.params.id, request.query.purpose, request.id),
  );

  r.get(
    '/api/returnees/:id/visits',
    {
      config: { access: 'returnees.read' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(visitSchema) } },
    },
    async (request) => service.visits(request.actor!, request.params.id),
  );

  r.post(
    '/api/returnees/:id/isolation',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, params: idParamSchema, body: isolationBodySchema, response: { 200: returneeSchema } },
    },
    async (request) => service.place(request.actor!, request.params.id, request.body, request.id),
  );

  r.post(
    '/api/returnees/:id/period',
    {
      config: { access: 'returnees.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: periodChangeBodySchema,
        response: { 200: returneeSchema },
      },
    },
    async (request) => service.changeEnd(request.actor!, request.params.id, request.body, request.id),
  );

  r.post(
    '/api/returnees/:id/release',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, params: idParamSchema, response: { 200: returneeSchema } },
    },
    async (request) => service.release(request.actor!, request.params.id, request.id),
  );

  r.get(
    '/api/returnee-visits/due',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, querystring: dueQuerySchema, response: { 200: z.array(dueVisitSchema) } },
    },
    async (request) =>
      service.due(request.actor!, {
        nodeId: request.query.nodeId,
        overdueOnly: request.query.overdueOnly === '1',
        limit: request.query.limit,
      }),
  );

  r.post(
    '/api/returnee-visits/:id',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, params: idParamSchema, body: visitBodySchema, response: { 200: visitSchema } },
    },
    async (request) => service.recordVisit(request.actor!, request.params.id, request.body, request.id),
  );

  r.get(
    '/api/returnee-facilities',
    { config: { access: 'returnees.read' }, schema: { tags, response: { 200: z.array(facilitySchema) } } },
    async (request) => service.facilities(actorOf(request)),
  );

  r.post(
    '/api/returnee-facilities',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, body: facilityBodySchema, response: { 201: facilitySchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createFacility(actorOf(request), request.body, request.id)),
  );

  r.post(
    '/api/returnees/:id/room',
    {
      config: { access: 'returnees.manage' },
      schema: { tags, params: idParamSchema, body: roomAssignBodySchema, response: { 200: returneeSchema } },
    },
    async (request) =>
      service.assignRoom(actorOf(request), request.params.id, request.body.roomId, request.id),
  );

  r.get(
    '/api/returnees/:id/contacts',
    {
      config: { access: 'returnees.read' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(contactSchema) } },
    },
    async (request) => service.contacts(actorOf(request), request.params.id, request.id),
  );

  r.post(
    '/api/returnees/:id/contacts',
    {
      config: { access: 'returnees.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: contactAddBodySchema,
        response: { 200: z.array(contactSchema) },
      },
    },
    async (request) => service.addContact(actorOf(request), request.params.id, request.body, request.id),
  );

  r.post(
    '/api/returnees/:id/contacts/trace',
    {
      config: { access: 'returnees.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: contactTraceBodySchema,
        response: { 200: contactTraceResultSchema },
      },
    },
    async (request) => service.traceTrip(actorOf(request), request.params.id, request.body, request.id),
  );

  r.get(
    '/api/returnees/:id/release-certificate.pdf',
    { config: { access: 'returnees.manage' }, schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const { number, pdf } = await service.releaseCertificate(
        actorOf(request),
        request.params.id,
        origin,
        request.id,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${number}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  r.get(
    '/api/public/release-certificates/:number',
    {
      // What a gate's scanner opens: a masked name, the period and whether the signature holds.
      config: { access: 'public' },
      schema: {
        tags,
        params: z.strictObject({ number: z.string().max(40) }),
        querystring: z.strictObject({ k: z.coerce.number().int().positive(), s: z.string().max(200) }),
        response: { 200: releaseVerificationSchema },
      },
    },
    async (request) => service.verifyCertificate(request.params.number, request.query.k, request.query.s),
  );

  r.get(
    '/api/public/returnee-places',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: z.strictObject({ q: z.string().max(20).default('') }),
        response: { 200: z.array(publicPlaceSchema) },
      },
    },
    async (request) => publicReports.places(request.query.q),
  );

  r.get(
    '/api/public/returnee-origins',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: z.array(z.object({ code: z.string(), name: z.string() })) } },
    },
    async () => originList(),
  );

  r.post(
    '/api/public/returnee-codes',
    {
      config: { access: 'public' },
      schema: { tags, body: smsCodeBodySchema, response: { 200: smsCodeAnswerSchema } },
    },
    async (request) => publicReports.requestCode(request.body.phone, request.ip),
  );

  r.post(
    '/api/public/returnees',
    {
      config: { access: 'public' },
      schema: { tags, body: publicReportBodySchema, response: { 201: publicReportAnswerSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await publicReports.submit(request.body, request.ip, request.id)),
  );
}
