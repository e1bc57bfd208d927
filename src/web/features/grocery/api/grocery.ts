import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type CycleBody,
  cycleDetailSchema,
  cycleSchema,
  type DeliveryStop,
  deliveryStopSchema,
  type OrderBody,
  orderSchema,
  type ProductBody,
  packingSchema,
  priceChangeSchema,
  priceListSchema,
  productSchema,
  type ShopBody,
  type StandingBody,
  shopSchema,
  standingSchema,
} from '../../../../contracts/grocery.ts';
import { api } from '../../../lib/api.ts';

export const openCyclesKey = ['grocery', 'open-cycles'];
export const myOrdersKey = ['grocery', 'my-orders'];
export const cyclesKey = ['grocery', 'cycles'];
export const shopsKey = ['grocery', 'shops'];
export const myBatchesKey = ['grocery', 'my-batches'];
export const cycleKey = (id: number) => ['grocery', 'cycle', id];

const batchSchema = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  name: z.string(),
  stops: z.array(deliveryStopSchema),
});
export type Batch = z.infer<typeof batchSchema>;

export function useOpenCycles() {
  return useQuery({
    queryKey: openCyclesKey,
    queryFn: () => api.get('/api/grocery/cycles/open', z.array(cycleDetailSchema)),
  });
}

export function useMyOrders() {
  return useQuery({
    queryKey: myOrdersKey,
    queryFn: () => api.get('/api/grocery/orders/mine', z.array(orderSchema)),
  });
}

export function placeOrder(cycleId: number, body: OrderBody) {
  return api.post(`/api/grocery/cycles/${cycleId}/orders`, orderSchema, body);
}

export function useCycles() {
  return useQuery({
    queryKey: cyclesKey,
    queryFn: () => api.get('/api/grocery/cycles', z.array(cycleSchema)),
  });
}

export function useShops(enabled: boolean) {
  return useQuery({
    queryKey: shopsKey,
    enabled,
    queryFn: () => api.get('/api/grocery/shops', z.array(shopSchema)),
  });
}

export function useProducts(shopId: number | undefined) {
  return useQuery({
    queryKey: ['grocery', 'products', shopId],
    enabled: shopId !== undefined,
    queryFn: () => api.get(`/api/grocery/shops/${shopId}/products`, z.array(productSchema)),
  });
}

export function useCycle(id: number) {
  return useQuery({
    queryKey: cycleKey(id),
    queryFn: () => api.get(`/api/grocery/cycles/${id}`, cycleDetailSchema),
  });
}

export function usePacking(id: number, enabled: boolean) {
  return useQuery({
    queryKey: [...cycleKey(id), 'packing'],
    enabled,
    queryFn: () => api.get(`/api/grocery/cycles/${id}/packing`, packingSchema),
  });
}

export function useDeliveryList(id: number, enabled: boolean) {
  return useQuery({
    queryKey: [...cycleKey(id), 'delivery'],
    enabled,
    queryFn: () => api.get(`/api/grocery/cycles/${id}/delivery`, z.array(deliveryStopSchema)),
  });
}

export function useMyBatches() {
  return useQuery({
    queryKey: myBatchesKey,
    queryFn: () => api.get('/api/grocery/batches/mine', z.array(batchSchema)),
  });
}

export const createShop = (body: ShopBody) => api.post('/api/grocery/shops', shopSchema, body);
export const createProduct = (shopId: number, body: ProductBody) =>
  api.post(`/api/grocery/shops/${shopId}/products`, productSchema, body);
export const createCycle = (body: CycleBody) => api.post('/api/grocery/cycles', cycleDetailSchema, body);
export const closeCycle = (id: number) => api.post(`/api/grocery/cycles/${id}/close`, cycleSchema);
export const createBatch = (
  cycleId: number,
  body: { name: string; assigneePhone: string; orderIds: number[] },
) =>
  api.post(
    `/api/grocery/cycles/${cycleId}/batches`,
    z.object({ id: z.number().int(), assigned: z.number().int() }),
    body,
  );
export const markDelivery = (orderId: number, outcome: 'delivered' | 'not_home' | 'refused') =>
  api.post(`/api/grocery/orders/${orderId}/delivery`, orderSchema, { outcome });
export const reschedule = (orderId: number) =>
  api.post(`/api/grocery/orders/${orderId}/reschedule`, orderSchema);

/** Stops grouped compound → building, in walking order (the server sorts them already). */
export function byBuilding(
  stops: DeliveryStop[],
): Array<{ key: string; title: string; stops: DeliveryStop[] }> {
  const groups = new Map<string, { key: string; title: string; stops: DeliveryStop[] }>();
  for (const s of stops) {
    const key = `${s.compound}|${s.building}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, title: `${s.compound} · ${s.building}`, stops: [] };
      groups.set(key, g);
    }
    g.stops.push(s);
  }
  return [...groups.values()];
}

export const standingKey = ['grocery', 'standing'];

export function useStanding() {
  return useQuery({
    queryKey: standingKey,
    queryFn: () => api.get('/api/grocery/standing', z.array(standingSchema)),
  });
}

export function createStanding(body: StandingBody) {
  return api.post('/api/grocery/standing', standingSchema, body);
}

export function stopStanding(id: number) {
  return api.post(`/api/grocery/standing/${id}/stop`, standingSchema);
}

export function usePriceList() {
  return useQuery({
    queryKey: ['grocery', 'price-list'],
    queryFn: () => api.get('/api/grocery/price-list', priceListSchema),
  });
}

export function usePriceChanges(productId: number) {
  return useQuery({
    queryKey: ['grocery', 'price-changes', productId],
    queryFn: () => api.get(`/api/grocery/products/${productId}/price-changes`, z.array(priceChangeSchema)),
  });
}
