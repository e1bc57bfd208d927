import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type BookingBody,
  bookingSchema,
  counsellingSummarySchema,
  courseSchema,
  crisisAckSchema,
  crisisSchema,
  myBookingSchema,
  slotSchema,
} from '../../../../contracts/counselling.ts';
import { api } from '../../../lib/api.ts';

const ok = z.object({ ok: z.literal(true) });

export const useOpenSlots = () =>
  useQuery({
    queryKey: ['counselling', 'slots'],
    queryFn: () => api.get('/api/counselling/slots', z.array(slotSchema)),
  });

export const useMyBookings = () =>
  useQuery({
    queryKey: ['counselling', 'my-bookings'],
    queryFn: () => api.get('/api/counselling/my-bookings', z.array(myBookingSchema)),
  });

/** Polled while a request waits: the answer comes from a counsellor, not from the requester's own stream. */
export const useMyCrises = () =>
  useQuery({
    queryKey: ['counselling', 'my-crises'],
    queryFn: () => api.get('/api/counselling/crises/mine', z.array(crisisAckSchema)),
    refetchInterval: (q) => (q.state.data?.some((c) => c.status !== 'answered') ? 10_000 : false),
  });

export const useSchedule = () =>
  useQuery({
    queryKey: ['counselling', 'schedule'],
    queryFn: () => api.get('/api/counselling/schedule', z.array(slotSchema)),
  });

export const useSessions = () =>
  useQuery({
    queryKey: ['counselling', 'sessions'],
    queryFn: () => api.get('/api/counselling/bookings', z.array(bookingSchema)),
  });

export const useCrises = () =>
  useQuery({
    queryKey: ['counselling', 'crises'],
    queryFn: () => api.get('/api/counselling/crises', z.array(crisisSchema)),
  });

export const useSummary = () =>
  useQuery({
    queryKey: ['counselling', 'summary'],
    queryFn: () => api.get('/api/counselling/summary', counsellingSummarySchema),
  });

function useCounsellingMutation<T, R>(fn: (body: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['counselling'] }),
  });
}

export const useBook = () =>
  useCounsellingMutation(({ slotId, body }: { slotId: number; body: BookingBody }) =>
    api.post(`/api/counselling/slots/${slotId}/book`, bookingSchema, body),
  );

export const useCancel = () =>
  useCounsellingMutation((id: number) => api.post(`/api/counselling/my-bookings/${id}/cancel`, ok));

export const useRequestCrisis = () =>
  useCounsellingMutation((body: { alias?: string; phone?: string }) =>
    api.post('/api/counselling/crises', crisisAckSchema, body),
  );

export const usePublish = () =>
  useCounsellingMutation((body: { startsAt: number; minutes: number }) =>
    api.post('/api/counselling/slots', slotSchema, body),
  );

export const useOutcome = () =>
  useCounsellingMutation(
    ({ id, status, notes }: { id: number; status: 'done' | 'no_show'; notes?: string }) =>
      api.post(`/api/counselling/bookings/${id}/outcome`, ok, { status, ...(notes ? { notes } : {}) }),
  );

export const useFlag = () =>
  useCounsellingMutation((id: number) =>
    api.post(`/api/counselling/bookings/${id}/crisis`, z.object({ id: z.number() })),
  );

export const useAnswer = () =>
  useCounsellingMutation((id: number) => api.post(`/api/counselling/crises/${id}/answer`, ok));

export const useCourses = () =>
  useQuery({
    queryKey: ['counselling', 'courses'],
    queryFn: () => api.get('/api/counselling/courses', z.array(courseSchema)),
  });

export const useCourseStep = () =>
  useCounsellingMutation(({ id, step }: { id: number; step: 'view' | 'complete' }) =>
    api.post(`/api/counselling/courses/${id}/${step}`, courseSchema),
  );
