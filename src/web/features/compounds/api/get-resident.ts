import { residentSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

/** The audited detail read: the full ID number for the community's own officials. */
export function getResident(id: number) {
  return api.get(`/api/residents/${id}`, residentSchema);
}
