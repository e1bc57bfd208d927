import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  archiveBatchReportSchema,
  archiveCategoryBodySchema,
  archiveListSchema,
  archiveQuerySchema,
  archiveUnitBodySchema,
  archiveUnitSchema,
} from '../../../contracts/archives.ts';
import { idParamSchema } from '../../../contracts/common.ts';
import { AppError } from '../../core/errors.ts';
import { batchIntake } from './archives.batch.ts';
import type { ArchivesService } from './archives.service.ts';

export function archivesRoutes(app: FastifyInstance, service: ArchivesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['archives'];

  r.get(
    '/api/archives/categories',
    { config: { access: 'archives.read' }, schema: { tags, response: { 200: z.array(z.string()) } } },
    async () => service.categories(),
  );

  r.post(
    '/api/archives/categories',
    {
      config: { access: 'archives.manage' },
      schema: { tags, body: archiveCategoryBodySchema, response: { 201: z.array(z.string()) } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addCategory(request.actor!, request.body.name, request.id)),
  );

  r.get(
    '/api/archives/units',
    {
      config: { access: 'archives.read' },
      schema: { tags, querystring: archiveQuerySchema, response: { 200: archiveListSchema } },
    },
    async (request) => {
      const { after, pageSize, ...filter } = request.query;
      return service.list(request.actor!, filter, after, pageSize);
    },
  );

  r.post(
    '/api/archives/units',
    {
      config: { access: 'archives.manage' },
      schema: { tags, body: archiveUnitBodySchema, response: { 201: archiveUnitSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(request.actor!, request.body, request.id)),
  );

  r.get(
    '/api/archives/units/:id',
    {
      config: { access: 'archives.read' },
      schema: { tags, params: idParamSchema, response: { 200: archiveUnitSchema } },
    },
    async (request) => service.get(request.actor!, request.params.id),
  );

  r.post(
    '/api/archives/units/:id/publish',
    {
      config: { access: 'archives.publish' },
      schema: { tags, params: idParamSchema, response: { 200: archiveUnitSchema } },
    },
    async (request) => service.publish(request.actor!, request.params.id, request.id),
  );

  r.post(
    '/api/archives/units/:id/files',
    {
      config: { access: 'archives.manage' },
      schema: {
        tags,
        params: idParamSchema,
        consumes: ['multipart/form-data'],
        response: { 201: archiveUnitSchema },
      },
    },
    async (request, reply) => {
      const part = await request.file();
      if (!part)
        throw new AppError('FILE_MISSING', 400, {}, [{ field: 'file', in: 'file', code: 'FILE_MISSING' }]);
      const unit = await service.attach(
        request.actor!,
        request.params.id,
        part.filename,
        part.file,
        request.id,
      );
      return reply.status(201).send(unit);
    },
  );

  // A folder of files plus metadata.xlsx (one row per item): each row filed under the unit, with a row report.
  r.post(
    '/api/archives/units/:id/batch',
    {
      config: { access: 'archives.manage' },
      schema: {
        tags,
        params: idParamSchema,
        consumes: ['multipart/form-data'],
        response: { 200: archiveBatchReportSchema },
      },
    },
    async (request) => {
      const parent = await service.get(request.actor!, request.params.id);
      const parts = request.parts({ limits: { files: 500, fields: 0 } });
      async function* files() {
        for await (const part of parts) {
          if (part.type === 'file') yield { kind: 'file' as const, name: part.filename, stream: part.file };
        }
      }
      return batchIntake(service, request.actor!, parent.id, files(), request.id, async (code) => {
        const row = await service.repo.nodeByCode(code);
        return row?.id;
      });
    },
  );

  r.get(
    '/api/archives/units/:id/export.zip',
    { config: { access: 'archives.read' }, schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const { name, zip } = await service.exportSeries(request.actor!, request.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(zip);
    },
  );
}
