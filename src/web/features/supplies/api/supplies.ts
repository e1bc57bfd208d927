import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  donationImportSchema,
  itemSchema,
  needSchema,
  pledgeSchema,
  publicNeedSchema,
  publicTotalsSchema,
  publicWaybillSchema,
  stockRowSchema,
  storeSchema,
  waybillSchema,
} from '../../../../contracts/supplies.ts';
import { api } from '../../../lib/api.ts';

export const suppliesKey = ['supplies'];

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

export const useItems = () =>
  useQuery({
    queryKey: [...suppliesKey, 'items'],
    queryFn: () => api.get('/api/supplies/items', z.array(itemSchema)),
  });
export const useStores = () =>
  useQuery({
    queryKey: [...suppliesKey, 'stores'],
    queryFn: () => api.get('/api/supplies/stores', z.array(storeSchema)),
  });
export const useStock = (storeId?: number) =>
  useQuery({
    queryKey: [...suppliesKey, 'stock', storeId ?? 'all'],
    queryFn: () => api.get('/api/supplies/stock', z.array(stockRowSchema), { storeId }),
  });
export const usePledges = () =>
  useQuery({
    queryKey: [...suppliesKey, 'pledges'],
    queryFn: () => api.get('/api/supplies/pledges', z.array(pledgeSchema)),
  });
export const useNeeds = () =>
  useQuery({
    queryKey: [...suppliesKey, 'needs'],
    queryFn: () => api.get('/api/supplies/needs', z.array(needSchema)),
  });
export const useOpenAllocations = () =>
  useQuery({
    queryKey: [...suppliesKey, 'allocations'],
    queryFn: () => api.get('/api/supplies/allocations/open', z.array(allocationSchema)),
  });
export const useWaybills = () =>
  useQuery({
    queryKey: [...suppliesKey, 'waybills'],
    queryFn: () => api.get('/api/supplies/waybills', z.array(waybillSchema)),
  });
export const usePublicTotals = () =>
  useQuery({
    queryKey: [...suppliesKey, 'public-totals'],
    queryFn: () => api.get('/api/public/supplies/totals', publicTotalsSchema),
    refetchInterval: 30_000,
  });
export const usePublicNeeds = () =>
  useQuery({
    queryKey: [...suppliesKey, 'public-needs'],
    queryFn: () => api.get('/api/public/supplies/needs', z.array(publicNeedSchema)),
    refetchInterval: 30_000,
  });
export const usePublicWaybill = (token: string) =>
  useQuery({
    queryKey: [...suppliesKey, 'sign', token],
    queryFn: () => api.get(`/api/public/supplies/waybills/${token}`, publicWaybillSchema),
  });

export const receive = (pledgeId: number, quantity: number) =>
  api.post(`/api/supplies/pledges/${pledgeId}/receipts`, z.object({ movementId: z.number() }), { quantity });
export const cancelRest = (pledgeId: number) =>
  api.post(`/api/supplies/pledges/${pledgeId}/cancel-rest`, pledgeSchema);
export const allocate = (body: { needId: number; storeId: number; quantity: number }) =>
  api.post('/api/supplies/allocations', z.object({ movementId: z.number(), need: needSchema }), body);
export const dispatch = (allocationId: number) =>
  api.post(`/api/supplies/allocations/${allocationId}/dispatch`, waybillSchema);
export const postNeed = (body: Record<string, unknown>) => api.post('/api/supplies/needs', needSchema, body);
export const sign = (token: string, body: { signerName: string; signature?: string; code?: string }) =>
  api.post(`/api/public/supplies/waybills/${token}/sign`, waybillSchema, body);
export const transfer = (body: {
  fromStoreId: number;
  toStoreId: number;
  itemId: number;
  quantity: number;
}) => api.post('/api/supplies/transfers', z.object({ movementIds: z.array(z.number()) }), body);
export const countStock = (body: { storeId: number; itemId: number; counted: number; reason: string }) =>
  api.post('/api/supplies/counts', z.object({ movementId: z.number() }), body);
export const writeOff = (body: {
  storeId: number;
  itemId: number;
  quantity: number;
  reason: string;
  note: string;
}) => api.post('/api/supplies/write-offs', z.object({ movementId: z.number() }), body);
export const importDonations = (storeId: number, file: File) =>
  api.upload(`/api/supplies/stores/${storeId}/imports`, donationImportSchema, file);
export const releaseAllocation = (allocationId: number, reason: string) =>
  api.post(
    `/api/supplies/allocations/${allocationId}/release`,
    z.object({ movementId: z.number(), need: needSchema }),
    { reason },
  );
export const withdrawNeed = (needId: number, reason: string) =>
  api.post(`/api/supplies/needs/${needId}/withdraw`, needSchema, { reason });
