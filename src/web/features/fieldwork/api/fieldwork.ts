import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okSchema } from '../../../../contracts/common.ts';
import {
  type checkpointBodySchema,
  checkpointSchema,
  codeSchema,
  dutySchema,
  generateResultSchema,
  type generateShiftsSchema,
  gridSchema,
  noShowSchema,
  shiftSchema,
  signupResultSchema,
  standInCandidateSchema,
  type supportBodySchema,
  supportPointSchema,
  supportSchema,
  type TaskKindBody,
  type taskBodySchema,
  taskKindDefSchema,
  taskSchema,
} from '../../../../contracts/fieldwork.ts';
import { fileSchema } from '../../../../contracts/files.ts';
import { api } from '../../../lib/api.ts';

const myDutySchema = z.object({ items: z.array(dutySchema), hours: z.number() });

export function useOpenShifts() {
  return useQuery({
    queryKey: ['fieldwork', 'shifts'],
    queryFn: () => api.get('/api/fieldwork/shifts', z.array(shiftSchema)),
  });
}

export function useMyDuty() {
  return useQuery({
    queryKey: ['fieldwork', 'my-duty'],
    queryFn: () => api.get('/api/fieldwork/my-duty', myDutySchema),
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['fieldwork'] });
}

export function useSignUp() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (slots: Array<{ shiftId: number; skill: string }>) =>
      api.post('/api/fieldwork/signups', signupResultSchema, { slots }),
    onSuccess: done,
  });
}

export function useSignOut() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/fieldwork/signups/${id}`, okSchema),
    onSuccess: done,
  });
}

export function useCheckIn() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (code: string) => api.post('/api/fieldwork/check-in', dutySchema, { code }),
    onSuccess: done,
  });
}

export function useCheckOut() {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => api.post('/api/fieldwork/check-out', dutySchema), onSuccess: done });
}

export function useGrid(query: { teamId?: number | undefined; gapsOnly: boolean }) {
  return useQuery({
    queryKey: ['fieldwork', 'grid', query],
    queryFn: () =>
      api.get('/api/fieldwork/grid', gridSchema, {
        teamId: query.teamId,
        gapsOnly: query.gapsOnly || undefined,
      }),
  });
}

export function useCheckpoints(claim: 'all' | 'mine' | 'unclaimed') {
  return useQuery({
    queryKey: ['fieldwork', 'checkpoints', claim],
    queryFn: () => api.get('/api/fieldwork/checkpoints', z.array(checkpointSchema), { claim }),
  });
}

export function useNoShows() {
  return useQuery({
    queryKey: ['fieldwork', 'no-shows'],
    queryFn: () => api.get('/api/fieldwork/no-shows', z.array(noShowSchema)),
    refetchInterval: 60_000,
  });
}

export function useCheckpointCode(id: number | null) {
  return useQuery({
    queryKey: ['fieldwork', 'code', id],
    enabled: id != null,
    queryFn: () => api.get(`/api/fieldwork/checkpoints/${id}/code`, codeSchema),
    refetchInterval: 30_000,
  });
}

export function useClaimCheckpoint() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.post(`/api/fieldwork/checkpoints/${id}/claim`, checkpointSchema),
    onSuccess: done,
  });
}

export function useTasks(query: {
  status?: string;
  mine?: boolean;
  createdByMe?: boolean;
  overdue?: boolean;
}) {
  return useQuery({
    queryKey: ['fieldwork', 'tasks', query],
    queryFn: () =>
      api.get('/api/fieldwork/tasks', z.array(taskSchema), {
        status: query.status,
        mine: query.mine || undefined,
        createdByMe: query.createdByMe || undefined,
        overdue: query.overdue || undefined,
      }),
  });
}

export function useCreateTasks() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: z.input<typeof taskBodySchema>) =>
      api.post('/api/fieldwork/tasks', z.object({ batchId: z.string(), created: z.number() }), body),
    onSuccess: done,
  });
}

export function useSaveCheckpoint() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: z.input<typeof checkpointBodySchema> }) => {
      if (id == null) return api.post('/api/fieldwork/checkpoints', checkpointSchema, body);
      const { nodeId: _node, ...rest } = body;
      return api.put(`/api/fieldwork/checkpoints/${id}`, checkpointSchema, rest);
    },
    onSuccess: done,
  });
}

export function useGenerateShifts() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: z.input<typeof generateShiftsSchema> }) =>
      api.post(`/api/fieldwork/checkpoints/${id}/shifts`, generateResultSchema, body),
    onSuccess: done,
  });
}

export function useHandover() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: { id: number } | { handoverId: number; accept: boolean }) =>
      'handoverId' in input
        ? api.post(`/api/fieldwork/handovers/${input.handoverId}/decision`, checkpointSchema, {
            accept: input.accept,
          })
        : api.post(`/api/fieldwork/checkpoints/${input.id}/handover`, checkpointSchema),
    onSuccess: done,
  });
}

export function useSupports(id: number | null) {
  return useQuery({
    queryKey: ['fieldwork', 'supports', id],
    enabled: id != null,
    queryFn: () => api.get(`/api/fieldwork/checkpoints/${id}/supports`, z.array(supportSchema)),
  });
}

export function useSupportPoints(q: string) {
  return useQuery({
    queryKey: ['fieldwork', 'support-points', q],
    queryFn: () => api.get('/api/fieldwork/support-points', z.array(supportPointSchema), { q }),
  });
}

export function useRegisterSupport() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: z.input<typeof supportBodySchema> }) =>
      api.post(`/api/fieldwork/checkpoints/${id}/supports`, supportSchema, body),
    onSuccess: done,
  });
}

export function useClaimTask() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.post(`/api/fieldwork/tasks/${id}/claim`, taskSchema),
    onSuccess: done,
  });
}

export function useEvidence(taskId: number | null) {
  return useQuery({
    queryKey: ['fieldwork', 'evidence', taskId],
    enabled: taskId != null,
    queryFn: () =>
      api.get('/api/files', z.array(fileSchema), { ownerType: 'field-task', ownerId: String(taskId) }),
  });
}

export function useTaskKinds() {
  return useQuery({
    queryKey: ['fieldwork', 'task-kinds'],
    queryFn: () => api.get('/api/fieldwork/task-kinds', z.array(taskKindDefSchema)),
    staleTime: 5 * 60_000,
  });
}

export function useSetTaskKind() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: TaskKindBody }) =>
      api.put(`/api/fieldwork/task-kinds/${code}`, z.array(taskKindDefSchema), body),
    onSuccess: done,
  });
}

export function useStandInCandidates(signupId: number | null) {
  return useQuery({
    queryKey: ['fieldwork', 'stand-ins', signupId],
    enabled: signupId != null,
    queryFn: () => api.get(`/api/fieldwork/signups/${signupId}/stand-ins`, z.array(standInCandidateSchema)),
  });
}

export function useStandIn() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ signupId, userId }: { signupId: number; userId: number }) =>
      api.post(`/api/fieldwork/signups/${signupId}/stand-in`, okSchema, { userId }),
    onSuccess: done,
  });
}
