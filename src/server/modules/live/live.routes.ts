import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventsQuerySchema, liveEventSchema } from '../../../contracts/events.ts';
import type { EventBus, LiveHub, StoredEvent } from '../../core/events/index.ts';
import { toLiveEvent } from '../../core/events/index.ts';
import { actorOf } from '../../core/http/index.ts';
import type { LiveRepository } from './live.repository.ts';

const streamQuerySchema = z.strictObject({ lastEventId: z.coerce.number().int().min(0).optional() });

export function liveRoutes(app: FastifyInstance, bus: EventBus, hub: LiveHub, repo: LiveRepository) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['live'];

  r.get(
    '/api/events/stream',
    { config: { access: 'authenticated' }, schema: { tags, querystring: streamQuerySchema } },
    async (request, reply) => {
      const header = request.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
      reply.hijack();
      await hub.open(actorOf(request), reply.raw, fromHeader ?? request.query.lastEventId ?? null);
    },
  );

  r.get(
    '/api/events',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: eventsQuerySchema, response: { 200: z.array(liveEventSchema) } },
    },
    async (request) => {
      const { after, limit, order, before } = request.query;
      const visible = [];
      let cursor = order === 'desc' ? (before ?? null) : after;
      const page = (from: number | null): Promise<StoredEvent[]> =>
        order === 'desc' ? repo.newest(from, 500) : bus.since(from ?? 0, 500);
      // Filter in pages so a caller with a narrow scope still gets up to `limit` events.
      for (let round = 0; round < 20 && visible.length < limit; round += 1) {
        const batch = await page(cursor);
        for (const event of batch) {
          if (hub.canSee(event, actorOf(request))) visible.push(toLiveEvent(event));
          if (visible.length === limit) break;
        }
        if (batch.length < 500) break;
        cursor = batch[batch.length - 1]!.id;
      }
      return visible;
    },
  );
}
