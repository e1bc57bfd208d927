import { z } from 'zod';
import {
  type BulkBody,
  bulkResultSchema,
  type Checklists,
  checklistsSchema,
  disciplineSchema,
  type EscalationRules,
  escalationBodySchema,
  type FindingBody,
  orderSchema,
  personRefSchema,
  publicRoundSchema,
  type RoundBody,
  roundSchema,
  syncResultSchema,
  type TargetKind,
  verifySchema,
  visitSchema,
} from '../../../../contracts/supervision.ts';
import { api } from '../../../lib/api.ts';
import { uploadFile } from '../../../lib/files.ts';

export const getVisits = (mine: boolean) =>
  api.get('/api/supervision/visits', z.array(visitSchema), { mine: mine ? 'true' : undefined });
export const getVisit = (id: number) => api.get(`/api/supervision/visits/${id}`, visitSchema);
export const getOrders = (query: { status?: string; roundId?: number; nodeId?: number }) =>
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

// ---- rounds (the command centre) ----
export const getRounds = () => api.get('/api/supervision/rounds', z.array(roundSchema));
export const getRound = (id: number) => api.get(`/api/supervision/rounds/${id}`, roundSchema);
export const createRound = (body: RoundBody) => api.post('/api/supervision/rounds', roundSchema, body);
export const setPool = (id: number, userIds: number[]) =>
  api.put(`/api/supervision/rounds/${id}/pool`, roundSchema, {
    members: userIds.map((userId) => ({ userId, recuseNodeIds: [] })),
  });
export const freezeRound = (id: number) => api.post(`/api/supervision/rounds/${id}/freeze`, roundSchema);
export const commitRound = (id: number, drawAt: number, commitment?: string) =>
  api.post(`/api/supervision/rounds/${id}/commit`, roundSchema, {
    drawAt,
    ...(commitment ? { commitment } : {}),
  });
export const drawRoundNow = (id: number, seed?: string) =>
  api.post(`/api/supervision/rounds/${id}/draw`, roundSchema, seed ? { seed } : {});
export const publishRound = (id: number) => api.post(`/api/supervision/rounds/${id}/publish`, roundSchema);
const inspectorPageSchema = z.object({ items: z.array(personRefSchema) });
/** Inspector-role users in the caller's scope: the pool to draw from. */
export const getInspectors = () =>
  api.get('/api/users', inspectorPageSchema, { role: 'inspector', pageSize: 200 }).then((p) => p.items);

// ---- bulk and discipline ----
export const bulkOrders = (body: BulkBody) =>
  api.post('/api/supervision/orders/bulk', bulkResultSchema, body);
export const getDiscipline = () => api.get('/api/supervision/discipline', z.array(disciplineSchema));
export const recordDiscipline = (body: {
  findingId: number;
  userId: number;
  measure: string;
  reason: string;
}) => api.post('/api/supervision/discipline', disciplineSchema, body);
export const getResponsibleOfficials = (findingId: number) =>
  api.get(`/api/supervision/findings/${findingId}/officials`, z.array(personRefSchema));

// ---- configuration ----
export const getEscalation = () => api.get('/api/supervision/escalation', escalationBodySchema);
export const putEscalation = (rules: EscalationRules) =>
  api.put('/api/supervision/escalation', escalationBodySchema, rules);
export const getChecklists = () => api.get('/api/supervision/checklists', checklistsSchema);
export const putChecklist = (kind: TargetKind, items: Checklists[TargetKind]) =>
  api.put(`/api/supervision/checklists/${kind}`, checklistsSchema, { items });
