import { z } from 'zod';

/** Whole units above zero: zero and negative movements are refused at the door (HE #3261). */
export const supplyQuantitySchema = z
  .number({ message: 'SUPPLIES_QUANTITY' })
  .int({ message: 'SUPPLIES_QUANTITY' })
  .min(1, { message: 'SUPPLIES_QUANTITY' })
  .max(100_000_000, { message: 'SUPPLIES_QUANTITY' });

export const DONOR_KINDS = ['company', 'organisation', 'person'] as const;
export const REQUESTER_KINDS = ['hospital', 'checkpoint', 'community', 'family'] as const;
export const WRITE_OFF_REASONS = ['expired', 'damaged'] as const;
export const MOVEMENT_KINDS = [
  'receive',
  'transfer_out',
  'transfer_in',
  'allocate',
  'dispatch',
  'deliver',
  'adjust',
  'write_off',
  'correct',
  'release',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const NEED_STATUSES = ['open', 'met', 'withdrawn'] as const;
export const PLEDGE_STATUSES = ['open', 'received', 'closed'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.number().int().positive();

export const itemBodySchema = z.strictObject({
  name: text(60),
  unit: text(20),
  standard: z.string().trim().max(60).default(''),
  category: z.string().trim().max(30).default(''),
  largeAt: supplyQuantitySchema.nullable().default(null),
});
export const itemSchema = z.object({
  id: z.number(),
  name: z.string(),
  unit: z.string(),
  standard: z.string(),
  category: z.string(),
  largeAt: z.number().nullable(),
});
export type Item = z.infer<typeof itemSchema>;

export const storeBodySchema = z.strictObject({
  nodeId: id,
  name: text(60),
  address: z.string().max(120).default(''),
});
export const storeSchema = z.object({
  id: z.number(),
  nodeId: z.number(),
  nodePath: z.string(),
  name: z.string(),
  address: z.string(),
});
export type Store = z.infer<typeof storeSchema>;

export const donorBodySchema = z.strictObject({
  kind: z.enum(DONOR_KINDS),
  name: text(80),
  anonymous: z.boolean().default(false),
});
export const donorSchema = z.object({
  id: z.number(),
  kind: z.enum(DONOR_KINDS),
  name: z.string(),
  anonymous: z.boolean(),
});
export type Donor = z.infer<typeof donorSchema>;

export const pledgeBodySchema = z.strictObject({
  donorId: id,
  itemId: id,
  storeId: id,
  quantity: supplyQuantitySchema,
  note: z.string().max(200).default(''),
});
export const pledgeSchema = z.object({
  id: z.number(),
  donorId: z.number(),
  donorName: z.string(),
  anonymous: z.boolean(),
  itemId: z.number(),
  itemName: z.string(),
  unit: z.string(),
  storeId: z.number(),
  storeName: z.string(),
  quantity: z.number(),
  received: z.number(),
  status: z.enum(PLEDGE_STATUSES),
  note: z.string(),
  createdAt: z.number(),
});
export type Pledge = z.infer<typeof pledgeSchema>;

export const receiptBodySchema = z.strictObject({ quantity: supplyQuantitySchema });

export const transferBodySchema = z.strictObject({
  fromStoreId: id,
  toStoreId: id,
  itemId: id,
  quantity: supplyQuantitySchema,
});
export const countBodySchema = z.strictObject({
  storeId: id,
  itemId: id,
  counted: z.number({ message: 'SUPPLIES_QUANTITY' }).int({ message: 'SUPPLIES_QUANTITY' }).min(0, {
    message: 'SUPPLIES_QUANTITY',
  }),
  reason: text(200),
});
export const writeOffBodySchema = z.strictObject({
  storeId: id,
  itemId: id,
  quantity: supplyQuantitySchema,
  reason: z.enum(WRITE_OFF_REASONS),
  note: z.string().max(200).default(''),
});
/** The right quantity for the row being corrected; the correction books the difference. */
export const correctionBodySchema = z.strictObject({
  quantity: z.number({ message: 'SUPPLIES_QUANTITY' }).int({ message: 'SUPPLIES_QUANTITY' }).min(0, {
    message: 'SUPPLIES_QUANTITY',
  }),
  reason: text(200),
});
/** Why a need is taken off the board, kept on its audit row. */
export const withdrawNeedBodySchema = z.strictObject({ reason: text(200) });
export const releaseBodySchema = z.strictObject({ reason: text(200) });

export const allocationBodySchema = z.strictObject({
  needId: id,
  storeId: id,
  quantity: supplyQuantitySchema,
});

export const movementSchema = z.object({
  id: z.number(),
  kind: z.enum(MOVEMENT_KINDS),
  itemId: z.number(),
  itemName: z.string(),
  storeId: z.number(),
  storeName: z.string(),
  quantity: z.number(),
  onHandDelta: z.number(),
  allocatedDelta: z.number(),
  needId: z.number().nullable(),
  pledgeId: z.number().nullable(),
  allocationId: z.number().nullable(),
  waybillId: z.number().nullable(),
  correctsId: z.number().nullable(),
  reason: z.string().nullable(),
  createdAt: z.number(),
});
export type Movement = z.infer<typeof movementSchema>;

export const stockQuerySchema = z.strictObject({
  storeId: z.coerce.number().int().positive().optional(),
  nodeId: z.coerce.number().int().positive().optional(),
});
export const stockRowSchema = z.object({
  storeId: z.number().nullable(),
  storeName: z.string().nullable(),
  itemId: z.number(),
  itemName: z.string(),
  unit: z.string(),
  onHand: z.number(),
  allocated: z.number(),
  available: z.number(),
});
export type StockRow = z.infer<typeof stockRowSchema>;

export const ledgerQuerySchema = z.strictObject({
  storeId: z.coerce.number().int().positive().optional(),
  itemId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const needBodySchema = z.strictObject({
  nodeId: id,
  requesterKind: z.enum(REQUESTER_KINDS),
  requester: text(80),
  itemId: id,
  quantity: supplyQuantitySchema,
  dueAt: z.number().int().positive(),
  /** Where the need comes from: an official notice, a call back to the hospital (wuhan2020 #2). */
  source: text(300),
  verifiedBy: text(60),
});
export const needSchema = z.object({
  id: z.number(),
  nodeId: z.number(),
  nodePath: z.string(),
  requesterKind: z.enum(REQUESTER_KINDS),
  requester: z.string(),
  itemId: z.number(),
  itemName: z.string(),
  unit: z.string(),
  standard: z.string(),
  quantity: z.number(),
  allocated: z.number(),
  delivered: z.number(),
  dueAt: z.number(),
  source: z.string(),
  verifiedBy: z.string(),
  status: z.enum(NEED_STATUSES),
  overdue: z.boolean(),
  longUnmet: z.boolean(),
  createdAt: z.number(),
  metAt: z.number().nullable(),
});
export type Need = z.infer<typeof needSchema>;

export const waybillSchema = z.object({
  id: z.number(),
  allocationId: z.number(),
  needId: z.number(),
  requester: z.string(),
  storeId: z.number(),
  storeName: z.string(),
  itemName: z.string(),
  unit: z.string(),
  quantity: z.number(),
  status: z.enum(['dispatched', 'delivered']),
  token: z.string().optional(),
  code: z.string().optional(),
  signerName: z.string().nullable(),
  signedVia: z.string().nullable(),
  deliveredAt: z.number().nullable(),
  createdAt: z.number(),
});
export type Waybill = z.infer<typeof waybillSchema>;

/** The receiver signs on the courier's or their own phone: a name and a drawn signature or the code. */
export const signBodySchema = z.strictObject({
  signerName: text(40),
  signature: z
    .string()
    .max(400_000)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/)
    .optional(),
  code: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export const photoSignBodySchema = z.strictObject({ signerName: text(40), fileId: z.string().uuid() });
export const publicWaybillSchema = z.object({
  id: z.number(),
  requester: z.string(),
  storeName: z.string(),
  itemName: z.string(),
  unit: z.string(),
  quantity: z.number(),
  status: z.enum(['dispatched', 'delivered']),
  signerName: z.string().nullable(),
  deliveredAt: z.number().nullable(),
});

export const publicTotalsSchema = z.object({
  items: z.array(
    z.object({
      itemId: z.number(),
      itemName: z.string(),
      unit: z.string(),
      standard: z.string(),
      received: z.number(),
      delivered: z.number(),
    }),
  ),
  donors: z.array(z.object({ name: z.string(), kind: z.enum(DONOR_KINDS) })),
  anonymousDonors: z.number(),
  receipts: z.number(),
  asOf: z.number(),
});
export type PublicTotals = z.infer<typeof publicTotalsSchema>;

export const publicNeedSchema = needSchema.omit({ nodePath: true, verifiedBy: true, allocated: true });
export type PublicNeed = z.infer<typeof publicNeedSchema>;

/** Sheet headers of a donation list, in this order; the first sheet of the workbook is read. */
export const DONATION_COLUMNS = [
  '捐赠方',
  '捐赠方类型',
  '匿名',
  '物资',
  '规格标准',
  '认捐数量',
  '到货数量',
  '备注',
] as const;
/** The field each column fills, named in a refused row's report. */
export const DONATION_FIELDS = [
  'donor',
  'donorKind',
  'anonymous',
  'item',
  'standard',
  'quantity',
  'received',
  'note',
] as const;
export const DONATION_ROW_ERRORS = [
  'MISSING_FIELD',
  'BAD_DONOR_KIND',
  'BAD_ANONYMOUS',
  'UNKNOWN_ITEM',
  'AMBIGUOUS_ITEM',
  'BAD_QUANTITY',
  'RECEIVED_ABOVE_PLEDGED',
  'TOO_LONG',
] as const;
export const DONATION_ROW_ERROR_LABELS: Record<
  (typeof DONATION_ROW_ERRORS)[number],
  { 'zh-CN': string; en: string }
> = {
  MISSING_FIELD: { 'zh-CN': '必填项为空', en: 'Required and empty' },
  BAD_DONOR_KIND: {
    'zh-CN': '类型应为 企业、组织 或 个人',
    en: 'Kind must be company, organisation or person',
  },
  BAD_ANONYMOUS: { 'zh-CN': '匿名应为 是 或 否', en: 'Anonymous must be yes or no' },
  UNKNOWN_ITEM: { 'zh-CN': '物资目录中没有此物资', en: 'Not in the item catalogue' },
  AMBIGUOUS_ITEM: {
    'zh-CN': '目录中有多个同名物资，请填写规格标准',
    en: 'Several catalogue items have this name; give the standard',
  },
  BAD_QUANTITY: { 'zh-CN': '数量应为大于零的整数', en: 'Must be a whole number above zero' },
  RECEIVED_ABOVE_PLEDGED: {
    'zh-CN': '到货数量不能超过认捐数量',
    en: 'Received cannot exceed the pledged quantity',
  },
  TOO_LONG: { 'zh-CN': '内容过长', en: 'Too long' },
};
export const DONOR_KIND_TEXT: Record<string, (typeof DONOR_KINDS)[number]> = {
  企业: 'company',
  公司: 'company',
  company: 'company',
  组织: 'organisation',
  社会组织: 'organisation',
  organisation: 'organisation',
  个人: 'person',
  person: 'person',
};

export const donationImportSchema = z.object({
  id: z.number(),
  storeId: z.number(),
  fileName: z.string(),
  rowsRead: z.number(),
  imported: z.number(),
  rejected: z.number(),
  /** The same file imported into the same store before: nothing written, the first report returned. */
  repeated: z.boolean(),
  errors: z.array(
    z.object({
      row: z.number().int(),
      field: z.enum(DONATION_FIELDS),
      code: z.enum(DONATION_ROW_ERRORS),
      value: z.string(),
    }),
  ),
  createdAt: z.number(),
});
export type DonationImport = z.infer<typeof donationImportSchema>;
