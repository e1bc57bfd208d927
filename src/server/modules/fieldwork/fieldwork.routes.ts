import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, okSchema } from '../../../contracts/common.ts';
import {
  checkInBodySchema,
  checkpointBodySchema,
  checkpointQuerySchema,
  checkpointSchema,
  codeSchema,
  dutySchema,
  generateResultSchema,
  generateShiftsSchema,
  gridQuerySchema,
  gridSchema,
  handoverDecisionSchema,
  noShowSchema,
  openShiftsQuerySchema,
  shiftSchema,
  signupBodySchema,
  signupResultSchema,
  standInBodySchema,
  taskBodySchema,
  taskOutcomeSchema,
  taskQuerySchema,
  taskSchema,
} from '../../../contracts/fieldwork.ts';
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
      schema: { tags, params: idParamSchema, body: taskOutcomeSchema, response: { 200: taskSchema } },
    },
    async (req) => service.completeTask(req.actor!, req.params.id, req.body),
  );
}
