import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  emergencyEndSchema,
  personErasureSchema,
  personExportSchema,
  purgeReportSchema,
  retentionOverviewSchema,
} from '../../../../contracts/retention.ts';
import { api } from '../../../lib/api.ts';

const endsKey = ['retention', 'emergency-ends'] as const;

export function useRetentionRules() {
  return useQuery({
    queryKey: ['retention', 'rules'],
    queryFn: () => api.get('/api/retention/rules', retentionOverviewSchema),
  });
}

export function useEmergencyEnds() {
  return useQuery({
    queryKey: endsKey,
    queryFn: () => api.get('/api/retention/emergency-ends', z.array(emergencyEndSchema)),
  });
}

export function useSetEmergencyEnd() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ nodeId, endedAt }: { nodeId: number; endedAt: number }) =>
      api.put(`/api/retention/emergency-ends/${nodeId}`, emergencyEndSchema, { endedAt }),
    onSuccess: () => client.invalidateQueries({ queryKey: endsKey }),
  });
}

export function useWithdrawEmergencyEnd() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (nodeId: number) => api.delete(`/api/retention/emergency-ends/${nodeId}`, z.unknown()),
    onSuccess: () => client.invalidateQueries({ queryKey: endsKey }),
  });
}

export function useDryRun() {
  return useMutation({ mutationFn: () => api.get('/api/retention/dry-run', purgeReportSchema) });
}

export function useExportPerson() {
  return useMutation({
    mutationFn: (idNumber: string) =>
      api.post('/api/retention/person/export', personExportSchema, { idNumber }),
  });
}

export function useErasePerson() {
  return useMutation({
    mutationFn: (idNumber: string) =>
      api.post('/api/retention/person/erase', personErasureSchema, { idNumber }),
  });
}
