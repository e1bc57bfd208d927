import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { regionNodeSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

const childrenPageSchema = pageOf(regionNodeSchema);

export function getChildren(id: number, page: number, pageSize: number) {
  return api.get(`/api/regions/nodes/${id}/children`, childrenPageSchema, { page, pageSize });
}

export function useChildren(id: number | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['regions', 'children', id, page, pageSize],
    queryFn: () => getChildren(id!, page, pageSize),
    enabled: id !== undefined,
    placeholderData: keepPreviousData,
  });
}
