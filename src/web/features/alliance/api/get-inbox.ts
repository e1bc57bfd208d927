import { queryOptions, useQuery } from '@tanstack/react-query';
import { inboxSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export const inboxKey = ['alliance', 'inbox'] as const;

export function getInbox() {
  return api.get('/api/broadcasts/inbox', inboxSchema, { limit: 50 });
}

export const inboxQuery = queryOptions({ queryKey: inboxKey, queryFn: getInbox });

export function useInbox() {
  return useQuery(inboxQuery);
}
