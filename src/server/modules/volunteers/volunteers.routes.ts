import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTeamBodySchema,
  decideSignupBodySchema,
  exportVolunteersQuerySchema,
  importReportSchema,
  listSignupsQuerySchema,
  listTeamsQuerySchema,
  listVolunteersQuerySchema,
  publicCommunitiesQuerySchema,
  publicCommunitySchema,
  publicTeamSchema,
  publicTeamsQuerySchema,
  signupBodySchema,
  signupReceiptSchema,
  signupSchema,
  teamSchema,
  updateTeamBodySchema,
  volunteerSchema,
} from '../../../contracts/alliance.ts';
import { idParamSchema, pageOf } from '../../../contracts/common.ts';
import { actorOf, uploadedFile } from '../../core/http/index.ts';
import type { VolunteersService } from './volunteers.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function volunteersRoutes(app: FastifyInstance, service: VolunteersService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteers'];

  r.get(
    '/api/teams',
    {
      config: { access: 'volunteers.read' },
      schema: { tags, querystring: listTeamsQuerySchema, response: { 200: pageOf(teamSchema) } },
    },
    async (request) => service.listTeams(actorOf(request), request.query),
  );

  r.get(
    '/api/teams/:id',
    {
      config: { access: 'volunteers.read' },
      schema: { tags, params: idParamSchema, response: { 200: teamSchema } },
    },
    async (request) => service.getTeam(actorOf(request), request.params.id),
  );

  r.post(
    '/api/teams',
    {
      config: { access: 'volunteers.manage' },
      schema: { tags, body: createTeamBodySchema, response: { 201: teamSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createTeam(actorOf(request), request.body, request.id)),
  );

  r.patch(
    '/api/teams/:id',
    {
      config: { access: 'volunteers.manage' },
      schema: { tags, params: idParamSchema, body: updateTeamBodySchema, response: { 200: teamSchema } },
    },
    async (request) => service.updateTeam(actorOf(request), request.params.id, request.body, request.id),
  );

  r.get(
    '/api/public/communities',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: publicCommunitiesQuerySchema,
        response: { 200: z.array(publicCommunitySchema) },
      },
    },
    async (request) => service.publicCommunities(request.query.q),
  );

  r.get(
    '/api/public/teams',
    {
      config: { access: 'public' },
      schema: { tags, querystring: publicTeamsQuerySchema, response: { 200: z.array(publicTeamSchema) } },
    },
    async (request) => service.publicTeams(request.query.nodeId),
  );

  r.post(
    '/api/public/volunteer-signups',
    {
      config: { access: 'public' },
      schema: { tags, body: signupBodySchema, response: { 201: signupReceiptSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.signup(request.body, request.ip, request.id)),
  );

  r.get(
    '/api/volunteer-signups',
    {
      config: { access: 'volunteers.manage' },
      schema: { tags, querystring: listSignupsQuerySchema, response: { 200: pageOf(signupSchema) } },
    },
    async (request) => service.listSignups(actorOf(request), request.query, request.id),
  );

  r.post(
    '/api/volunteer-signups/:id/decision',
    {
      config: { access: 'volunteers.manage' },
      schema: { tags, params: idParamSchema, body: decideSignupBodySchema, response: { 200: signupSchema } },
    },
    async (request) =>
      service.decide(
        actorOf(request),
        request.params.id,
        request.body.decision,
        request.body.reason,
        request.id,
      ),
  );

  r.get(
    '/api/volunteers',
    {
      config: { access: 'volunteers.read' },
      schema: { tags, querystring: listVolunteersQuerySchema, response: { 200: pageOf(volunteerSchema) } },
    },
    async (request) => service.listVolunteers(actorOf(request), request.query, request.id),
  );

  r.get(
    '/api/volunteers/export.xlsx',
    { config: { access: 'volunteers.read' }, schema: { tags, querystring: exportVolunteersQuerySchema } },
    async (request, reply) => {
      const bytes = await service.exportVolunteers(actorOf(request), request.query, request.id);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="volunteers-${Date.now()}.xlsx"`)
        .send(bytes);
    },
  );

  r.post(
    '/api/volunteers/import',
    {
      config: { access: 'volunteers.manage' },
      schema: { tags, consumes: ['multipart/form-data'], response: { 200: importReportSchema } },
    },
    async (request) => {
      const file = await uploadedFile(request);
      const bytes = await file.toBuffer();
      return service.importRoster(actorOf(request), bytes, request.locale, request.id);
    },
  );
}
