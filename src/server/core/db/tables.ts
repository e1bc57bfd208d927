import type { Generated } from 'kysely';

/**
 * The spine's tables. Timestamps are epoch milliseconds (bigint on PostgreSQL), JSON is text and
 * booleans are 0/1 on both dialects, so rows read the same whichever engine runs underneath.
 * Modules declare their own tables and reach them with `db.withTables<TheirTables>()`.
 */
export interface NodesTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  path: string;
  depth: number;
  initials: string;
  pinyin: string;
  custom: number;
  created_at: number;
  created_by: number | null;
}

export interface UsersTable {
  id: Generated<number>;
  phone: string;
  name: string;
  password_hash: string;
  locale: string;
  status: string;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface GrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  node_id: number;
  node_path: string;
  created_by: number | null;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: number;
  at: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  node_path: string;
  detail: string | null;
  reason: string | null;
  request_id: string | null;
  /** sha256 over [detail, reason]; the chain hashes this instead of them (null on older rows). */
  personal_digest: string | null;
  /** Set when detail and reason were blanked because the record they describe was purged. */
  redacted_at: number | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_id: number;
  last_hash: string;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  node_path: string;
  user_id: number | null;
  permission: string | null;
  payload: string;
  actor_id: number | null;
  created_at: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  url: string;
  secret: string;
  event_types: string;
  active: number;
  created_by: number | null;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: number;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** How far each module's event consumer has caught up (core/events/consumers.ts). */
export interface EventCursorsTable {
  consumer: string;
  last_event_id: number;
  updated_at: number;
}

export interface JobRunsTable {
  job: string;
  slot: string;
  instance: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  error: string | null;
}

export interface FilesTable {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  owner_type: string;
  owner_id: string;
  node_path: string;
  uploaded_by: number | null;
  created_at: number;
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  request_hash: string;
  response: string;
  created_at: number;
}

export interface EmergencyEndsTable {
  node_id: number;
  node_path: string;
  ended_at: number;
  /** ended_at plus the grace period: from then on the subtree's personal data goes. */
  purge_after: number;
  set_by: number | null;
  set_at: number;
  purged_at: number | null;
}

/** One row (id 1): bumped by triggers on every grant, user-status and session-end change. */
export interface AuthEpochTable {
  id: number;
  version: number;
}

export interface CoreTables {
  auth_epoch: AuthEpochTable;
  emergency_ends: EmergencyEndsTable;
  nodes: NodesTable;
  users: UsersTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  events: EventsTable;
  event_cursors: EventCursorsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  job_runs: JobRunsTable;
  files: FilesTable;
  idempotency_keys: IdempotencyKeysTable;
}
