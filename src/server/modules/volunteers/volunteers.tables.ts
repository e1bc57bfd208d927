import type { Generated } from 'kysely';

export type AllianceTeamsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  type: string;
  leader_user_id: number | null;
  status: string;
  skills: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
};

export type AllianceVolunteersTable = {
  id: Generated<number>;
  user_id: number;
  team_id: number | null;
  /** The team's type copied here ('' without a team): the inbox filters on it without a join. */
  team_type: string;
  node_id: number;
  node_path: string;
  name: string;
  phone: string;
  id_number: string | null;
  skills: string;
  availability: string | null;
  source: string;
  pledge_name: string | null;
  pledged_at: number | null;
  created_by: number | null;
  created_at: number;
};

export type AllianceSignupsTable = {
  id: Generated<number>;
  name: string;
  phone: string;
  id_number: string;
  password_hash: string;
  skills: string;
  availability: string;
  node_id: number;
  node_path: string;
  team_id: number | null;
  pledge_name: string;
  pledged_at: number;
  status: string;
  decided_by: number | null;
  decided_at: number | null;
  reason: string | null;
  user_id: number | null;
  created_at: number;
};

export type AllianceMemberCountsTable = {
  node_path: string;
  kind: string;
  team_type: string;
  members: number;
};

export type VolunteersTables = {
  alliance_teams: AllianceTeamsTable;
  alliance_volunteers: AllianceVolunteersTable;
  alliance_signups: AllianceSignupsTable;
  alliance_member_counts: AllianceMemberCountsTable;
};
