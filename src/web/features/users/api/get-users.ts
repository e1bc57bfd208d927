import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { pageOf } from '../../../../contracts/common.ts';
import { type listUsersQuerySchema, userSummarySchema } from '../../../../contracts/users.ts';
import { api } from '../../../lib/api.ts';

export type UsersQuery = Partial<z.output<typeof listUsersQuerySchema>>;

const usersPageSchema = pageOf(userSummarySchema);

export function getUsers(query: UsersQuery) {
  return api.get('/api/users', usersPageSchema, query);
}

export function useUsers(query: UsersQuery) {
  return useQuery({
    queryKey: ['users', 'list', query],
    queryFn: () => getUsers(query),
    placeholderData: keepPreviousData,
  });
}
