import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, okSchema } from '../../../contracts/common.ts';
import {
  checkInBodySchema,
  checkpointBodySchema,
  checkpointEditSchema,
  checkpointQuerySchema,
  checkpointSchema,
  codeSchema,
  dutySchema,
  evidenceParamsSchema,
  evidenceResultSchema,
  generateResultSchema,
  generateShiftsSchema,
  gridQuerySchema,
  gridSchema,
  handoverDecisionSchema,
  idempotencyHeadersSchema,
  noShowSchema,
  openShiftsQuerySchema,
  shiftSchema,
  signupBodySchema,
  signupResultSchema,
  standInBodySchema,
  standInCandidateSchema,
  supportBodySchema,
  supportPointQuerySchema,
  supportPointSchema,
  supportSchema,
  taskBodySchema,
  taskKindBodySchema,
  taskKindDefSchema,
  taskKindSchema,
  taskOutcomeResultSchema,
  taskOutcomeSchema,
  taskQuerySchema,
  taskSchema,
} from '../../../contracts/fieldwork.ts';
import { uploadedFile } from '../../core/http/index.ts';
import type { FieldworkService } from './fieldwork.service.ts';

export function fieldworkRoutes(app: FastifyInstance, service: FieldworkService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['fieldwork'];
  const read = { access: 'fieldwork.read' } as const;
  const duty = { access: 'fieldwork.duty' } as const;

  r.get(
    '/api/fieldwork/checkpoints',
    {
      config: read,
      schema: { tags, querystring: checkpointQuerySchema, response: { 200: z.array(checkpointSchema) } },
    },
    async (req) => service.checkpoints(req.actor!, req.query),
  );
  r.post(
    '/api/fieldwork/checkpoints',
    {
      config: { access: 'fieldwork.manage' },
      schema: { tags, body: checkpointBodySchema, response: { 200: checkpointSchema } },
    },
    async (req) => service.setUpCheckpoint(req.actor!, req.body),
  );
  r.get(
    '/api/fieldwork/checkpoints/:id',
    { config: read, schema: { tags, params: idParamSchema, response: { 200: checkpointSchema } } },
    async (req) => service.checkpoint(req.actor!, req.params.id),
  );
  r.put(
    '/api/fieldwork/checkpoints/:id',
    {
      config: { access: 'fieldwork.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: checkpointEditSchema,
        response: { 200: checkpointSchema },
      },
    },
    async (req) => service.editCheckpoint(req.actor!, req.params.id, req.body),
  );
  r.get(
    '/api/fieldwork/support-points',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: supportPointQuerySchema, response: { 200: z.array(supportPointSchema) } },
    },
    async (req) => service.supportPoints(req.query),
  );
  r.post(
    '/api/fieldwork/checkpoints/:id/supports',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, body: supportBodySchema, response: { 200: supportSchema } },
    },
    async (req) => service.registerSupport(req.actor!, req.params.id, req.body),
  );
  r.get(
    '/api/fieldwork/checkpoints/:id/supports',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(supportSchema) } },
    },
    async (req) => service.supports(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/checkpoints/:id/claim',
    {
      config: { access: 'fieldwork.lead' },
      schema: { tags, params: idParamSchema, response: { 200: checkpointSchema } },
    },
    async (req) => service.claim(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/checkpoints/:id/handover',
    {
      config: { access: 'fieldwork.lead' },
      schema: { tags, params: idParamSchema, response: { 200: checkpointSchema } },
    },
    async (req) => service.requestHandover(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/handovers/:id/decision',
    {
      config: read,
      schema: {
        tags,
        params: idParamSchema,
        body: handoverDecisionSchema,
        response: { 200: checkpointSchema },
      },
    },
    async (req) => service.decideHandover(req.actor!, req.params.id, req.body.accept),
  );
  r.get(
    '/api/fieldwork/checkpoints/:id/code',
    { config: read, schema: { tags, params: idParamSchema, response: { 200: codeSchema } } },
    async (req) => service.code(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/checkpoints/:id/shifts',
    {
      config: read,
      schema: {
        tags,
        params: idParamSchema,
        body: generateShiftsSchema,
        response: { 200: generateResultSchema },
      },
    },
    async (req) => service.generateShifts(req.actor!, req.params.id, req.body),
  );
  r.get(
    '/api/fieldwork/grid',
    { config: read, schema: { tags, querystring: gridQuerySchema, response: { 200: gridSchema } } },
    async (req) => service.grid(req.actor!, req.query),
  );
  r.get(
    '/api/fieldwork/no-shows',
    { config: read, schema: { tags, response: { 200: z.array(noShowSchema) } } },
    async (req) => service.noShows(req.actor!),
  );
  r.get(
    '/api/fieldwork/signups/:id/stand-ins',
    {
      config: { access: 'fieldwork.lead' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(standInCandidateSchema) } },
    },
    async (req) => service.standInCandidates(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/signups/:id/stand-in',
    {
      config: { access: 'fieldwork.lead' },
      schema: { tags, params: idParamSchema, body: standInBodySchema, response: { 200: okSchema } },
    },
    async (req) => service.standIn(req.actor!, req.params.id, req.body.userId),
  );

  r.get(
    '/api/fieldwork/shifts',
    {
      config: duty,
      schema: { tags, querystring: openShiftsQuerySchema, response: { 200: z.array(shiftSchema) } },
    },
    async (req) => service.openShifts(req.actor!, req.query),
  );
  r.post(
    '/api/fieldwork/signups',
    { config: duty, schema: { tags, body: signupBodySchema, response: { 200: signupResultSchema } } },
    async (req) => service.signUp(req.actor!, req.body.slots),
  );
  r.delete(
    '/api/fieldwork/signups/:id',
    { config: duty, schema: { tags, params: idParamSchema, response: { 200: okSchema } } },
    async (req) => service.signOut(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/check-in',
    { config: duty, schema: { tags, body: checkInBodySchema, response: { 200: dutySchema } } },
    async (req) => service.checkIn(req.actor!, req.body),
  );
  r.post(
    '/api/fieldwork/check-out',
    { config: duty, schema: { tags, response: { 200: dutySchema } } },
    async (req) => service.checkOut(req.actor!),
  );
  r.get(
    '/api/fieldwork/my-duty',
    {
      config: duty,
      schema: { tags, response: { 200: z.object({ items: z.array(dutySchema), hours: z.number() }) } },
    },
    async (req) => service.myDuty(req.actor!),
  );
  r.get('/api/fieldwork/my-duty/certificate.pdf', { config: duty, schema: { tags } }, async (req, reply) => {
    const pdf = await service.certificate(req.actor!, req.locale);
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="service-certificate.pdf"')
      .send(Buffer.from(pdf));
  });

  r.post(
    '/api/fieldwork/tasks',
    {
      config: { access: 'fieldwork.manage' },
      schema: {
        tags,
        body: taskBodySchema,
        response: { 200: z.object({ batchId: z.string(), created: z.number() }) },
      },
    },
    async (req) => service.createTasks(req.actor!, req.body),
  );
  r.get(
    '/api/fieldwork/task-kinds',
    {
      config: { access: 'authenticated' },
      schema: { tags, response: { 200: z.array(taskKindDefSchema) } },
    },
    async () => service.taskKinds(),
  );
  r.put(
    '/api/fieldwork/task-kinds/:code',
    {
      config: { access: 'fieldwork.manage' },
      schema: {
        tags,
        params: z.strictObject({ code: taskKindSchema }),
        body: taskKindBodySchema,
        response: { 200: z.array(taskKindDefSchema) },
      },
    },
    async (req) => service.setTaskKind(req.actor!, req.params.code, req.body),
  );
  r.get(
    '/api/fieldwork/tasks',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: taskQuerySchema, response: { 200: z.array(taskSchema) } },
    },
    async (req) => service.tasks(req.actor!, req.query),
  );
  r.post(
    '/api/fieldwork/tasks/:id/claim',
    { config: duty, schema: { tags, params: idParamSchema, response: { 200: taskSchema } } },
    async (req) => service.claimTask(req.actor!, req.params.id),
  );
  r.post(
    '/api/fieldwork/tasks/:id/outcome',
    {
      config: duty,
      schema: {
        tags,
        params: idParamSchema,
        headers: idempotencyHeadersSchema,
        body: taskOutcomeSchema,
        response: { 200: taskOutcomeResultSchema },
      },
    },
    async (req) => service.completeTask(req.actor!, req.params.id, req.body, req.headers['idempotency-key']),
  );
  r.post(
    '/api/fieldwork/tasks/:id/evidence/:clientId',
    {
      config: duty,
      schema: {
        tags,
        params: evidenceParamsSchema,
        consumes: ['multipart/form-data'],
        response: { 200: evidenceResultSchema },
      },
    },
    async (req) => {
      const file = await uploadedFile(req);
      return service.attachEvidence(
        req.actor!,
        req.params.id,
        req.params.clientId,
        { name: file.filename, stream: file.file },
        req.id,
      );
    },
  );
}
