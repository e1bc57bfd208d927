import { z } from 'zod';

export const fileSchema = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  createdAt: z.number().int(),
});
export type StoredFile = z.infer<typeof fileSchema>;

export const uploadQuerySchema = z.strictObject({
  ownerType: z.string().min(1).max(40),
  ownerId: z.string().min(1).max(64),
});

export const fileListQuerySchema = uploadQuerySchema;

export const fileIdParamSchema = z.strictObject({ id: z.uuid() });
