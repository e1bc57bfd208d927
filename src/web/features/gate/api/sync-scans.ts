import { type ScanBody, syncResultSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function syncScans(scans: ScanBody[]) {
  return api.post('/api/gate/scans/sync', syncResultSchema, { scans });
}
