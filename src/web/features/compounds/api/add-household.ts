import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type HouseholdBody, householdSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function addHousehold(id: number, body: HouseholdBody) {
  return api.post(`/api/compounds/${id}/households`, householdSchema, body);
}

export function useAddHousehold(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HouseholdBody) => addHousehold(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', id] }),
  });
}
