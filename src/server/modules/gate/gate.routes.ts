import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema, isStorableText, pageOf, unstorableTextFields } from '../../../contracts/common.ts';
import {
  closeFeverBodySchema,
  entryQuerySchema,
  entrySchema,
  exportQuerySchema,
  feverQuerySchema,
  feverSchema,
  gateCompoundSchema,
  gateHouseholdSchema,
  type ScanBody,
  type SyncRejection,
  scanBodySchema,
  scanResultSchema,
  statsQuerySchema,
  statsSchema,
  syncBodySchema,
  syncResultSchema,
  verifyBodySchema,
  verifyResultSchema,
  visitorBodySchema,
} from '../../../contracts/gate.ts';
import { translate } from '../../../contracts/messages.ts';
import { actorOf, issuesToFields, unstorable } from '../../core/http/index.ts';
import type { GateService } from './gate.service.ts';

export function gateRoutes(app: FastifyInstance, service: GateService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['gate'];

  r.get(
    '/api/gate/compounds',
    { config: { access: 'gate.scan' }, schema: { tags, response: { 200: z.array(gateCompoundSchema) } } },
    async (request) => service.compoundsForGate(actorOf(request)),
  );

  r.get(
    '/api/gate/compounds/:id/households',
    {
      config: { access: 'gate.scan' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(gateHouseholdSchema) } },
    },
    async (request) => service.households(actorOf(request), request.params.id),
  );

  r.post(
    '/api/gate/verify',
    {
      config: { access: 'gate.scan' },
      schema: { tags, body: verifyBodySchema, response: { 200: verifyResultSchema } },
    },
    async (request) => service.verify(actorOf(request), request.body),
  );

  r.post(
    '/api/gate/scans',
    {
      config: { access: 'gate.scan' },
      schema: { tags, body: scanBodySchema, response: { 200: scanResultSchema } },
    },
    async (request) => service.scan(actorOf(request), request.body),
  );

  r.post(
    '/api/gate/scans/sync',
    {
      config: { access: 'gate.scan' },
      schema: { tags, body: syncBodySchema, response: { 200: syncResultSchema } },
    },
    async (request) => {
      // Each scan is validated on its own; the bad ones are reported, the good ones recorded.
      const good: Array<{ index: number; scan: ScanBody }> = [];
      const rejected: SyncRejection[] = [];
      for (const [index, item] of request.body.scans.entries()) {
        const id = (item as { id?: unknown } | null)?.id;
        const clientId = typeof id === 'string' && isStorableText(id) ? id.slice(0, 64) : null;
        const badText = unstorableTextFields(item);
        const fields =
          badText.length > 0
            ? unstorable(badText, 'body')[request.locale]
            : scanBodySchema.safeParse(item).success
              ? []
              : issuesToFields(scanBodySchema, item, 'body')[request.locale];
        if (fields.length === 0) {
          good.push({ index, scan: scanBodySchema.parse(item) });
          continue;
        }
        rejected.push({
          index,
          clientId,
          error: {
            code: 'VALIDATION',
            message: translate('VALIDATION', request.locale),
            requestId: request.id,
            fields: fields.map((f) => ({ ...f, field: `scans.${index}.${f.field}` })),
          },
        });
      }
      const synced = await service.sync(actorOf(request), good, request.locale, request.id);
      return {
        results: synced.results,
        rejected: [...rejected, ...synced.rejected].sort((a, b) => a.index - b.index),
      };
    },
  );

  r.post(
    '/api/gate/visitors',
    {
      config: { access: 'gate.scan' },
      schema: { tags, body: visitorBodySchema, response: { 200: scanResultSchema } },
    },
    async (request) => service.visitor(actorOf(request), request.body),
  );

  r.get(
    '/api/gate/entries',
    {
      config: { access: 'gate.read' },
      schema: { tags, querystring: entryQuerySchema, response: { 200: pageOf(entrySchema) } },
    },
    async (request) => service.entries(actorOf(request), request.query),
  );

  r.get(
    '/api/gate/entries.xlsx',
    { config: { access: 'gate.read' }, schema: { tags, querystring: exportQuerySchema } },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="gate-entries.xlsx"')
        .send(await service.exportWorkbook(actorOf(request), request.query, request.locale, request.id)),
  );

  r.get(
    '/api/gate/stats',
    {
      config: { access: 'gate.read' },
      schema: { tags, querystring: statsQuerySchema, response: { 200: statsSchema } },
    },
    async (request) => service.stats(actorOf(request), request.query.nodeId),
  );

  r.get(
    '/api/gate/fevers',
    {
      config: { access: 'gate.fever.handle' },
      schema: { tags, querystring: feverQuerySchema, response: { 200: z.array(feverSchema) } },
    },
    async (request) => service.fevers(actorOf(request), request.query.nodeId, request.query.status),
  );

  r.post(
    '/api/gate/fevers/:id/close',
    {
      config: { access: 'gate.fever.handle' },
      schema: { tags, params: idParamSchema, body: closeFeverBodySchema, response: { 200: feverSchema } },
    },
    async (request) =>
      service.closeFever(actorOf(request), request.params.id, request.body.action, request.id),
  );
}
