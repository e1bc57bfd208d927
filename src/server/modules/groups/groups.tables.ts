import type { Generated } from 'kysely';

export type AllianceGroupsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  owner_user_id: number;
  member_count: number;
  channel: string;
  /** The robot's webhook address; it embeds the robot's key, so it is never sent to the browser. */
  webhook_url: string | null;
  secret: string | null;
  active: number;
  created_by: number | null;
  created_at: number;
  updated_at: number;
};

export type GroupsTables = { alliance_groups: AllianceGroupsTable };
