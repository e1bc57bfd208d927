import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, pageOf, pageQuerySchema, readPurposeQuerySchema } from '../../../contracts/common.ts';
import {
  buildingBodySchema,
  buildingSchema,
  compoundDetailQuerySchema,
  compoundListQuerySchema,
  compoundProfileBodySchema,
  compoundSchema,
  householdBodySchema,
  householdSchema,
  importJobSchema,
  importParamsSchema,
  residentBodySchema,
  residentListQuerySchema,
  residentSchema,
  residentStatusBodySchema,
  vehicleBodySchema,
  vehicleSchema,
} from '../../../contracts/compounds.ts';
import { actorOf, uploadedFile } from '../../core/http/index.ts';
import type { CompoundsService } from './compounds.service.ts';

export function compoundsRoutes(app: FastifyInstance, service: CompoundsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['compounds'];

  r.get(
    '/api/compounds',
    {
      config: { access: 'compounds.read' },
      schema: { tags, querystring: compoundListQuerySchema, response: { 200: pageOf(compoundSchema) } },
    },
    async (request) =>
      service.list(actorOf(request), request.query.nodeId, request.query.page, request.query.pageSize),
  );

  r.get(
    '/api/compounds/:id',
    {
      config: { access: 'compounds.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: compoundDetailQuerySchema,
        response: { 200: compoundSchema },
      },
    },
    async (request) => service.get(actorOf(request), request.params.id, request.query, request.id),
  );

  r.put(
    '/api/compounds/:id',
    {
      config: { access: 'compounds.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: compoundProfileBodySchema,
        response: { 200: compoundSchema },
      },
    },
    async (request) => service.saveProfile(actorOf(request), request.params.id, request.body, request.id),
  );

  r.get(
    '/api/compounds/:id/buildings',
    {
      config: { access: 'compounds.read' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(buildingSchema) } },
    },
    async (request) => service.buildings(actorOf(request), request.params.id),
  );

  r.post(
    '/api/compounds/:id/buildings',
    {
      config: { access: 'compounds.manage' },
      schema: { tags, params: idParamSchema, body: buildingBodySchema, response: { 201: buildingSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addBuilding(actorOf(request), request.params.id, request.body.name, request.id)),
  );

  r.get(
    '/api/compounds/:id/households',
    {
      config: { access: 'compounds.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOf(householdSchema) },
      },
    },
    async (request) =>
      service.households(actorOf(request), request.params.id, request.query.page, request.query.pageSize),
  );

  r.post(
    '/api/compounds/:id/households',
    {
      config: { access: 'compounds.manage' },
      schema: { tags, params: idParamSchema, body: householdBodySchema, response: { 201: householdSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addHousehold(actorOf(request), request.params.id, request.body, request.id)),
  );

  r.get(
    '/api/compounds/:id/residents',
    {
      config: { access: 'residents.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: residentListQuerySchema,
        response: { 200: pageOf(residentSchema) },
      },
    },
    async (request) => {
      const { q, householdId, page, pageSize } = request.query;
      return service.residents(actorOf(request), request.params.id, { q, householdId }, page, pageSize);
    },
  );

  r.post(
    '/api/compounds/:id/residents',
    {
      config: { access: 'compounds.manage' },
      schema: { tags, params: idParamSchema, body: residentBodySchema, response: { 201: residentSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addResident(actorOf(request), request.params.id, request.body, request.id)),
  );

  r.get(
    '/api/residents/:id',
    {
      config: { access: 'residents.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: readPurposeQuerySchema,
        response: { 200: residentSchema },
      },
    },
    async (request) =>
      service.resident(actorOf(request), request.params.id, request.id, request.query.purpose),
  );

  r.patch(
    '/api/residents/:id',
    {
      config: { access: 'compounds.manage' },
      schema: {
        tags,
        params: idParamSchema,
        body: residentStatusBodySchema,
        response: { 200: residentSchema },
      },
    },
    async (request) =>
      service.setResidentStatus(actorOf(request), request.params.id, request.body.status, request.id),
  );

  r.get(
    '/api/compounds/:id/vehicles',
    {
      config: { access: 'compounds.read' },
      schema: {
        tags,
        params: idParamSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOf(vehicleSchema) },
      },
    },
    async (request) =>
      service.vehicles(actorOf(request), request.params.id, request.query.page, request.query.pageSize),
  );

  r.post(
    '/api/compounds/:id/vehicles',
    {
      config: { access: 'compounds.manage' },
      schema: { tags, params: idParamSchema, body: vehicleBodySchema, response: { 201: vehicleSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addVehicle(actorOf(request), request.params.id, request.body, request.id)),
  );

  r.post(
    '/api/compounds/:id/imports/:kind',
    {
      config: { access: 'compounds.manage' },
      schema: {
        tags,
        params: importParamsSchema,
        consumes: ['multipart/form-data'],
        response: { 202: importJobSchema },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const job = await service.startImport(
        actorOf(request),
        request.params.id,
        request.params.kind,
        { name: file.filename, stream: file.file },
        request.id,
      );
      return reply.status(202).send(job);
    },
  );

  r.get(
    '/api/compound-imports/:id',
    {
      config: { access: 'compounds.manage' },
      schema: { tags, params: idParamSchema, response: { 200: importJobSchema } },
    },
    async (request) => service.importJob(actorOf(request), request.params.id),
  );
}
