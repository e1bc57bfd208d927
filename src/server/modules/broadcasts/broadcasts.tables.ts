import type { Generated } from 'kysely';

export type BroadcastsTable = {
  id: Generated<number>;
  kind: string;
  title: string;
  body_md: string;
  /** Rendered once on the server from the safe subset (markdown.ts); clients show it as is. */
  body_html: string;
  rumour: string | null;
  priority: string;
  ack_required: number;
  /** Bit mask of member kinds (contracts/alliance.ts KIND_BIT). */
  audience: number;
  /** Bit mask of team types; 0 = every team. */
  team_mask: number;
  /** The deepest node covering every target. */
  node_path: string;
  sender_id: number;
  sender_name: string;
  status: string;
  is_public: number;
  published_at: number | null;
  created_at: number;
};

export type BroadcastTargetsTable = {
  broadcast_id: number;
  node_id: number;
  node_path: string;
  audience: number;
  team_mask: number;
  published: number;
};

export type BroadcastReceiptsTable = {
  broadcast_id: number;
  user_id: number;
  /** The node of the membership the broadcast reached the member through. */
  node_path: string;
  /** 0 city, 1 county, 2 street, 3 village and below. */
  level: number;
  delivered_at: number;
  read_at: number | null;
  acked_at: number | null;
};

export type BroadcastRelaysTable = {
  broadcast_id: number;
  group_id: number;
  node_path: string;
  via: string;
  relayed_by: number | null;
  relayed_at: number;
};

export type BroadcastDeliveriesTable = {
  id: Generated<number>;
  broadcast_id: number;
  group_id: number;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
};

export type BroadcastsTables = {
  broadcasts: BroadcastsTable;
  broadcast_targets: BroadcastTargetsTable;
  broadcast_receipts: BroadcastReceiptsTable;
  broadcast_relays: BroadcastRelaysTable;
  broadcast_deliveries: BroadcastDeliveriesTable;
};
