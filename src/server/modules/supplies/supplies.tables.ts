import type { Generated } from 'kysely';

export interface SuppliesItemsTable {
  id: Generated<number>;
  name: string;
  unit: string;
  standard: string;
  category: string;
  large_at: number | null;
  created_at: number;
}

export interface SuppliesStoresTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  address: string;
  created_by: number;
  created_at: number;
}

export interface SuppliesDonorsTable {
  id: Generated<number>;
  kind: string;
  name: string;
  anonymous: number;
  node_path: string;
  created_by: number;
  created_at: number;
}

export interface SuppliesPledgesTable {
  id: Generated<number>;
  donor_id: number;
  item_id: number;
  store_id: number;
  node_path: string;
  quantity: number;
  received: number;
  status: string;
  note: string;
  created_by: number;
  created_at: number;
  closed_at: number | null;
}

/** The ledger: one immutable row per movement; d_on_hand / d_allocated are its effect on the balance. */
export interface SuppliesMovementsTable {
  id: Generated<number>;
  kind: string;
  item_id: number;
  store_id: number;
  node_path: string;
  quantity: number;
  d_on_hand: number;
  d_allocated: number;
  pledge_id: number | null;
  donor_id: number | null;
  need_id: number | null;
  allocation_id: number | null;
  waybill_id: number | null;
  other_store_id: number | null;
  corrects_id: number | null;
  corrects_kind: string | null;
  reason: string | null;
  created_by: number;
  created_at: number;
}

export interface SuppliesStockTable {
  store_id: number;
  item_id: number;
  node_path: string;
  on_hand: number;
  allocated: number;
  updated_at: number;
}

export interface SuppliesNeedsTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  requester_kind: string;
  requester: string;
  item_id: number;
  quantity: number;
  allocated: number;
  delivered: number;
  due_at: number;
  source: string;
  verified_by: string;
  status: string;
  met_at: number | null;
  created_by: number;
  created_at: number;
}

export interface SuppliesWaybillsTable {
  id: Generated<number>;
  allocation_id: number;
  need_id: number;
  store_id: number;
  item_id: number;
  node_path: string;
  quantity: number;
  token: string;
  code: string;
  status: string;
  signer_name: string | null;
  signature: string | null;
  signed_file_id: string | null;
  signed_via: string | null;
  delivered_at: number | null;
  created_by: number;
  created_at: number;
}

/** A donation list imported into a store; errors is the JSON row report of the refused rows. */
export interface SuppliesImportsTable {
  id: Generated<number>;
  store_id: number;
  node_path: string;
  sha256: string;
  file_name: string;
  rows_read: number;
  imported: number;
  rejected: number;
  errors: string;
  created_by: number;
  created_at: number;
}

export type SuppliesTables = {
  supplies_items: SuppliesItemsTable;
  supplies_stores: SuppliesStoresTable;
  supplies_donors: SuppliesDonorsTable;
  supplies_pledges: SuppliesPledgesTable;
  supplies_movements: SuppliesMovementsTable;
  supplies_stock: SuppliesStockTable;
  supplies_needs: SuppliesNeedsTable;
  supplies_waybills: SuppliesWaybillsTable;
  supplies_imports: SuppliesImportsTable;
};
