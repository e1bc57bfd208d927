import { z } from 'zod';

/** The seed's 21 categories of 疫情档案, the default list; archivists may add to it. */
export const DEFAULT_ARCHIVE_CATEGORIES = [
  '命令通知',
  '会议纪要',
  '工作简报',
  '领导讲话',
  '工作方案',
  '统计报表',
  '志愿者档案',
  '捐赠物资',
  '一线工作照片',
  '视频资料',
  '媒体报道',
  '宣传材料',
  '感谢信与表彰',
  '社区防控',
  '卡点值守',
  '隔离观察',
  '复工复产',
  '物资保障',
  '心理援助',
  '督查检查',
  '其他',
] as const;

export const ARCHIVE_LEVELS = ['series', 'file', 'item'] as const;
export type ArchiveLevel = (typeof ARCHIVE_LEVELS)[number];

export const archiveUnitBodySchema = z.strictObject({
  parentId: z.number().int().positive().nullable().default(null),
  level: z.enum(ARCHIVE_LEVELS),
  /** Where it happened: a node in the caller's scope. */
  nodeId: z.number().int().positive(),
  title: z.string().trim().min(1).max(200),
  creator: z.string().trim().min(1).max(100),
  /** ISAD(G) date: the day it was made or happened, epoch ms. */
  date: z.number().int(),
  extent: z.string().trim().max(100).default(''),
  category: z.string().trim().min(1).max(40),
  description: z.string().max(20_000).default(''),
  /** People or teams involved, as written on the record. */
  people: z.string().max(1_000).default(''),
  source: z.string().max(200).default(''),
  /** Released outside the platform; off by default because records name private persons. */
  isPublic: z.boolean().default(false),
});
export type ArchiveUnitBody = z.infer<typeof archiveUnitBodySchema>;

export const archiveUnitSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: z.enum(ARCHIVE_LEVELS),
  referenceCode: z.string(),
  nodeId: z.number().int(),
  nodeName: z.string(),
  title: z.string(),
  creator: z.string(),
  date: z.number(),
  extent: z.string(),
  category: z.string(),
  description: z.string(),
  people: z.string(),
  source: z.string(),
  isPublic: z.boolean(),
  status: z.enum(['draft', 'published']),
  fileCount: z.number().int(),
  createdAt: z.number(),
  publishedAt: z.number().nullable(),
});
export type ArchiveUnit = z.infer<typeof archiveUnitSchema>;

/**
 * A page of units, newest first, by keyset (decision 0507): `next` is the `after` of the following
 * page. `total` counts at most `ARCHIVE_COUNT_CAP` matches; `totalCapped` says there are more.
 */
export const archiveListSchema = z.object({
  items: z.array(archiveUnitSchema),
  total: z.number().int(),
  totalCapped: z.boolean(),
  next: z.number().int().nullable(),
});
export type ArchiveList = z.infer<typeof archiveListSchema>;
export const ARCHIVE_COUNT_CAP = 1_000;

export const archiveQuerySchema = z.strictObject({
  q: z.string().trim().max(50).optional(),
  parentId: z.coerce.number().int().positive().optional(),
  category: z.string().max(40).optional(),
  status: z.enum(['draft', 'published']).optional(),
  after: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const archiveCategoryBodySchema = z.strictObject({ name: z.string().trim().min(1).max(40) });

/** The answer of a batch intake: one line per metadata row (row numbers as in the sheet). */
export const archiveBatchReportSchema = z.object({
  imported: z.number().int(),
  rejected: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      ok: z.boolean(),
      id: z.number().int().optional(),
      referenceCode: z.string().optional(),
      errors: z.array(z.string()),
    }),
  ),
});
export type ArchiveBatchReport = z.infer<typeof archiveBatchReportSchema>;
