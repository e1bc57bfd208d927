import { z } from 'zod';
import { phoneSchema, purposeSchema } from './common.ts';

/** GB 11643-1999 weights for the first 17 digits of a citizen ID number. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** An 18-character citizen ID number: 17 digits, a real birth date, and the right check character. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const born = new Date(Date.UTC(year, month - 1, day));
  if (born.getUTCMonth() !== month - 1 || born.getUTCDate() !== day) return false;
  return idCheckChar(value.slice(0, 17)) === value[17];
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
// Plate letters never include I or O (they read as 1 and 0).
const L = 'A-HJ-NP-Z';
const PLATE_PATTERNS = [
  // Ordinary 7-character plates, with the special suffixes for trailers, driving schools, police, HK/Macau.
  new RegExp(`^[${PROVINCES}][${L}][${L}0-9]{4}[${L}0-9挂学警港澳]$`),
  // 8-character new-energy plates: small cars D/F + 5, large vehicles 5 digits + D/F.
  new RegExp(`^[${PROVINCES}][${L}][DF][${L}0-9][0-9]{4}$`),
  new RegExp(`^[${PROVINCES}][${L}][0-9]{5}[DF]$`),
];

/** Upper-cases and strips spaces and the middle dot people type: 辽h·d12345 → 辽HD12345. */
export function normalisePlate(value: string): string {
  return value.replace(/[\s·•.-]/g, '').toUpperCase();
}

export function isValidPlate(value: string): boolean {
  return PLATE_PATTERNS.some((p) => p.test(value));
}

export const idNumberSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isValidIdNumber, { message: 'ID_NUMBER_FORMAT' });

export const plateSchema = z
  .string()
  .transform(normalisePlate)
  .refine(isValidPlate, { message: 'PLATE_FORMAT' });

export const MANAGEMENT_MODES = ['property', 'fenced', 'open'] as const;
/** property company + service post / fenced + monitoring post / door-to-door + mobile post */
export const managementModeSchema = z.enum(MANAGEMENT_MODES);

export const gateSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  lanes: z
    .array(z.enum(['person', 'vehicle']))
    .min(1)
    .max(2),
});

export const staffSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  role: z.string().trim().min(1).max(40),
  phone: phoneSchema,
});

export const compoundProfileBodySchema = z.strictObject({
  address: z.string().trim().min(1).max(200),
  mode: managementModeSchema,
  gates: z.array(gateSchema).min(1).max(20),
  staff: z.array(staffSchema).max(50).default([]),
});
export type CompoundProfileBody = z.infer<typeof compoundProfileBodySchema>;

export const compoundSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  communityName: z.string(),
  address: z.string().nullable(),
  mode: managementModeSchema.nullable(),
  gates: z.array(z.object({ name: z.string(), lanes: z.array(z.enum(['person', 'vehicle'])) })),
  staff: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string() })),
  households: z.number().int(),
  residents: z.number().int(),
  vehicles: z.number().int(),
});
export type Compound = z.infer<typeof compoundSchema>;

/** A compound's detail; staff phones are masked unless asked for, with a purpose, by personal.read. */
export const compoundDetailQuerySchema = z
  .strictObject({
    unmask: z.enum(['0', '1']).default('0'),
    purpose: purposeSchema.optional(),
  })
  .refine((q) => q.unmask === '0' || q.purpose !== undefined, {
    message: 'PURPOSE_REQUIRED',
    path: ['purpose'],
  });

export const compoundListQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const buildingBodySchema = z.strictObject({ name: z.string().trim().min(1).max(40) });
export const buildingSchema = z.object({ id: z.number().int(), name: z.string() });

export const householdBodySchema = z.strictObject({
  building: z.string().trim().max(40).optional(),
  unit: z.string().trim().max(20).optional(),
  room: z.string().trim().min(1).max(20),
});
export type HouseholdBody = z.infer<typeof householdBodySchema>;

export const householdSchema = z.object({
  id: z.number().int(),
  compoundId: z.number().int(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string(),
  label: z.string(),
  residents: z.number().int(),
});
export type Household = z.infer<typeof householdSchema>;

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'relative', 'tenant', 'other'] as const;
export const RESIDENT_STATUSES = ['living', 'away', 'moved_out'] as const;

export const residentBodySchema = z.strictObject({
  householdId: z.number().int().positive(),
  name: z.string().trim().min(1).max(40),
  phone: phoneSchema,
  idNumber: idNumberSchema,
  relation: z.enum(RELATIONS),
  status: z.enum(RESIDENT_STATUSES).default('living'),
});
export type ResidentBody = z.infer<typeof residentBodySchema>;

export const residentStatusBodySchema = z.strictObject({ status: z.enum(RESIDENT_STATUSES) });

export const residentSchema = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  compoundId: z.number().int(),
  household: z.string(),
  name: z.string(),
  /** Masked unless the caller is one of the community's officials; the full read is audited. */
  phone: z.string(),
  idNumber: z.string(),
  relation: z.enum(RELATIONS),
  status: z.enum(RESIDENT_STATUSES),
});
export type Resident = z.infer<typeof residentSchema>;

export const residentListQuerySchema = z.strictObject({
  q: z.string().trim().max(40).optional(),
  householdId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const vehicleBodySchema = z.strictObject({
  householdId: z.number().int().positive(),
  plate: plateSchema,
});

export const vehicleSchema = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  household: z.string(),
  plate: z.string(),
});
export type Vehicle = z.infer<typeof vehicleSchema>;

export const IMPORT_KINDS = ['residents', 'vehicles'] as const;
export const importKindSchema = z.enum(IMPORT_KINDS);
export const importParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  kind: importKindSchema,
});

/** Why a row of an imported sheet was left out. */
export const IMPORT_ROW_ERRORS = [
  'ID_NUMBER_FORMAT',
  'PHONE_FORMAT',
  'PLATE_FORMAT',
  'DUPLICATE_PERSON',
  'DUPLICATE_VEHICLE',
  'UNKNOWN_BUILDING',
  'MISSING_FIELD',
  'BAD_RELATION',
] as const;

export const importJobSchema = z.object({
  id: z.number().int(),
  compoundId: z.number().int(),
  kind: importKindSchema,
  status: z.enum(['running', 'done', 'failed']),
  /** 0–1, from the bytes of the file read so far. */
  progress: z.number(),
  rowsRead: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  errorCounts: z.record(z.string(), z.number().int()),
  /** The first rejected rows (sheet row number, code); the full list is in the downloadable report. */
  errors: z.array(z.object({ row: z.number().int(), code: z.enum(IMPORT_ROW_ERRORS), value: z.string() })),
  failure: z.string().nullable(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** Sheet headers, in this order; the first sheet of the workbook is read. */
export const RESIDENT_COLUMNS = ['楼栋', '单元', '房号', '姓名', '手机号', '身份证号', '关系'] as const;
export const VEHICLE_COLUMNS = ['楼栋', '单元', '房号', '车牌号'] as const;

export const RELATION_LABELS: Record<(typeof RELATIONS)[number], { 'zh-CN': string; en: string }> = {
  head: { 'zh-CN': '户主', en: 'Head' },
  spouse: { 'zh-CN': '配偶', en: 'Spouse' },
  child: { 'zh-CN': '子女', en: 'Child' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  relative: { 'zh-CN': '亲属', en: 'Relative' },
  tenant: { 'zh-CN': '租户', en: 'Tenant' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export function householdLabel(h: { building: string | null; unit: string | null; room: string }): string {
  return [h.building, h.unit ? `${h.unit}单元` : null, h.room].filter(Boolean).join(' ');
}

/**
 * 孙小明 → 孙*明, 张三 → 张*: the family name, the length and the last character, enough to greet
 * someone at a gate and to tell two of a household apart in a list, the common Chinese masking.
 */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
