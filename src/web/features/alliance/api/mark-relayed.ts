import { useMutation, useQueryClient } from '@tanstack/react-query';
import { okSchema } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';
import { relayTasksKey } from './get-relay-tasks.ts';

export function markRelayed(broadcastId: number, groupId: number) {
  return api.post(`/api/broadcasts/${broadcastId}/relays`, okSchema, { groupId });
}

export function useMarkRelayed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ broadcastId, groupId }: { broadcastId: number; groupId: number }) =>
      markRelayed(broadcastId, groupId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: relayTasksKey }),
  });
}
