import { type ScanBody, scanResultSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function recordScan(body: ScanBody) {
  return api.post('/api/gate/scans', scanResultSchema, body);
}
