import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, pageOf } from '../../../contracts/common.ts';
import {
  batchSchema,
  bulkIssueBodySchema,
  issuePassBodySchema,
  keyIdParamsSchema,
  passListQuerySchema,
  passRulesSchema,
  passSchema,
  pdfQuerySchema,
  publicKeySchema,
  revocationListQuerySchema,
  revocationListSchema,
  revokeBodySchema,
} from '../../../contracts/passes.ts';
import { actorOf } from '../../core/http/index.ts';
import { passSheet } from './passes.pdf.ts';
import type { PassesService } from './passes.service.ts';

export function passesRoutes(app: FastifyInstance, service: PassesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['passes'];

  r.get(
    '/api/compounds/:id/pass-rules',
    {
      config: { access: 'compounds.read' },
      schema: { tags, params: idParamSchema, response: { 200: passRulesSchema } },
    },
    async (request) => service.rules(actorOf(request), request.params.id),
  );

  r.put(
    '/api/compounds/:id/pass-rules',
    {
      config: { access: 'passes.issue' },
      schema: { tags, params: idParamSchema, body: passRulesSchema, response: { 200: passRulesSchema } },
    },
    async (request) => service.saveRules(actorOf(request), request.params.id, request.body, request.id),
  );

  r.get(
    '/api/passes',
    {
      config: { access: 'passes.issue' },
      schema: { tags, querystring: passListQuerySchema, response: { 200: pageOf(passSchema) } },
    },
    async (request) => {
      const { compoundId, status, page, pageSize } = request.query;
      return service.list(actorOf(request), compoundId, status, page, pageSize);
    },
  );

  r.get(
    '/api/passes/mine',
    { config: { access: 'passes.mine' }, schema: { tags, response: { 200: z.array(passSchema) } } },
    async (request) => service.mine(actorOf(request)),
  );

  r.get(
    '/api/passes/keys',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: z.array(publicKeySchema) } } },
    async () => service.publicKeys(),
  );

  r.post(
    '/api/passes/keys/rotate',
    { config: { access: 'passes.keys' }, schema: { tags, response: { 200: z.array(publicKeySchema) } } },
    async (request) => service.rotateKey(actorOf(request), request.id),
  );

  r.post(
    '/api/passes/keys/:keyId/retire',
    {
      config: { access: 'passes.keys' },
      schema: { tags, params: keyIdParamsSchema, response: { 200: z.array(publicKeySchema) } },
    },
    async (request) => service.retireKey(actorOf(request), request.params.keyId, request.id),
  );

  r.get(
    '/api/passes/revocations',
    {
      config: { access: 'gate.scan' },
      schema: { tags, querystring: revocationListQuerySchema, response: { 200: revocationListSchema } },
    },
    async (request) => service.revocations(actorOf(request), request.query.since),
  );

  r.get(
    '/api/passes/:id',
    {
      config: { access: 'passes.issue' },
      schema: { tags, params: idParamSchema, response: { 200: passSchema } },
    },
    async (request) => service.get(actorOf(request), request.params.id),
  );

  r.post(
    '/api/passes',
    {
      config: { access: 'passes.issue' },
      schema: { tags, body: issuePassBodySchema, response: { 201: passSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.issue(actorOf(request), request.body, request.id)),
  );

  r.post(
    '/api/passes/:id/renew',
    {
      config: { access: 'passes.issue' },
      schema: { tags, params: idParamSchema, response: { 201: passSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.renew(actorOf(request), request.params.id, request.id)),
  );

  r.post(
    '/api/passes/:id/revoke',
    {
      config: { access: 'passes.issue' },
      schema: { tags, params: idParamSchema, body: revokeBodySchema, response: { 200: passSchema } },
    },
    async (request) => service.revoke(actorOf(request), request.params.id, request.body.reason, request.id),
  );

  r.post(
    '/api/pass-batches',
    {
      config: { access: 'passes.issue' },
      schema: { tags, body: bulkIssueBodySchema, response: { 202: batchSchema } },
    },
    async (request, reply) =>
      reply.status(202).send(await service.startBulk(actorOf(request), request.body.nodeId, request.id)),
  );

  r.get(
    '/api/pass-batches/:id',
    {
      config: { access: 'passes.issue' },
      schema: { tags, params: idParamSchema, response: { 200: batchSchema } },
    },
    async (request) => service.batch(actorOf(request), request.params.id),
  );

  r.get(
    '/api/compounds/:id/passes.pdf',
    {
      config: { access: 'passes.issue' },
      schema: { tags, params: idParamSchema, querystring: pdfQuerySchema },
    },
    async (request, reply) => {
      const { node, passes } = await service.printable(
        actorOf(request),
        request.params.id,
        request.query.kind,
      );
      const pdf = await passSheet(node.name, passes);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="passes-${node.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${node.name}-通行证.pdf`)}`,
        )
        .send(Buffer.from(pdf));
    },
  );
}
