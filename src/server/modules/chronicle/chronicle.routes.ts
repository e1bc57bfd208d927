import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  chronicleDetailSchema,
  chronicleEditSchema,
  chronicleErratumSchema,
  chronicleExportQuerySchema,
  chronicleListSchema,
  chronicleQuerySchema,
} from '../../../contracts/chronicle.ts';
import { idParamSchema } from '../../../contracts/common.ts';
import type { ChronicleService } from './chronicle.service.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function chronicleRoutes(app: FastifyInstance, service: ChronicleService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chronicle'];

  r.get(
    '/api/chronicle',
    {
      config: { access: 'chronicle.read' },
      schema: { tags, querystring: chronicleQuerySchema, response: { 200: chronicleListSchema } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return service.list(request.actor!, filter, page, pageSize);
    },
  );

  r.get(
    '/api/chronicle/export.pdf',
    { config: { access: 'chronicle.read' }, schema: { tags, querystring: chronicleExportQuerySchema } },
    async (request, reply) => {
      const { from, to } = request.query;
      const pdf = await service.exportPdf(request.actor!, from, to, request.locale);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="chronicle.pdf"')
        .send(Buffer.from(pdf));
    },
  );

  r.get(
    '/api/chronicle/export.docx',
    { config: { access: 'chronicle.read' }, schema: { tags, querystring: chronicleExportQuerySchema } },
    async (request, reply) => {
      const { from, to } = request.query;
      return reply
        .type(DOCX)
        .header('content-disposition', 'attachment; filename="chronicle.docx"')
        .send(await service.exportDocx(request.actor!, from, to, request.locale));
    },
  );

  r.get(
    '/api/chronicle/:id',
    {
      config: { access: 'chronicle.read' },
      schema: { tags, params: idParamSchema, response: { 200: chronicleDetailSchema } },
    },
    async (request) => service.get(request.actor!, request.params.id),
  );

  r.put(
    '/api/chronicle/:id',
    {
      config: { access: 'chronicle.edit' },
      schema: {
        tags,
        params: idParamSchema,
        body: chronicleEditSchema,
        response: { 200: chronicleDetailSchema },
      },
    },
    async (request) =>
      service.edit(request.actor!, request.params.id, request.body.title, request.body.body, request.id),
  );

  r.post(
    '/api/chronicle/:id/approve',
    {
      config: { access: 'chronicle.approve' },
      schema: { tags, params: idParamSchema, response: { 200: chronicleDetailSchema } },
    },
    async (request) => service.approve(request.actor!, request.params.id, request.id),
  );

  r.post(
    '/api/chronicle/:id/errata',
    {
      config: { access: 'chronicle.edit' },
      schema: {
        tags,
        params: idParamSchema,
        body: chronicleErratumSchema,
        response: { 201: chronicleDetailSchema },
      },
    },
    async (request, reply) => {
      const detail = await service.erratum(
        request.actor!,
        request.params.id,
        request.body.body,
        request.body.reason,
        request.id,
      );
      return reply.status(201).send(detail);
    },
  );
}
