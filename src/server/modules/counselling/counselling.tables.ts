import type { Generated } from 'kysely';

export interface CounsellingSlotsTable {
  id: Generated<number>;
  counsellor_id: number;
  node_path: string;
  starts_at: number;
  minutes: number;
  status: string;
  created_at: number;
}

export interface CounsellingBookingsTable {
  id: Generated<number>;
  slot_id: number;
  node_path: string;
  booker_id: number;
  alias: string | null;
  phone: string | null;
  status: string;
  notes: string | null;
  closed_at: number | null;
  created_at: number;
}

export interface CounsellingCrisesTable {
  id: Generated<number>;
  node_path: string;
  requester_id: number;
  alias: string | null;
  phone: string | null;
  source: string;
  booking_id: number | null;
  status: string;
  answered_by: number | null;
  answered_at: number | null;
  escalated_at: number | null;
  created_at: number;
}

export interface CounsellingCoursesTable {
  id: Generated<number>;
  title: string;
  kind: string;
  url: string;
  audiences: string;
  minutes: number;
  created_at: number;
}

export interface CounsellingCourseViewsTable {
  course_id: number;
  user_id: number;
  viewed_at: number;
  completed_at: number | null;
}

export type CounsellingTables = {
  counselling_courses: CounsellingCoursesTable;
  counselling_course_views: CounsellingCourseViewsTable;
  counselling_slots: CounsellingSlotsTable;
  counselling_bookings: CounsellingBookingsTable;
  counselling_crises: CounsellingCrisesTable;
};
