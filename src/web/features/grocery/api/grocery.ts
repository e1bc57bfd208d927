import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { cycleDetailSchema, type OrderBody, orderSchema } from '../../../../contracts/grocery.ts';
import { api } from '../../../lib/api.ts';

export const openCyclesKey = ['grocery', 'open-cycles'];
export const myOrdersKey = ['grocery', 'my-orders'];

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
