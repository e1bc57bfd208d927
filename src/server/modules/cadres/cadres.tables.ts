import type { Generated } from 'kysely';

/** A responsibility area (包联): one leader paired with one village or community for a period. */
export type CadreAreasTable = {
  id: Generated<number>;
  leader_id: number;
  node_id: number;
  node_path: string;
  /** county | town | village: which tier of leader holds it (县级领导, 乡镇干部, 驻村第一书记). */
  tier: string;
  /** JSON string[]: the duties of this pairing, the "four ones" by default. */
  duties: string;
  starts_at: number;
  /** Null while the pairing runs. */
  ends_at: number | null;
  created_by: number | null;
  created_at: number;
};

/** An assessment group (考核组) keeps the ledger for cadres with areas in its subtree. */
export type CadreGroupsTable = {
  id: Generated<number>;
  name: string;
  node_id: number;
  node_path: string;
  created_by: number | null;
  created_at: number;
};

export type CadreGroupMembersTable = {
  group_id: number;
  user_id: number;
  /** lead | member */
  role: string;
  added_at: number;
};

/**
 * The factual ledger (纪实台账). Append-only: each cadre's entries form a hash chain (seq 1, 2, …;
 * each hash covers the previous one), so an edited, deleted or reordered row is detected.
 */
export type CadreLedgerTable = {
  id: Generated<number>;
  cadre_id: number;
  seq: number;
  /** record (by an assessment group) | platform (from a domain event) | correction */
  kind: string;
  occurred_at: number;
  node_path: string;
  place: string;
  content: string;
  /** JSON string[] of file ids. */
  evidence: string;
  recorded_by: number | null;
  group_id: number | null;
  /** A correction points at the entry it corrects; the old entry stays as it was. */
  corrects_id: number | null;
  /** The domain event a platform entry came from: unique, so a replayed event adds nothing. */
  source_event_id: number | null;
  created_at: number;
  prev_hash: string;
  hash: string;
};

export type CadreLedgerHeadsTable = {
  cadre_id: number;
  last_seq: number;
  last_hash: string;
};

export type CadreNominationsTable = {
  id: Generated<number>;
  cadre_id: number;
  node_path: string;
  reason: string;
  /** JSON number[]: ledger entry ids offered as evidence. */
  evidence: string;
  /** nominated | approved | rejected | published */
  status: string;
  nominated_by: number;
  nominated_at: number;
  decided_by: number | null;
  decided_at: number | null;
  list_id: number | null;
};

/** A published list of outstanding cadres (优秀干部名单): public from publication on. */
export type CadreListsTable = {
  id: Generated<number>;
  title: string;
  node_path: string;
  published_by: number;
  published_at: number;
};

export type CadrePressTable = {
  id: Generated<number>;
  nomination_id: number;
  title: string;
  url: string;
  created_by: number;
  created_at: number;
};

export type CadresTables = {
  cadre_areas: CadreAreasTable;
  cadre_groups: CadreGroupsTable;
  cadre_group_members: CadreGroupMembersTable;
  cadre_ledger: CadreLedgerTable;
  cadre_ledger_heads: CadreLedgerHeadsTable;
  cadre_nominations: CadreNominationsTable;
  cadre_lists: CadreListsTable;
  cadre_press: CadrePressTable;
};
