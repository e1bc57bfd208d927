import { scanResultSchema, type VisitorBody } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function registerVisitor(body: VisitorBody) {
  return api.post('/api/gate/visitors', scanResultSchema, body);
}
