import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  fileIdParamSchema,
  fileListQuerySchema,
  fileSchema,
  uploadQuerySchema,
} from '../../../contracts/files.ts';
import type { FileStore } from '../../core/files/index.ts';
import { actorOf, uploadedFile } from '../../core/http/index.ts';

/**
 * `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987), so a
 * browser saves 通知.pdf as such and never renders an upload inline on this origin.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function filesRoutes(app: FastifyInstance, store: FileStore) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  r.post(
    '/api/files',
    {
      config: { access: 'files.upload' },
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: uploadQuerySchema,
        response: { 201: fileSchema },
      },
    },
    async (request, reply) => {
      const part = await uploadedFile(request);
      const stored = await store.save(actorOf(request), {
        ownerType: request.query.ownerType,
        ownerId: request.query.ownerId,
        name: part.filename,
        stream: part.file,
        requestId: request.id,
      });
      return reply.status(201).send(stored);
    },
  );

  r.get(
    '/api/files',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: fileListQuerySchema, response: { 200: z.array(fileSchema) } },
    },
    async (request) => store.list(actorOf(request), request.query.ownerType, request.query.ownerId),
  );

  r.get(
    '/api/files/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: fileIdParamSchema } },
    async (request, reply) => {
      const { file, stream } = await store.open(actorOf(request), request.params.id);
      return reply
        .header('content-type', file.mime)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(file.name))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
}
