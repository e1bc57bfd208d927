import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '../../../../contracts/common.ts';
import {
  batchSchema,
  deliverySchema,
  type FamilyBody,
  type FamilyEditBody,
  familySchema,
  heldDeliverySchema,
  type NeedKind,
  serviceSchema,
  todoSchema,
  urgentNeedSchema,
} from '../../../../contracts/families.ts';
import { api } from '../../../lib/api.ts';

/** Every event after which a families page may be stale. */
export const FAMILY_LIVE_TYPES = [
  'families.registered',
  'families.service-added',
  'families.service-paused',
  'families.service-resumed',
  'families.edited',
  'families.delivery-done',
  'families.delivery-missed',
  'families.delivery-assigned',
  'families.urgent-need',
  'families.need-handled',
];

export function useFamilies(mine: boolean) {
  return useQuery({
    queryKey: ['families', 'list', mine],
    queryFn: () =>
      api.get('/api/families', pageOf(familySchema), { pageSize: 200, ...(mine ? { mine: '1' } : {}) }),
  });
}

export function useFamily(id: number) {
  return useQuery({
    queryKey: ['families', 'one', id],
    queryFn: () => api.get(`/api/families/${id}`, familySchema),
  });
}

export function useFamilyDeliveries(id: number) {
  return useQuery({
    queryKey: ['families', 'deliveries', id],
    queryFn: () => api.get(`/api/families/${id}/deliveries`, z.array(deliverySchema)),
  });
}

export function useFamilyNeeds(id: number) {
  return useQuery({
    queryKey: ['families', 'needs', id],
    queryFn: () => api.get(`/api/families/${id}/needs`, z.array(urgentNeedSchema)),
  });
}

export function useFamilyServices(id: number) {
  return useQuery({
    queryKey: ['families', 'services', id],
    queryFn: () => api.get(`/api/families/${id}/services`, z.array(serviceSchema)),
  });
}

export function useBatches(enabled: boolean) {
  return useQuery({
    queryKey: ['families', 'batches'],
    queryFn: () => api.get('/api/family-batches', z.array(batchSchema)),
    enabled,
  });
}

export function useTodo() {
  return useQuery({
    queryKey: ['families', 'todo'],
    queryFn: () => api.get('/api/families/todo', todoSchema),
  });
}

export function useHeld() {
  return useQuery({
    queryKey: ['families', 'held'],
    queryFn: () => api.get('/api/family-deliveries/mine', z.array(heldDeliverySchema)),
  });
}

function useFamilyMutation<T, R>(fn: (body: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['families'] }),
  });
}

export const useConfirmByCall = () =>
  useFamilyMutation(({ id, note }: { id: number; note: string }) =>
    api.post(`/api/family-deliveries/${id}/call`, deliverySchema, { note }),
  );

export const useConfirmByCode = () =>
  useFamilyMutation(({ id, code }: { id: number; code: string }) =>
    api.post(`/api/family-deliveries/${id}/confirm`, deliverySchema, { code }),
  );

export const useReportMissed = () =>
  useFamilyMutation(({ id, note }: { id: number; note: string }) =>
    api.post(`/api/family-deliveries/${id}/missed`, deliverySchema, { note }),
  );

export const useAssign = () =>
  useFamilyMutation(({ id, volunteerPhone }: { id: number; volunteerPhone: string }) =>
    api.post(`/api/family-deliveries/${id}/assign`, deliverySchema, { volunteerPhone }),
  );

export const useRaiseNeed = (familyId: number) =>
  useFamilyMutation((body: { kind: NeedKind; text: string }) =>
    api.post(`/api/families/${familyId}/needs`, urgentNeedSchema, body),
  );

export const useHandleNeed = () =>
  useFamilyMutation((id: number) => api.post(`/api/family-needs/${id}/handled`, urgentNeedSchema, {}));

export const useRegisterFamily = () =>
  useFamilyMutation((body: FamilyBody) => api.post('/api/families', familySchema, body));

export const useEditFamily = (id: number) =>
  useFamilyMutation((body: FamilyEditBody) => api.patch(`/api/families/${id}`, familySchema, body));

export const usePauseService = () =>
  useFamilyMutation(({ id, reason }: { id: number; reason: string }) =>
    api.post(`/api/family-services/${id}/pause`, serviceSchema, { reason }),
  );

export const useResumeService = () =>
  useFamilyMutation((id: number) => api.post(`/api/family-services/${id}/resume`, serviceSchema, {}));

export const useDispatch = () =>
  useFamilyMutation((id: number) => api.post(`/api/family-deliveries/${id}/dispatch`, deliverySchema, {}));
