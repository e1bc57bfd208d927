import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CompoundProfileBody, compoundSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function saveProfile(id: number, body: CompoundProfileBody) {
  return api.put(`/api/compounds/${id}`, compoundSchema, body);
}

export function useSaveProfile(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CompoundProfileBody) => saveProfile(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds'] }),
  });
}
