import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '../../../../contracts/common.ts';
import {
  contactSchema,
  contactTraceResultSchema,
  dueVisitSchema,
  facilitySchema,
  publicPlaceSchema,
  publicReportAnswerSchema,
  type publicReportBodySchema,
  type returneeBodySchema,
  returneeSchema,
  type returneeSelfBodySchema,
  smsCodeAnswerSchema,
  type visitBodySchema,
  visitSchema,
} from '../../../../contracts/returnees.ts';
import { api } from '../../../lib/api.ts';

export type ReturneeInput = z.input<typeof returneeBodySchema>;
export type VisitInput = z.input<typeof visitBodySchema>;
export type ReturneeSelfInput = z.input<typeof returneeSelfBodySchema>;

export function useReturnees(nodeId: number | undefined, page: number, sort: 'recent' | 'risk' = 'recent') {
  return useQuery({
    queryKey: ['returnees', 'list', nodeId, page, sort],
    queryFn: () => api.get('/api/returnees', pageOf(returneeSchema), { nodeId, page, pageSize: 50, sort }),
    placeholderData: keepPreviousData,
    enabled: nodeId !== undefined,
  });
}

export function useDueVisits(nodeId: number | undefined) {
  return useQuery({
    queryKey: ['returnees', 'due', nodeId],
    queryFn: () => api.get('/api/returnee-visits/due', z.array(dueVisitSchema), { nodeId }),
    enabled: nodeId !== undefined,
  });
}

/** The detail read states its purpose: the server audits it with the read. */
export function useReturnee(id: number) {
  return useQuery({
    queryKey: ['returnees', 'one', id],
    queryFn: () => api.get(`/api/returnees/${id}`, returneeSchema, { purpose: 'follow_up' }),
  });
}

export function useVisits(id: number) {
  return useQuery({
    queryKey: ['returnees', 'visits', id],
    queryFn: () => api.get(`/api/returnees/${id}/visits`, z.array(visitSchema)),
  });
}

function useReturneeMutation<T, R>(fn: (body: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['returnees'] }),
  });
}

export const useRegisterReturnee = () =>
  useReturneeMutation((body: ReturneeInput) => api.post('/api/returnees', returneeSchema, body));

/** "Show in full": a detail read with its purpose, audited by the server like any other. */
export const revealReturnee = (id: number) =>
  api.get(`/api/returnees/${id}`, returneeSchema, { purpose: 'verification' });

export const useMyReports = () =>
  useQuery({
    queryKey: ['returnees', 'mine'],
    queryFn: () => api.get('/api/returnees/mine', z.array(returneeSchema)),
  });

export const useSelfReport = () =>
  useReturneeMutation((body: ReturneeSelfInput) => api.post('/api/returnees/self', returneeSchema, body));

export const usePlace = (id: number) =>
  useReturneeMutation((body: { startDay: string; category?: string }) =>
    api.post(`/api/returnees/${id}/isolation`, returneeSchema, body),
  );

export const useChangeEnd = (id: number) =>
  useReturneeMutation((body: { endDay: string; reason: string }) =>
    api.post(`/api/returnees/${id}/period`, returneeSchema, body),
  );

export const useRelease = (id: number) =>
  useReturneeMutation(() => api.post(`/api/returnees/${id}/release`, returneeSchema, {}));

export const useRecordVisit = () =>
  useReturneeMutation(({ id, body }: { id: number; body: VisitInput }) =>
    api.post(`/api/returnee-visits/${id}`, visitSchema, body),
  );

export function useOrigins() {
  return useQuery({
    queryKey: ['returnees', 'origins'],
    queryFn: () =>
      api.get('/api/public/returnee-origins', z.array(z.object({ code: z.string(), name: z.string() }))),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type PublicReportInput = z.input<typeof publicReportBodySchema>;

/** The public form's village picker: names matching what the person types. */
export function usePublicPlaces(q: string) {
  return useQuery({
    queryKey: ['returnees', 'places', q],
    queryFn: () => api.get('/api/public/returnee-places', z.array(publicPlaceSchema), { q }),
    placeholderData: keepPreviousData,
  });
}

export const useSendCode = () =>
  useMutation({
    mutationFn: (phone: string) => api.post('/api/public/returnee-codes', smsCodeAnswerSchema, { phone }),
  });

export const usePublicReport = () =>
  useMutation({
    mutationFn: (body: PublicReportInput) =>
      api.post('/api/public/returnees', publicReportAnswerSchema, body),
  });

export const useFacilities = () =>
  useQuery({
    queryKey: ['returnees', 'facilities'],
    queryFn: () => api.get('/api/returnee-facilities', z.array(facilitySchema)),
  });

export const useAssignRoom = (id: number) =>
  useReturneeMutation((roomId: number) => api.post(`/api/returnees/${id}/room`, returneeSchema, { roomId }));

export const useContacts = (id: number) =>
  useQuery({
    queryKey: ['returnees', 'contacts', id],
    queryFn: () => api.get(`/api/returnees/${id}/contacts`, z.array(contactSchema)),
  });

export const useTraceTrip = (id: number) =>
  useReturneeMutation((body: { transportNo: string; day: string }) =>
    api.post(`/api/returnees/${id}/contacts/trace`, contactTraceResultSchema, body),
  );
