import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CompoundProfileBody } from '../../../../contracts/compounds.ts';
import { compoundSchema } from '../../../../contracts/compounds.ts';
import { regionNodeSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

/** A compound is a region node under the community plus its profile: two calls, node first. */
export async function createCompound(input: {
  parentId: number;
  name: string;
  profile: CompoundProfileBody;
}) {
  const node = await api.post('/api/regions/nodes', regionNodeSchema, {
    parentId: input.parentId,
    name: input.name,
    kind: 'compound',
  });
  return api.put(`/api/compounds/${node.id}`, compoundSchema, input.profile);
}

export function useCreateCompound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCompound,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds'] }),
  });
}
