import { importJobSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function startImport(id: number, kind: 'residents' | 'vehicles', file: File) {
  return api.upload(`/api/compounds/${id}/imports/${kind}`, importJobSchema, file);
}
