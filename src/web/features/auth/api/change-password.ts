import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { changePasswordBodySchema } from '../../../../contracts/auth.ts';
import { okSchema } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

export function changePassword(body: ChangePasswordBody) {
  return api.post('/api/auth/password', okSchema, body);
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
