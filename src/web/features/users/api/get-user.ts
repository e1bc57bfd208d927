import { useQuery } from '@tanstack/react-query';
import { userSummarySchema } from '../../../../contracts/users.ts';
import { api } from '../../../lib/api.ts';

/** The detail read: the full phone number for roles that read personal data (audited on the server). */
export function getUser(id: number) {
  return api.get(`/api/users/${id}`, userSummarySchema);
}

export function useUser(id: number | undefined) {
  return useQuery({
    queryKey: ['users', 'detail', id],
    queryFn: () => getUser(id!),
    enabled: id !== undefined,
  });
}
