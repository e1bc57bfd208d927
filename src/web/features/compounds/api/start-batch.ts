import { batchSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function startBatch(nodeId: number) {
  return api.post('/api/pass-batches', batchSchema, { nodeId });
}
