import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '../../../contracts/common.ts';
import {
  batchBodySchema,
  cycleBodySchema,
  cycleDetailSchema,
  cycleSchema,
  deliveryBodySchema,
  deliveryStopSchema,
  directoryQuerySchema,
  orderBodySchema,
  orderSchema,
  ownShopSchema,
  packingSchema,
  priceBodySchema,
  priceChangeSchema,
  priceListSchema,
  productBodySchema,
  productSchema,
  shopBodySchema,
  shopSchema,
  shopUpdateSchema,
  standingBodySchema,
  standingSchema,
} from '../../../contracts/grocery.ts';
import { actorOf } from '../../core/http/index.ts';
import { directorySheet, directoryWorkbook, packingSheet } from './grocery.print.ts';
import type { GroceryService } from './grocery.service.ts';

const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(100).optional() });
const batchSchema = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  name: z.string(),
  stops: z.array(deliveryStopSchema),
});

export function groceryRoutes(app: FastifyInstance, service: GroceryService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['grocery'];

  r.post(
    '/api/grocery/shops',
    {
      config: { access: 'grocery.manage' },
      schema: { tags, body: shopBodySchema, response: { 201: shopSchema } },
    },
    async (request, reply) => reply.code(201).send(await service.createShop(actorOf(request), request.body)),
  );
  r.get(
    '/api/grocery/shops',
    { config: { access: 'grocery.manage' }, schema: { tags, response: { 200: z.array(shopSchema) } } },
    async (request) => service.shops(actorOf(request)),
  );
  r.get(
    '/api/grocery/shops/editable',
    { config: { access: 'grocery.read' }, schema: { tags, response: { 200: z.array(ownShopSchema) } } },
    async (request) => service.editableShops(actorOf(request)),
  );
  r.put(
    '/api/grocery/shops/:id',
    {
      config: { access: 'grocery.read' },
      schema: { tags, params: idParamSchema, body: shopUpdateSchema, response: { 200: ownShopSchema } },
    },
    async (request) => service.updateShop(actorOf(request), request.params.id, request.body),
  );
  // Public on purpose (decision 0912): anyone can check that the sale price is cost plus fees.
  r.get(
    '/api/grocery/price-list',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: z.object({ shopId: z.coerce.number().int().positive().optional() }),
        response: { 200: priceListSchema },
      },
    },
    async (request) => service.priceList(request.query.shopId),
  );
  r.get(
    '/api/grocery/products/:id/price-changes',
    {
      config: { access: 'public' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(priceChangeSchema) } },
    },
    async (request) => service.priceChanges(request.params.id),
  );
  r.get(
    '/api/grocery/standing',
    { config: { access: 'grocery.manage' }, schema: { tags, response: { 200: z.array(standingSchema) } } },
    async (request) => service.standingOrders(actorOf(request)),
  );
  r.post(
    '/api/grocery/standing',
    {
      config: { access: 'grocery.manage' },
      schema: { tags, body: standingBodySchema, response: { 201: standingSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createStanding(actorOf(request), request.body)),
  );
  r.post(
    '/api/grocery/standing/:id/stop',
    {
      config: { access: 'grocery.manage' },
      schema: { tags, params: idParamSchema, response: { 200: standingSchema } },
    },
    async (request) => service.stopStanding(actorOf(request), request.params.id),
  );
  r.post(
    '/api/grocery/shops/:id/products',
    {
      config: { access: 'grocery.read' },
      schema: { tags, params: idParamSchema, body: productBodySchema, response: { 201: productSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createProduct(actorOf(request), request.params.id, request.body)),
  );
  r.get(
    '/api/grocery/shops/:id/products',
    {
      config: { access: 'grocery.directory' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(productSchema) } },
    },
    async (request) => service.products(request.params.id),
  );
  r.put(
    '/api/grocery/products/:id/price',
    {
      config: { access: 'grocery.read' },
      schema: { tags, params: idParamSchema, body: priceBodySchema, response: { 200: productSchema } },
    },
    async (request) => service.setPrice(actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/grocery/directory',
    {
      config: { access: 'grocery.directory' },
      schema: {
        tags,
        querystring: directoryQuerySchema,
        response: {
          200: z.object({
            node: z.object({ id: z.number(), name: z.string(), path: z.string() }),
            shops: z.array(shopSchema),
          }),
        },
      },
    },
    async (request) => service.directory(actorOf(request), request.query.nodeId, request.query.q),
  );
  r.get(
    '/api/grocery/directory.pdf',
    { config: { access: 'grocery.directory' }, schema: { tags, querystring: directoryQuerySchema } },
    async (request, reply) => {
      const { node, shops } = await service.directory(
        actorOf(request),
        request.query.nodeId,
        request.query.q,
      );
      // The QR leads to the same directory online, on the host the sheet was printed from.
      const url = `${request.protocol}://${request.host}/grocery/directory?nodeId=${node.id}`;
      const pdf = await directorySheet(node.name, shops, url);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="shops-${node.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${node.name}-保供超市.pdf`)}`,
        )
        .send(Buffer.from(pdf));
    },
  );
  r.get(
    '/api/grocery/directory.xlsx',
    { config: { access: 'grocery.directory' }, schema: { tags, querystring: directoryQuerySchema } },
    async (request, reply) => {
      const { node, shops } = await service.directory(
        actorOf(request),
        request.query.nodeId,
        request.query.q,
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="shops-${node.id}.xlsx"`)
        .send(await directoryWorkbook(shops));
    },
  );

  r.post(
    '/api/grocery/cycles',
    {
      config: { access: 'grocery.manage' },
      schema: { tags, body: cycleBodySchema, response: { 201: cycleDetailSchema } },
    },
    async (request, reply) => reply.code(201).send(await service.createCycle(actorOf(request), request.body)),
  );
  r.get(
    '/api/grocery/cycles',
    { config: { access: 'grocery.read' }, schema: { tags, response: { 200: z.array(cycleSchema) } } },
    async (request) => service.cycles(actorOf(request)),
  );
  r.get(
    '/api/grocery/cycles/open',
    { config: { access: 'grocery.order' }, schema: { tags, response: { 200: z.array(cycleDetailSchema) } } },
    async (request) => service.openForMe(actorOf(request)),
  );
  r.get(
    '/api/grocery/cycles/:id',
    {
      config: { access: 'grocery.directory' },
      schema: { tags, params: idParamSchema, response: { 200: cycleDetailSchema } },
    },
    async (request) => service.cycle(actorOf(request), request.params.id),
  );
  r.post(
    '/api/grocery/cycles/:id/close',
    {
      config: { access: 'grocery.manage' },
      schema: { tags, params: idParamSchema, response: { 200: cycleSchema } },
    },
    async (request) => service.close(actorOf(request), request.params.id),
  );
  r.post(
    '/api/grocery/cycles/:id/orders',
    {
      config: { access: 'grocery.directory' },
      schema: {
        tags,
        params: idParamSchema,
        headers: idempotencyHeaders,
        body: orderBodySchema,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.placeOrder(
            actorOf(request),
            request.params.id,
            request.body,
            request.headers['idempotency-key'],
          ),
        ),
  );
  r.get(
    '/api/grocery/cycles/:id/packing',
    {
      config: { access: 'grocery.read' },
      schema: { tags, params: idParamSchema, response: { 200: packingSchema } },
    },
    async (request) => service.packing(actorOf(request), request.params.id),
  );
  r.get(
    '/api/grocery/cycles/:id/packing.pdf',
    { config: { access: 'grocery.read' }, schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const packing = await service.packing(actorOf(request), request.params.id);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="packing-${packing.cycle.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${packing.cycle.shopName}-${packing.cycle.name}-配货单.pdf`)}`,
        )
        .send(Buffer.from(await packingSheet(packing)));
    },
  );
  r.get(
    '/api/grocery/cycles/:id/delivery',
    {
      config: { access: 'grocery.read' },
      schema: { tags, params: idParamSchema, response: { 200: z.array(deliveryStopSchema) } },
    },
    async (request) => service.deliveryList(actorOf(request), request.params.id),
  );
  r.post(
    '/api/grocery/cycles/:id/batches',
    {
      config: { access: 'grocery.read' },
      schema: {
        tags,
        params: idParamSchema,
        body: batchBodySchema,
        response: { 201: z.object({ id: z.number().int(), assigned: z.number().int() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createBatch(actorOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/grocery/orders/mine',
    { config: { access: 'grocery.order' }, schema: { tags, response: { 200: z.array(orderSchema) } } },
    async (request) => service.myOrders(actorOf(request)),
  );
  r.get(
    '/api/grocery/orders/:id',
    {
      config: { access: 'grocery.directory' },
      schema: { tags, params: idParamSchema, response: { 200: orderSchema } },
    },
    async (request) => service.order(actorOf(request), request.params.id),
  );
  r.post(
    '/api/grocery/orders/:id/delivery',
    {
      config: { access: 'grocery.deliver' },
      schema: { tags, params: idParamSchema, body: deliveryBodySchema, response: { 200: orderSchema } },
    },
    async (request) =>
      service.deliver(actorOf(request), request.params.id, request.body.outcome, request.body.note),
  );
  r.post(
    '/api/grocery/orders/:id/reschedule',
    {
      config: { access: 'grocery.directory' },
      schema: { tags, params: idParamSchema, response: { 200: orderSchema } },
    },
    async (request) => service.reschedule(actorOf(request), request.params.id),
  );

  r.get(
    '/api/grocery/batches/mine',
    { config: { access: 'grocery.deliver' }, schema: { tags, response: { 200: z.array(batchSchema) } } },
    async (request) => service.myBatches(actorOf(request)),
  );
  r.get(
    '/api/grocery/batches/:id',
    {
      config: { access: 'grocery.deliver' },
      schema: { tags, params: idParamSchema, response: { 200: batchSchema } },
    },
    async (request) => service.batch(actorOf(request), request.params.id),
  );
}
