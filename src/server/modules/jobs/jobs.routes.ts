import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type JobRun, jobRunSchema, jobRunsQuerySchema } from '../../../contracts/jobs.ts';
import type { JobsRepository } from './jobs.repository.ts';

export function jobsRoutes(app: FastifyInstance, repo: JobsRepository) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/jobs/runs',
    {
      config: { access: 'jobs.read' },
      schema: { tags: ['jobs'], querystring: jobRunsQuerySchema, response: { 200: z.array(jobRunSchema) } },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      const rows = await repo.recentRuns(filter, limit);
      return rows.map(
        (row): JobRun => ({
          job: row.job,
          slot: row.slot,
          instance: row.instance,
          startedAt: row.started_at,
          finishedAt: row.finished_at,
          status: row.status as JobRun['status'],
          error: row.error,
        }),
      );
    },
  );
}
