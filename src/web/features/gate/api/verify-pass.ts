import type { z } from 'zod';
import { type verifyBodySchema, verifyResultSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function verifyPass(body: z.input<typeof verifyBodySchema>) {
  return api.post('/api/gate/verify', verifyResultSchema, body);
}
