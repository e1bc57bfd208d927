import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { chronicleDetailSchema, chronicleListSchema } from '../../../../contracts/chronicle.ts';
import { api } from '../../../lib/api.ts';

export function useChronicleList(q: string, page: number) {
  return useQuery({
    queryKey: ['chronicle', 'list', q, page],
    queryFn: () => api.get('/api/chronicle', chronicleListSchema, { q, page, pageSize: 20 }),
  });
}

export function useChronicleEntry(id: number) {
  return useQuery({
    queryKey: ['chronicle', 'entry', id],
    queryFn: () => api.get(`/api/chronicle/${id}`, chronicleDetailSchema),
  });
}

function useChronicleMutation<B>(call: (body: B) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => client.invalidateQueries({ queryKey: ['chronicle'] }),
  });
}

export const useEditEntry = (id: number) =>
  useChronicleMutation((body: { title: string; body: string }) =>
    api.put(`/api/chronicle/${id}`, chronicleDetailSchema, body),
  );

export const useApproveEntry = (id: number) =>
  useChronicleMutation(() => api.post(`/api/chronicle/${id}/approve`, chronicleDetailSchema));

export const useErratum = (id: number) =>
  useChronicleMutation((body: { body: string; reason: string }) =>
    api.post(`/api/chronicle/${id}/errata`, chronicleDetailSchema, body),
  );
