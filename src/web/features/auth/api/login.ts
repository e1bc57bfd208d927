import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type LoginBody, meSchema } from '../../../../contracts/auth.ts';
import { api, setCsrfToken } from '../../../lib/api.ts';
import { meQueryKey } from '../../../lib/auth.ts';

export function login(body: LoginBody) {
  return api.post('/api/auth/login', meSchema, body);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      // A previous user's cached lists must not show through to the next one.
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}
