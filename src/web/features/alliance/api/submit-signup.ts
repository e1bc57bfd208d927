import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import { type signupBodySchema, signupReceiptSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function submitSignup(body: z.input<typeof signupBodySchema>) {
  return api.post('/api/public/volunteer-signups', signupReceiptSchema, body);
}

export function useSubmitSignup() {
  return useMutation({ mutationFn: submitSignup });
}
