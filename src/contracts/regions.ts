import { z } from 'zod';

export const NODE_KINDS = [
  'city',
  'county',
  'street',
  'community',
  'compound',
  'checkpoint',
  'grid',
  'other',
] as const;
export const OFFICIAL_KINDS = ['city', 'county', 'street', 'community'] as const;
export const CUSTOM_KINDS = ['compound', 'checkpoint', 'grid', 'other'] as const;
export const nodeKindSchema = z.enum(NODE_KINDS);
export type NodeKind = z.infer<typeof nodeKindSchema>;

export const regionNodeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: nodeKindSchema,
  parentId: z.number().int().nullable(),
  path: z.string(),
  depth: z.number().int(),
  childCount: z.number().int(),
  custom: z.boolean(),
});
export type RegionNode = z.infer<typeof regionNodeSchema>;

export const regionNodeDetailSchema = regionNodeSchema.extend({
  /** Ancestors inside the caller's scope, root first. */
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string(), kind: nodeKindSchema })),
  /** Descendants in the subtree by kind, the node itself excluded. */
  subtreeCounts: z.record(z.string(), z.number().int()),
});
export type RegionNodeDetail = z.infer<typeof regionNodeDetailSchema>;

export const childrenQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(40),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Paths (as events and records carry them) to put names on; comma-separated, at most 200. */
export const namesQuerySchema = z.strictObject({
  paths: z
    .string()
    .max(20_000)
    .transform((v) => [...new Set(v.split(',').filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[0-9A-Za-z/-]+\/$/)).max(200)),
});
/** path → name, for the paths in the caller's scope that exist. */
export const nodeNamesSchema = z.record(z.string(), z.string());

export const createNodeBodySchema = z.strictObject({
  parentId: z.number().int().positive(),
  name: z.string().trim().min(1).max(60),
  kind: z.enum(['compound', 'checkpoint', 'grid', 'other']),
});
export type CreateNodeBody = z.infer<typeof createNodeBodySchema>;

export const renameNodeBodySchema = z.strictObject({ name: z.string().trim().min(1).max(60) });
