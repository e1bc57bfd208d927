import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type AreaBody,
  areaSchema,
  cadreSummarySchema,
  coverageSchema,
  type EntryBody,
  entrySchema,
  groupSchema,
  ledgerSchema,
  ledgerVerifySchema,
  nominationSchema,
  publicListSchema,
} from '../../../../contracts/cadres.ts';
import { fileSchema } from '../../../../contracts/files.ts';
import { api } from '../../../lib/api.ts';

const geoSchema = z.object({ type: z.string(), features: z.array(z.unknown()) }).passthrough();

export function useCoverage(nodeId: number | undefined) {
  return useQuery({
    queryKey: ['cadres', 'coverage', nodeId],
    queryFn: () => api.get('/api/cadres/coverage', coverageSchema, { nodeId }),
  });
}

/** The county outlines the project ships, fetched once per session from our own origin. */
export function useCadresMap() {
  return useQuery({
    queryKey: ['cadres', 'map'],
    queryFn: () => api.get('/api/cadres/map', geoSchema),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function usePeople(q: string) {
  return useQuery({
    queryKey: ['cadres', 'people', q],
    queryFn: () => api.get('/api/cadres/people', z.array(cadreSummarySchema), { q }),
  });
}

export function useGroups() {
  return useQuery({
    queryKey: ['cadres', 'groups'],
    queryFn: () => api.get('/api/cadres/groups', z.array(groupSchema)),
  });
}

export function useLedger(cadreId: number) {
  return useQuery({
    queryKey: ['cadres', 'ledger', cadreId],
    queryFn: () => api.get(`/api/cadres/people/${cadreId}/ledger`, ledgerSchema, { limit: 100 }),
  });
}

export function useLedgerCheck(cadreId: number) {
  return useQuery({
    queryKey: ['cadres', 'ledger', cadreId, 'verify'],
    queryFn: () => api.get(`/api/cadres/people/${cadreId}/ledger/verify`, ledgerVerifySchema),
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['cadres'] });
}

export function useRecord(cadreId: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: EntryBody) => api.post(`/api/cadres/people/${cadreId}/ledger`, entrySchema, body),
    onSuccess: done,
  });
}

export function useCorrect() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, content }: { id: number; content: string }) =>
      api.post(`/api/cadres/ledger/${id}/corrections`, entrySchema, { content, evidence: [] }),
    onSuccess: done,
  });
}

export const uploadLedgerEvidence = (cadreId: number, file: File) =>
  api.upload('/api/files', fileSchema, file, { ownerType: 'cadre-ledger', ownerId: cadreId });

export function useNominations() {
  return useQuery({
    queryKey: ['cadres', 'nominations'],
    queryFn: () => api.get('/api/cadres/nominations', z.array(nominationSchema)),
  });
}

export function useNominate() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: { cadreId: number; reason: string; evidence: number[] }) =>
      api.post('/api/cadres/nominations', nominationSchema, body),
    onSuccess: done,
  });
}

export function useDecide() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, approve }: { id: number; approve: boolean }) =>
      api.post(`/api/cadres/nominations/${id}/decision`, nominationSchema, { approve }),
    onSuccess: done,
  });
}

export function useAddPress() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, title, url }: { id: number; title: string; url: string }) =>
      api.post(`/api/cadres/nominations/${id}/press`, nominationSchema, { title, url }),
    onSuccess: done,
  });
}

export function usePublish() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (title: string) => api.post('/api/cadres/lists', publicListSchema, { title }),
    onSuccess: done,
  });
}

export function usePublicLists() {
  return useQuery({
    queryKey: ['cadres', 'public'],
    queryFn: () => api.get('/api/public/cadres/lists', z.array(publicListSchema)),
  });
}

/** Users in the caller's scope by name or phone, to pair with an area or seat on a group. */
export function useUserSearch(q: string) {
  return useQuery({
    queryKey: ['cadres', 'user-search', q],
    queryFn: () =>
      api
        .get('/api/users', z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) }), {
          q,
          pageSize: 20,
        })
        .then((p) => p.items),
    enabled: q.trim().length > 0,
  });
}

export const assignArea = (body: AreaBody) => api.post('/api/cadres/areas', areaSchema, body);
export const endArea = (id: number) => api.post(`/api/cadres/areas/${id}/end`, areaSchema, {});
export const createGroup = (name: string, nodeId: number) =>
  api.post('/api/cadres/groups', groupSchema, { name, nodeId });
export const addMember = (groupId: number, userId: number, role: 'lead' | 'member') =>
  api.post(`/api/cadres/groups/${groupId}/members`, groupSchema, { userId, role });
