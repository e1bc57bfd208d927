import { z } from 'zod';
import {
  type FindingBody,
  orderSchema,
  publicRoundSchema,
  syncResultSchema,
  verifySchema,
  visitSchema,
} from '../../../../contracts/supervision.ts';
import { api } from '../../../lib/api.ts';
import { uploadFile } from '../../../lib/files.ts';

export const getVisits = (mine: boolean) =>
  api.get('/api/supervision/visits', z.array(visitSchema), { mine: mine ? 'true' : undefined });
export const getVisit = (id: number) => api.get(`/api/supervision/visits/${id}`, visitSchema);
export const getOrders = (query: { status?: string; roundId?: number }) =>
  api.get('/api/supervision/orders', z.array(orderSchema), query);
export const getOrder = (id: number) => api.get(`/api/supervision/orders/${id}`, orderSchema);
export const syncFindings = (findings: FindingBody[]) =>
  api.post('/api/supervision/findings/sync', syncResultSchema, { findings });
export const answerOrder = (id: number, answer: string, evidenceIds: string[]) =>
  api.post(`/api/supervision/orders/${id}/answer`, orderSchema, { answer, evidenceIds });
export const closeOrder = (id: number, note: string) =>
  api.post(`/api/supervision/orders/${id}/close`, orderSchema, { note });
export const sendBackOrder = (id: number, reason: string) =>
  api.post(`/api/supervision/orders/${id}/send-back`, orderSchema, { reason, extendDays: 3 });
export const getPublicRound = (id: number) =>
  api.get(`/api/public/supervision/rounds/${id}`, publicRoundSchema);
export const getPublicRounds = () => api.get('/api/public/supervision/rounds', z.array(publicRoundSchema));
export const verifyRound = (id: number) =>
  api.get(`/api/public/supervision/rounds/${id}/verify`, verifySchema);

/** A photo stored against its visit or order through the files core. */
export function uploadPhoto(ownerType: 'sup-visit' | 'sup-order', ownerId: number, file: Blob, name: string) {
  return uploadFile(ownerType, ownerId, new File([file], name, { type: file.type }));
}
