import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '../../../contracts/common.ts';
import {
  allocationBodySchema,
  correctionBodySchema,
  countBodySchema,
  donationImportSchema,
  donorBodySchema,
  donorSchema,
  itemBodySchema,
  itemSchema,
  ledgerQuerySchema,
  movementSchema,
  NEED_STATUSES,
  needBodySchema,
  needSchema,
  PLEDGE_STATUSES,
  photoSignBodySchema,
  pledgeBodySchema,
  pledgeSchema,
  publicNeedSchema,
  publicTotalsSchema,
  publicWaybillSchema,
  receiptBodySchema,
  releaseBodySchema,
  signBodySchema,
  stockQuerySchema,
  stockRowSchema,
  storeBodySchema,
  storeSchema,
  transferBodySchema,
  waybillSchema,
  withdrawNeedBodySchema,
  writeOffBodySchema,
} from '../../../contracts/supplies.ts';
import { uploadedFile } from '../../core/http/index.ts';
import { certificatePdf, ledgerWorkbook, waybillPdf } from './supplies.print.ts';
import type { SuppliesService } from './supplies.service.ts';

const movementIdSchema = z.object({ movementId: z.number() });
const tokenParamSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
const allocationSchema = z.object({
  id: z.number(),
  needId: z.number(),
  storeId: z.number(),
  quantity: z.number(),
  requester: z.string(),
  itemName: z.string(),
  unit: z.string(),
  storeName: z.string(),
  createdAt: z.number(),
});

export function suppliesRoutes(app: FastifyInstance, service: SuppliesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supplies'];
  const manage = { access: 'supplies.manage' } as const;
  const read = { access: 'supplies.read' } as const;

  r.get(
    '/api/supplies/items',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: z.array(itemSchema) } } },
    async () => service.items(),
  );
  r.post(
    '/api/supplies/items',
    { config: manage, schema: { tags, body: itemBodySchema, response: { 201: itemSchema } } },
    async (request, reply) => reply.code(201).send(await service.createItem(request.actor!, request.body)),
  );
  r.get(
    '/api/supplies/stores',
    { config: read, schema: { tags, response: { 200: z.array(storeSchema) } } },
    async (request) => service.stores(request.actor!),
  );
  r.post(
    '/api/supplies/stores',
    { config: manage, schema: { tags, body: storeBodySchema, response: { 201: storeSchema } } },
    async (request, reply) => reply.code(201).send(await service.createStore(request.actor!, request.body)),
  );
  r.get(
    '/api/supplies/donors',
    { config: read, schema: { tags, response: { 200: z.array(donorSchema) } } },
    async (request) => service.donors(request.actor!),
  );
  r.post(
    '/api/supplies/donors',
    { config: manage, schema: { tags, body: donorBodySchema, response: { 201: donorSchema } } },
    async (request, reply) => reply.code(201).send(await service.createDonor(request.actor!, request.body)),
  );
  r.get(
    '/api/supplies/donors/:id/certificate.pdf',
    { config: read, schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const data = await service.certificate(request.actor!, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="donation-certificate-${request.params.id}.pdf"`)
        .send(Buffer.from(await certificatePdf(data)));
    },
  );

  r.get(
    '/api/supplies/pledges',
    {
      config: read,
      schema: {
        tags,
        querystring: z.strictObject({ status: z.enum(PLEDGE_STATUSES).optional() }),
        response: { 200: z.array(pledgeSchema) },
      },
    },
    async (request) => service.pledges(request.actor!, request.query.status),
  );
  r.post(
    '/api/supplies/pledges',
    { config: manage, schema: { tags, body: pledgeBodySchema, response: { 201: pledgeSchema } } },
    async (request, reply) => reply.code(201).send(await service.createPledge(request.actor!, request.body)),
  );
  r.post(
    '/api/supplies/pledges/:id/receipts',
    {
      config: manage,
      schema: {
        tags,
        params: idParamSchema,
        body: receiptBodySchema,
        response: { 201: z.object({ pledge: pledgeSchema, movementId: z.number() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.receive(request.actor!, request.params.id, request.body.quantity)),
  );
  r.post(
    '/api/supplies/pledges/:id/cancel-rest',
    { config: manage, schema: { tags, params: idParamSchema, response: { 200: pledgeSchema } } },
    async (request) => service.cancelRest(request.actor!, request.params.id),
  );

  r.post(
    '/api/supplies/stores/:id/imports',
    {
      config: manage,
      schema: {
        tags,
        params: idParamSchema,
        consumes: ['multipart/form-data'],
        response: { 201: donationImportSchema },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const bytes = await file.toBuffer();
      return reply
        .code(201)
        .send(
          await service.importDonations(request.actor!, request.params.id, { name: file.filename, bytes }),
        );
    },
  );

  r.post(
    '/api/supplies/transfers',
    {
      config: manage,
      schema: {
        tags,
        body: transferBodySchema,
        response: { 201: z.object({ movementIds: z.array(z.number()) }) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.transfer(request.actor!, request.body)),
  );
  r.post(
    '/api/supplies/counts',
    { config: manage, schema: { tags, body: countBodySchema, response: { 201: movementIdSchema } } },
    async (request, reply) => reply.code(201).send(await service.count(request.actor!, request.body)),
  );
  r.post(
    '/api/supplies/write-offs',
    { config: manage, schema: { tags, body: writeOffBodySchema, response: { 201: movementIdSchema } } },
    async (request, reply) => reply.code(201).send(await service.writeOff(request.actor!, request.body)),
  );
  r.post(
    '/api/supplies/movements/:id/corrections',
    {
      config: manage,
      schema: {
        tags,
        params: idParamSchema,
        body: correctionBodySchema,
        response: { 201: movementIdSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.correct(request.actor!, request.params.id, request.body)),
  );
  r.get(
    '/api/supplies/stock',
    {
      config: read,
      schema: { tags, querystring: stockQuerySchema, response: { 200: z.array(stockRowSchema) } },
    },
    async (request) => service.stock(request.actor!, request.query),
  );
  r.get(
    '/api/supplies/ledger',
    {
      config: read,
      schema: { tags, querystring: ledgerQuerySchema, response: { 200: z.array(movementSchema) } },
    },
    async (request) => service.ledger(request.actor!, request.query),
  );
  r.get(
    '/api/supplies/ledger.xlsx',
    { config: read, schema: { tags, querystring: ledgerQuerySchema } },
    async (request, reply) => {
      const rows = await service.ledger(request.actor!, { ...request.query, limit: 500 });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="supplies-ledger.xlsx"')
        .send(await ledgerWorkbook(rows));
    },
  );

  r.get(
    '/api/supplies/needs',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: z.strictObject({ status: z.enum(NEED_STATUSES).optional() }),
        response: { 200: z.array(needSchema) },
      },
    },
    async (request) => service.needs(request.actor!, request.query.status),
  );
  r.post(
    '/api/supplies/needs',
    {
      config: { access: 'supplies.needs' },
      schema: { tags, body: needBodySchema, response: { 201: needSchema } },
    },
    async (request, reply) => reply.code(201).send(await service.createNeed(request.actor!, request.body)),
  );
  r.post(
    '/api/supplies/allocations',
    {
      config: manage,
      schema: {
        tags,
        body: allocationBodySchema,
        response: { 201: z.object({ movementId: z.number(), need: needSchema }) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.allocate(request.actor!, request.body)),
  );
  r.post(
    '/api/supplies/needs/:id/withdraw',
    {
      config: { access: 'supplies.needs' },
      schema: { tags, params: idParamSchema, body: withdrawNeedBodySchema, response: { 200: needSchema } },
    },
    async (request) => service.withdrawNeed(request.actor!, request.params.id, request.body.reason),
  );
  r.post(
    '/api/supplies/allocations/:id/release',
    {
      config: manage,
      schema: {
        tags,
        params: idParamSchema,
        body: releaseBodySchema,
        response: { 201: z.object({ movementId: z.number(), need: needSchema }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.release(request.actor!, request.params.id, request.body.reason)),
  );
  r.get(
    '/api/supplies/allocations/open',
    { config: manage, schema: { tags, response: { 200: z.array(allocationSchema) } } },
    async (request) => service.openAllocations(request.actor!),
  );
  r.post(
    '/api/supplies/allocations/:id/dispatch',
    { config: manage, schema: { tags, params: idParamSchema, response: { 201: waybillSchema } } },
    async (request, reply) => reply.code(201).send(await service.dispatch(request.actor!, request.params.id)),
  );
  r.get(
    '/api/supplies/waybills',
    {
      config: { access: 'supplies.deliver' },
      schema: {
        tags,
        querystring: z.strictObject({ status: z.enum(['dispatched', 'delivered']).optional() }),
        response: { 200: z.array(waybillSchema) },
      },
    },
    async (request) => service.waybills(request.actor!, request.query.status),
  );
  r.get(
    '/api/supplies/waybills/:id',
    {
      config: { access: 'supplies.deliver' },
      schema: { tags, params: idParamSchema, response: { 200: waybillSchema } },
    },
    async (request) => service.waybill(request.actor!, request.params.id),
  );
  r.get(
    '/api/supplies/waybills/:id/waybill.pdf',
    { config: { access: 'supplies.deliver' }, schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const data = await service.waybillForPrint(request.actor!, request.params.id);
      // The QR opens the sign-off page on the host the waybill was printed from.
      const url = `${request.protocol}://${request.host}/sign/${data.waybill.token}`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="waybill-${request.params.id}.pdf"`)
        .send(Buffer.from(await waybillPdf(data, url)));
    },
  );
  r.post(
    '/api/supplies/waybills/:id/photo-sign',
    {
      config: { access: 'supplies.deliver' },
      schema: { tags, params: idParamSchema, body: photoSignBodySchema, response: { 200: waybillSchema } },
    },
    async (request) => service.signByPhoto(request.actor!, request.params.id, request.body),
  );

  // No login: the public pages, and the receiver's sign-off through the waybill's link.
  r.get(
    '/api/public/supplies/totals',
    { config: { access: 'public' }, schema: { tags, response: { 200: publicTotalsSchema } } },
    async () => service.publicTotals(),
  );
  r.get(
    '/api/public/supplies/needs',
    { config: { access: 'public' }, schema: { tags, response: { 200: z.array(publicNeedSchema) } } },
    async () => service.publicNeeds(),
  );
  r.get(
    '/api/public/supplies/waybills/:token',
    {
      config: { access: 'public' },
      schema: { tags, params: tokenParamSchema, response: { 200: publicWaybillSchema } },
    },
    async (request) => service.publicWaybill(request.params.token),
  );
  r.post(
    '/api/public/supplies/waybills/:token/sign',
    {
      config: { access: 'public' },
      schema: { tags, params: tokenParamSchema, body: signBodySchema, response: { 200: waybillSchema } },
    },
    async (request) => service.signByToken(request.params.token, request.body),
  );
}
