import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type residentBodySchema, residentSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export type ResidentInput = z.input<typeof residentBodySchema>;

export function addResident(id: number, body: ResidentInput) {
  return api.post(`/api/compounds/${id}/residents`, residentSchema, body);
}

export function useAddResident(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResidentInput) => addResident(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', id] }),
  });
}
