import { z } from 'zod';
import { phoneSchema } from './common.ts';

/** Yuan with at most two decimals, carried as a number; stored as integer fen. */
export const moneySchema = z
  .number({ message: 'PRICE_FORMAT' })
  .min(0, { message: 'PRICE_FORMAT' })
  .max(1_000_000, { message: 'PRICE_FORMAT' })
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { message: 'PRICE_DECIMALS' });

export const toFen = (yuan: number): number => Math.round(yuan * 100);
export const toYuan = (fen: number): number => fen / 100;
export const formatYuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** Whole units only: a pack, a bag, a bunch. */
export const quantitySchema = z
  .number({ message: 'QUANTITY_WHOLE' })
  .int({ message: 'QUANTITY_WHOLE' })
  .min(1, { message: 'QUANTITY_POSITIVE' })
  .max(99, { message: 'QUANTITY_TOO_MANY' });

export const SHOP_KINDS = ['supermarket', 'supplier'] as const;
export const PRODUCT_KINDS = ['pack', 'item'] as const;
export const PAYMENTS = ['on_delivery', 'paid'] as const;
export const ORDER_STATUSES = ['placed', 'delivered', 'not_home', 'refused', 'cancelled'] as const;
export const DELIVERY_OUTCOMES = ['delivered', 'not_home', 'refused'] as const;
export const CLOSE_REASONS = ['time', 'orders', 'turnover', 'manual'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The fee types a sale price may add to the cost. There is no margin type: that is the rule. */
export const FEE_TYPES = ['transport', 'packing', 'loss'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

const name = z.string().trim().min(1).max(60);

export const shopBodySchema = z.strictObject({
  nodeId: z.number().int().positive(),
  name,
  kind: z.enum(SHOP_KINDS).default('supermarket'),
  address: z.string().trim().min(1).max(120),
  phone: z.string().regex(/^[0-9-]{7,20}$/, { message: 'SHOP_PHONE_FORMAT' }),
  areaNodeIds: z.array(z.number().int().positive()).min(1).max(200),
  freeDelivery: z.boolean().default(true),
  hours: z.string().trim().max(60).default(''),
  minOrder: moneySchema.default(0),
  /** The shop's own account, by its phone: it then sees its cycles and packing sheets. */
  accountPhone: phoneSchema.optional(),
});
export type ShopBody = z.infer<typeof shopBodySchema>;

export const shopSchema = z.object({
  id: z.number().int(),
  nodeId: z.number().int(),
  nodePath: z.string(),
  name: z.string(),
  kind: z.enum(SHOP_KINDS),
  address: z.string(),
  phone: z.string(),
  freeDelivery: z.boolean(),
  hours: z.string(),
  minOrder: z.number(),
  areas: z.array(z.string()),
});
export type Shop = z.infer<typeof shopSchema>;

export const feesSchema = z.strictObject({
  transport: moneySchema.default(0),
  packing: moneySchema.default(0),
  loss: moneySchema.default(0),
});

export const productBodySchema = z.strictObject({
  name,
  kind: z.enum(PRODUCT_KINDS).default('item'),
  unit: z.string().trim().min(1).max(10),
  contents: z.string().trim().max(200).default(''),
  weightGrams: z.number().int().min(0).max(100_000).default(0),
  cost: moneySchema,
  fees: feesSchema.default({ transport: 0, packing: 0, loss: 0 }),
});
export type ProductBody = z.infer<typeof productBodySchema>;

export const priceBodySchema = z.strictObject({ cost: moneySchema, fees: feesSchema });
export type PriceBody = z.infer<typeof priceBodySchema>;

/** One line of a price breakdown: the cost, then each fee; the sale price is their sum. */
export const breakdownSchema = z.array(
  z.object({ type: z.enum(['cost', ...FEE_TYPES]), amount: z.number() }),
);
export type Breakdown = z.infer<typeof breakdownSchema>;

export const productSchema = z.object({
  id: z.number().int(),
  shopId: z.number().int(),
  name: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  unit: z.string(),
  contents: z.string(),
  weightGrams: z.number().int(),
  cost: z.number(),
  price: z.number(),
  breakdown: breakdownSchema,
  priceFrom: z.number().int(),
});
export type Product = z.infer<typeof productSchema>;

export const cycleBodySchema = z.strictObject({
  shopId: z.number().int().positive(),
  nodeId: z.number().int().positive(),
  name,
  opensAt: z.number().int(),
  closesAt: z.number().int(),
  maxOrders: z.number().int().positive().optional(),
  maxTurnover: moneySchema.optional(),
  ordersPerHousehold: z.number().int().min(1).max(7).default(1),
  items: z
    .array(
      z.strictObject({ productId: z.number().int().positive(), cap: z.number().int().positive().optional() }),
    )
    .min(1)
    .max(200),
});
export type CycleBody = z.infer<typeof cycleBodySchema>;

export const cycleItemSchema = productSchema.extend({
  cap: z.number().int().nullable(),
  sold: z.number().int(),
  left: z.number().int().nullable(),
});

export const cycleSchema = z.object({
  id: z.number().int(),
  shopId: z.number().int(),
  shopName: z.string(),
  nodeId: z.number().int(),
  nodePath: z.string(),
  name: z.string(),
  opensAt: z.number().int(),
  closesAt: z.number().int(),
  maxOrders: z.number().int().nullable(),
  maxTurnover: z.number().nullable(),
  ordersPerHousehold: z.number().int(),
  status: z.enum(['scheduled', 'open', 'closed']),
  closedReason: z.enum(CLOSE_REASONS).nullable(),
  closedAt: z.number().int().nullable(),
  orderCount: z.number().int(),
  turnover: z.number(),
});
export type Cycle = z.infer<typeof cycleSchema>;

export const cycleDetailSchema = cycleSchema.extend({ items: z.array(cycleItemSchema) });
export type CycleDetail = z.infer<typeof cycleDetailSchema>;

export const orderBodySchema = z.strictObject({
  lines: z
    .array(z.strictObject({ productId: z.number().int().positive(), quantity: quantitySchema }))
    .min(1)
    .max(50),
  payment: z.enum(PAYMENTS).default('on_delivery'),
  note: z.string().trim().max(200).optional(),
  /** A cadre or liaison ordering for a household that cannot order itself (standing orders). */
  householdId: z.number().int().positive().optional(),
});
export type OrderBody = z.infer<typeof orderBodySchema>;

export const orderLineSchema = z.object({
  productId: z.number().int(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number(),
  amount: z.number(),
  breakdown: breakdownSchema,
});

export const orderSchema = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  cycleName: z.string(),
  shopName: z.string(),
  household: z.string(),
  payment: z.enum(PAYMENTS),
  note: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  statusAt: z.number().int(),
  onBehalf: z.boolean(),
  lines: z.array(orderLineSchema),
  /** The receipt's totals: cost, each fee type, and the total that is their sum. */
  breakdown: breakdownSchema,
  total: z.number(),
  createdAt: z.number().int(),
});
export type Order = z.infer<typeof orderSchema>;

export const deliveryBodySchema = z.strictObject({
  outcome: z.enum(DELIVERY_OUTCOMES),
  note: z.string().trim().max(200).optional(),
});

export const batchBodySchema = z.strictObject({
  name,
  assigneePhone: phoneSchema,
  orderIds: z.array(z.number().int().positive()).min(1).max(500),
});

export const packingSchema = z.object({
  cycle: cycleSchema,
  products: z.array(
    z.object({
      productId: z.number().int(),
      name: z.string(),
      unit: z.string(),
      quantity: z.number().int(),
      households: z.array(
        z.object({ orderId: z.number().int(), household: z.string(), quantity: z.number().int() }),
      ),
    }),
  ),
  /** Quantities per pick-up point (compound → building): what one trolley carries to one door. */
  points: z.array(
    z.object({
      compound: z.string(),
      building: z.string(),
      orders: z.number().int(),
      products: z.array(
        z.object({ productId: z.number().int(), name: z.string(), quantity: z.number().int() }),
      ),
    }),
  ),
  totals: z.object({ orders: z.number().int(), units: z.number().int(), turnover: z.number() }),
});
export type Packing = z.infer<typeof packingSchema>;

export const deliveryStopSchema = z.object({
  orderId: z.number().int(),
  compound: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  phone: z.string(),
  note: z.string().nullable(),
  items: z.string(),
  total: z.number(),
  payment: z.enum(PAYMENTS),
  status: z.enum(ORDER_STATUSES),
  batchId: z.number().int().nullable(),
});
export type DeliveryStop = z.infer<typeof deliveryStopSchema>;

export const directoryQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive(),
  q: z.string().trim().max(40).optional(),
});

/** What a shop's own account (or an official) may change of a shop; its areas stay inside its grant. */
export const shopUpdateSchema = z.strictObject({
  name,
  address: z.string().trim().min(1).max(120),
  phone: z.string().regex(/^[0-9-]{7,20}$/, { message: 'SHOP_PHONE_FORMAT' }),
  areaNodeIds: z.array(z.number().int().positive()).min(1).max(200),
  freeDelivery: z.boolean(),
  hours: z.string().trim().max(60),
  minOrder: moneySchema,
});
export type ShopUpdate = z.infer<typeof shopUpdateSchema>;

/** A shop as its editors see it: the grant its areas must stay within. */
export const ownShopSchema = shopSchema.extend({ grant: z.array(z.string()), own: z.boolean() });
export type OwnShop = z.infer<typeof ownShopSchema>;

const priceStateSchema = z.object({
  cost: z.number(),
  transport: z.number().nullable(),
  packing: z.number().nullable(),
  loss: z.number().nullable(),
  price: z.number(),
});

export const priceChangeSchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  before: priceStateSchema,
  after: priceStateSchema,
});
export type PriceChange = z.infer<typeof priceChangeSchema>;

/** The public price list (no sign-in): every product with its cost, each fee and the sale price. */
export const priceListSchema = z.array(
  z.object({
    shop: z.object({ id: z.number().int(), name: z.string(), address: z.string(), phone: z.string() }),
    products: z.array(productSchema),
  }),
);
export type PriceList = z.infer<typeof priceListSchema>;

export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/** A standing weekly order a cadre or liaison keeps for a household that cannot order itself. */
export const standingBodySchema = z.strictObject({
  householdId: z.number().int().positive(),
  shopId: z.number().int().positive(),
  /** 0 = Sunday … 6 = Saturday (Beijing): the order goes into each cycle that opens that day. */
  weekday: z.number().int().min(0, { message: 'WEEKDAY' }).max(6, { message: 'WEEKDAY' }),
  lines: orderBodySchema.shape.lines,
  payment: z.enum(PAYMENTS).default('on_delivery'),
  note: z.string().trim().max(200).optional(),
});
export type StandingBody = z.infer<typeof standingBodySchema>;

export const standingRunSchema = z.object({
  cycleId: z.number().int(),
  cycleName: z.string(),
  status: z.enum(['placed', 'failed']),
  orderId: z.number().int().nullable(),
  /** The message code of a failure (sold out, closed, limit …), with its parameters. */
  error: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  at: z.number().int(),
});

export const standingSchema = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  household: z.string(),
  compound: z.string(),
  shopId: z.number().int(),
  shopName: z.string(),
  weekday: z.number().int(),
  lines: z.array(z.object({ productId: z.number().int(), name: z.string(), quantity: z.number().int() })),
  payment: z.enum(PAYMENTS),
  note: z.string().nullable(),
  active: z.boolean(),
  runs: z.array(standingRunSchema),
});
export type Standing = z.infer<typeof standingSchema>;
