import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '../../../../contracts/common.ts';
import { type JobRun, jobRunSchema } from '../../../../contracts/jobs.ts';
import { publicKeySchema } from '../../../../contracts/passes.ts';
import { webhookDeliverySchema, webhookSchema } from '../../../../contracts/webhooks.ts';
import { api } from '../../../lib/api.ts';

const webhookPage = pageOf(webhookSchema);
const deliveryPage = pageOf(webhookDeliverySchema);
const keyList = z.array(publicKeySchema);

export type Webhook = z.infer<typeof webhookSchema>;
export type DeliveryStatus = z.infer<typeof webhookDeliverySchema>['status'];
export type JobStatus = JobRun['status'];

export function useWebhooks(nodeId: number | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['system', 'webhooks', nodeId, page, pageSize],
    queryFn: () => api.get('/api/webhooks', webhookPage, { nodeId, page, pageSize }),
    enabled: nodeId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { nodeId: number; url: string; eventTypes: string[] }) =>
      api.post('/api/webhooks', webhookSchema, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['system', 'webhooks'] }),
  });
}

export function useDeactivateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(`/api/webhooks/${id}/deactivate`, webhookSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['system', 'webhooks'] }),
  });
}

export function useDeliveries(webhookId: number, status: DeliveryStatus | undefined, page: number) {
  return useQuery({
    queryKey: ['system', 'deliveries', webhookId, status, page],
    queryFn: () =>
      api.get(`/api/webhooks/${webhookId}/deliveries`, deliveryPage, { status, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
    // The delivery log is a queue that moves by itself: pending rows become delivered or dead.
    refetchInterval: 10_000,
  });
}

export function useRetryDelivery(webhookId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: number) =>
      api.post(`/api/webhooks/${webhookId}/deliveries/${deliveryId}/retry`, webhookDeliverySchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['system', 'deliveries', webhookId] }),
  });
}

export function useJobRuns(job: string | undefined, status: JobStatus | undefined) {
  return useQuery({
    queryKey: ['system', 'jobs', job, status],
    queryFn: () => api.get('/api/jobs/runs', z.array(jobRunSchema), { job, status, limit: 200 }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

export function usePassKeys() {
  return useQuery({ queryKey: ['system', 'keys'], queryFn: () => api.get('/api/passes/keys', keyList) });
}

export function useKeyAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'rotate' } | { kind: 'retire'; keyId: number }) =>
      action.kind === 'rotate'
        ? api.post('/api/passes/keys/rotate', keyList)
        : api.post(`/api/passes/keys/${action.keyId}/retire`, keyList),
    onSuccess: (keys) => client.setQueryData(['system', 'keys'], keys),
  });
}
