import { useQuery } from '@tanstack/react-query';
import { inboxSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export const inboxKey = ['alliance', 'inbox'] as const;

export function getInbox() {
  return api.get('/api/broadcasts/inbox', inboxSchema, { limit: 50 });
}

export function useInbox() {
  return useQuery({ queryKey: inboxKey, queryFn: getInbox });
}
