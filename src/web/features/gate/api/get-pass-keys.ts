import { z } from 'zod';
import { publicKeySchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function getPassKeys() {
  return api.get('/api/passes/keys', z.array(publicKeySchema));
}
