import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateNodeBody, regionNodeSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

export function createNode(body: CreateNodeBody) {
  return api.post('/api/regions/nodes', regionNodeSchema, body);
}

export function useCreateNode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createNode,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['regions'] }),
  });
}
