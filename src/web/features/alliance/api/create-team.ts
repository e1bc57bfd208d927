import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createTeamBodySchema, teamSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function createTeam(body: z.input<typeof createTeamBodySchema>) {
  return api.post('/api/teams', teamSchema, body);
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTeam,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance', 'teams'] }),
  });
}
