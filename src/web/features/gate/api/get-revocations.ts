import { revocationListSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function getRevocations(since: number) {
  return api.get('/api/passes/revocations', revocationListSchema, { since });
}
