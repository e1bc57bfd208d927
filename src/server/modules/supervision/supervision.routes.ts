import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '../../../contracts/common.ts';
import {
  answerBodySchema,
  bulkBodySchema,
  bulkResultSchema,
  checklistBodySchema,
  checklistsSchema,
  closeBodySchema,
  commitBodySchema,
  disciplineBodySchema,
  disciplineSchema,
  drawBodySchema,
  drawInputsSchema,
  escalationBodySchema,
  findingBodySchema,
  findingSyncBodySchema,
  orderQuerySchema,
  orderSchema,
  personRefSchema,
  poolBodySchema,
  publicRoundSchema,
  roundBodySchema,
  roundSchema,
  sendBackBodySchema,
  syncResultSchema,
  targetKindSchema,
  verifySchema,
  visitQuerySchema,
  visitSchema,
} from '../../../contracts/supervision.ts';
import type { SupervisionService } from './supervision.service.ts';

export function supervisionRoutes(app: FastifyInstance, service: SupervisionService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supervision'];
  const manage = { access: 'supervision.manage' } as const;
  const inspect = { access: 'supervision.inspect' } as const;
  const signedIn = { access: 'authenticated' } as const;
  const open = { access: 'public' } as const;

  r.get(
    '/api/supervision/checklists',
    { config: signedIn, schema: { tags, response: { 200: checklistsSchema } } },
    async () => service.checklists(),
  );
  r.put(
    '/api/supervision/checklists/:kind',
    {
      config: manage,
      schema: {
        tags,
        params: z.strictObject({ kind: targetKindSchema }),
        body: checklistBodySchema,
        response: { 200: checklistsSchema },
      },
    },
    async (req) => service.setChecklist(req.actor!, req.params.kind, req.body.items),
  );
  r.get(
    '/api/supervision/escalation',
    { config: signedIn, schema: { tags, response: { 200: escalationBodySchema } } },
    async () => service.escalation(),
  );
  r.put(
    '/api/supervision/escalation',
    { config: manage, schema: { tags, body: escalationBodySchema, response: { 200: escalationBodySchema } } },
    async (req) => service.setEscalation(req.actor!, req.body),
  );

  // ---- rounds (the command centre) ----
  r.get(
    '/api/supervision/rounds',
    { config: signedIn, schema: { tags, response: { 200: z.array(roundSchema) } } },
    async (req) => service.rounds(req.actor!),
  );
  r.post(
    '/api/supervision/rounds',
    { config: manage, schema: { tags, body: roundBodySchema, response: { 200: roundSchema } } },
    async (req) => service.createRound(req.actor!, req.body),
  );
  r.get(
    '/api/supervision/rounds/:id',
    { config: signedIn, schema: { tags, params: idParamSchema, response: { 200: roundSchema } } },
    async (req) => service.round(req.actor!, req.params.id),
  );
  r.put(
    '/api/supervision/rounds/:id/pool',
    {
      config: manage,
      schema: { tags, params: idParamSchema, body: poolBodySchema, response: { 200: roundSchema } },
    },
    async (req) => service.setPool(req.actor!, req.params.id, req.body.members),
  );
  r.post(
    '/api/supervision/rounds/:id/freeze',
    { config: manage, schema: { tags, params: idParamSchema, response: { 200: roundSchema } } },
    async (req) => service.freeze(req.actor!, req.params.id),
  );
  r.post(
    '/api/supervision/rounds/:id/commit',
    {
      config: manage,
      schema: { tags, params: idParamSchema, body: commitBodySchema, response: { 200: roundSchema } },
    },
    async (req) => service.commit(req.actor!, req.params.id, req.body),
  );
  r.post(
    '/api/supervision/rounds/:id/draw',
    {
      config: manage,
      schema: { tags, params: idParamSchema, body: drawBodySchema, response: { 200: roundSchema } },
    },
    async (req) => service.draw(req.actor!, req.params.id, req.body),
  );
  r.post(
    '/api/supervision/rounds/:id/publish',
    { config: manage, schema: { tags, params: idParamSchema, response: { 200: roundSchema } } },
    async (req) => service.publish(req.actor!, req.params.id),
  );

  // ---- visits ----
  r.get(
    '/api/supervision/visits',
    {
      config: signedIn,
      schema: { tags, querystring: visitQuerySchema, response: { 200: z.array(visitSchema) } },
    },
    async (req) => service.visits(req.actor!, req.query),
  );
  r.get(
    '/api/supervision/visits/:id',
    { config: signedIn, schema: { tags, params: idParamSchema, response: { 200: visitSchema } } },
    async (req) => service.visit(req.actor!, req.params.id),
  );
  r.post(
    '/api/supervision/visits/:id/start',
    { config: inspect, schema: { tags, params: idParamSchema, response: { 200: visitSchema } } },
    async (req) => service.startVisit(req.actor!, req.params.id),
  );
  r.post(
    '/api/supervision/visits/:id/finish',
    { config: inspect, schema: { tags, params: idParamSchema, response: { 200: visitSchema } } },
    async (req) => service.finishVisit(req.actor!, req.params.id),
  );

  // ---- findings and rectification orders ----
  r.post(
    '/api/supervision/findings',
    {
      config: inspect,
      schema: {
        tags,
        body: findingBodySchema,
        response: { 200: orderSchema.extend({ replayed: z.boolean() }) },
      },
    },
    async (req) => {
      const { order, replayed } = await service.recordFinding(req.actor!, req.body);
      return { ...order, replayed };
    },
  );
  r.post(
    '/api/supervision/findings/sync',
    { config: inspect, schema: { tags, body: findingSyncBodySchema, response: { 200: syncResultSchema } } },
    async (req) => service.syncFindings(req.actor!, req.body.findings, req.locale),
  );
  r.get(
    '/api/supervision/orders',
    {
      config: signedIn,
      schema: { tags, querystring: orderQuerySchema, response: { 200: z.array(orderSchema) } },
    },
    async (req) => service.orders(req.actor!, req.query),
  );
  r.get(
    '/api/supervision/orders/:id',
    { config: signedIn, schema: { tags, params: idParamSchema, response: { 200: orderSchema } } },
    async (req) => service.order(req.actor!, req.params.id),
  );
  r.post(
    '/api/supervision/orders/:id/answer',
    {
      config: { access: 'supervision.rectify' },
      schema: { tags, params: idParamSchema, body: answerBodySchema, response: { 200: orderSchema } },
    },
    async (req) => service.answer(req.actor!, req.params.id, req.body),
  );
  r.post(
    '/api/supervision/orders/:id/close',
    {
      config: inspect,
      schema: { tags, params: idParamSchema, body: closeBodySchema, response: { 200: orderSchema } },
    },
    async (req) => service.close(req.actor!, req.params.id, req.body.note),
  );
  r.post(
    '/api/supervision/orders/:id/send-back',
    {
      config: inspect,
      schema: { tags, params: idParamSchema, body: sendBackBodySchema, response: { 200: orderSchema } },
    },
    async (req) => service.sendBack(req.actor!, req.params.id, req.body),
  );
  r.post(
    '/api/supervision/orders/bulk',
    { config: signedIn, schema: { tags, body: bulkBodySchema, response: { 200: bulkResultSchema } } },
    async (req) => service.bulk(req.actor!, req.body),
  );

  // ---- discipline ----
  r.get(
    '/api/supervision/discipline',
    {
      config: { access: 'supervision.discipline' },
      schema: { tags, response: { 200: z.array(disciplineSchema) } },
    },
    async (req) => service.discipline(req.actor!),
  );
  r.get(
    '/api/supervision/findings/:id/officials',
    {
      config: { access: 'supervision.discipline' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(personRefSchema) } },
    },
    async (req) => service.responsibleOfficials(req.actor!, req.params.id),
  );
  r.post(
    '/api/supervision/discipline',
    {
      config: { access: 'supervision.discipline' },
      schema: { tags, body: disciplineBodySchema, response: { 200: disciplineSchema } },
    },
    async (req) => service.recordDiscipline(req.actor!, req.body),
  );

  // ---- public: results and the re-run, no personal data ----
  r.get(
    '/api/public/supervision/rounds',
    { config: open, schema: { tags, response: { 200: z.array(publicRoundSchema) } } },
    async () => service.publicRounds(),
  );
  r.get(
    '/api/public/supervision/rounds/:id',
    { config: open, schema: { tags, params: idParamSchema, response: { 200: publicRoundSchema } } },
    async (req) => service.publicRoundById(req.params.id),
  );
  r.get(
    '/api/public/supervision/rounds/:id/inputs',
    { config: open, schema: { tags, params: idParamSchema, response: { 200: drawInputsSchema } } },
    async (req) => service.drawInputs(req.params.id),
  );
  r.get(
    '/api/public/supervision/rounds/:id/verify',
    { config: open, schema: { tags, params: idParamSchema, response: { 200: verifySchema } } },
    async (req) => service.verify(req.params.id),
  );
}
