import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { relayTaskSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export const relayTasksKey = ['alliance', 'relay-tasks'] as const;

export function getRelayTasks() {
  return api.get('/api/broadcasts/relay-tasks', z.array(relayTaskSchema));
}

export function useRelayTasks() {
  return useQuery({ queryKey: relayTasksKey, queryFn: getRelayTasks });
}
