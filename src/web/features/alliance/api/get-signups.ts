import { useQuery } from '@tanstack/react-query';
import { signupSchema } from '../../../../contracts/alliance.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export function getSignups(nodeId: number | undefined) {
  return api.get('/api/volunteer-signups', pageOf(signupSchema), {
    nodeId,
    status: 'pending',
    pageSize: 100,
  });
}

export function useSignups(nodeId: number | undefined, enabled: boolean) {
  return useQuery({ queryKey: ['alliance', 'signups', nodeId], queryFn: () => getSignups(nodeId), enabled });
}
