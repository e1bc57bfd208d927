import { useMutation, useQueryClient } from '@tanstack/react-query';
import { okSchema } from '../../../contracts/common.ts';
import { api } from '../../lib/api.ts';
import { meQueryKey } from '../../lib/auth.ts';

export function logout() {
  return api.post('/api/auth/logout', okSchema);
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Whatever the server said, this tab forgets the user and everything fetched as them.
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
