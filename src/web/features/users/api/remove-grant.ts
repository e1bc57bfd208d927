import { useMutation, useQueryClient } from '@tanstack/react-query';
import { okSchema } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export function removeGrant(userId: number, grantId: number) {
  return api.delete(`/api/users/${userId}/grants/${grantId}`, okSchema);
}

export function useRemoveGrant(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: number) => removeGrant(userId, grantId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
