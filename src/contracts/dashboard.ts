import { z } from 'zod';

export const localisedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const figureMetaSchema = z.object({
  key: z.string(),
  label: localisedSchema,
  unit: localisedSchema,
  kind: z.enum(['count', 'perDay', 'ratio']),
  format: z.enum(['integer', 'percent', 'minutes']),
});
export type FigureMeta = z.infer<typeof figureMetaSchema>;

export const headlineSchema = figureMetaSchema.extend({
  value: z.number().nullable(),
  /** Yesterday's snapshot, for the change since yesterday; null when there is none. */
  yesterday: z.number().nullable(),
});
export type Headline = z.infer<typeof headlineSchema>;

export const dashboardNodeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  path: z.string(),
});

export const attentionGroupSchema = z.object({
  key: z.string(),
  label: localisedSchema,
  total: z.number().int(),
  items: z.array(
    z.object({ id: z.string(), title: z.string(), place: z.string(), at: z.number(), link: z.string() }),
  ),
});
export type AttentionGroup = z.infer<typeof attentionGroupSchema>;

export const dashboardSchema = z.object({
  day: z.string(),
  node: dashboardNodeSchema,
  /** From the top of the caller's scope down to the node. */
  breadcrumb: z.array(dashboardNodeSchema.pick({ id: true, name: true })),
  figures: z.array(headlineSchema),
  /** Every figure for each child node: the breakdown table, bar chart and map. */
  children: z.array(dashboardNodeSchema.extend({ values: z.record(z.string(), z.number().nullable()) })),
  /** The last 14 Beijing days, oldest first; today's value is live. */
  trend: z.object({
    days: z.array(z.string()),
    series: z.record(z.string(), z.array(z.number().nullable())),
  }),
  attention: z.array(attentionGroupSchema),
  /** Live event types after which this page's figures may have changed. */
  liveEvents: z.array(z.string()),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const dashboardQuerySchema = z.strictObject({ nodeId: z.coerce.number().int().positive() });

export const reportQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive(),
  lang: z.enum(['zh-CN', 'en']).optional(),
});

export const TREND_DAYS = 14;
