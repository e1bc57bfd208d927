import type { Generated } from 'kysely';

export interface GroceryShopsTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  kind: string;
  address: string;
  phone: string;
  free_delivery: number;
  hours: string;
  min_order_fen: number;
  owner_user_id: number | null;
  /** JSON list of node paths: the officials' grant, inside which the shop's own account sets its areas. */
  area_grant: string;
  created_at: number;
  updated_at: number;
}

export interface GroceryShopAreasTable {
  shop_id: number;
  node_path: string;
}

export interface GroceryProductsTable {
  id: Generated<number>;
  shop_id: number;
  node_path: string;
  name: string;
  kind: string;
  unit: string;
  contents: string;
  weight_g: number;
  cost_fen: number;
  transport_fen: number;
  packing_fen: number;
  loss_fen: number;
  active: number;
  price_from: number;
  updated_at: number;
}

export interface GroceryPriceChangesTable {
  id: Generated<number>;
  product_id: number;
  at: number;
  changed_by: number;
  before: string;
  after: string;
}

export interface GroceryCyclesTable {
  id: Generated<number>;
  shop_id: number;
  node_id: number;
  node_path: string;
  name: string;
  opens_at: number;
  closes_at: number;
  max_orders: number | null;
  max_turnover_fen: number | null;
  orders_per_household: number;
  status: string;
  closed_reason: string | null;
  closed_at: number | null;
  order_count: number;
  turnover_fen: number;
  created_by: number;
  created_at: number;
}

export interface GroceryCycleItemsTable {
  cycle_id: number;
  product_id: number;
  cap: number | null;
  sold: number;
}

export interface GroceryOrdersTable {
  id: Generated<number>;
  cycle_id: number;
  shop_id: number;
  household_id: number;
  seq: number;
  compound_id: number;
  node_path: string;
  placed_by: number;
  on_behalf: number;
  payment: string;
  note: string | null;
  total_fen: number;
  cost_fen: number;
  weight_g: number;
  status: string;
  batch_id: number | null;
  status_at: number;
  created_at: number;
}

export interface GroceryOrderLinesTable {
  order_id: number;
  product_id: number;
  cycle_id: number;
  name: string;
  unit: string;
  quantity: number;
  cost_fen: number;
  transport_fen: number;
  packing_fen: number;
  loss_fen: number;
  weight_g: number;
}

export interface GroceryBatchesTable {
  id: Generated<number>;
  cycle_id: number;
  node_path: string;
  name: string;
  assignee_id: number;
  created_by: number;
  created_at: number;
}

export interface GroceryStandingOrdersTable {
  id: Generated<number>;
  shop_id: number;
  household_id: number;
  compound_id: number;
  node_path: string;
  weekday: number;
  /** JSON: [{ productId, quantity }] */
  lines: string;
  payment: string;
  note: string | null;
  active: number;
  created_by: number;
  created_at: number;
  updated_at: number;
}

export interface GroceryStandingRunsTable {
  standing_id: number;
  cycle_id: number;
  status: string;
  order_id: number | null;
  error: string | null;
  detail: string | null;
  at: number;
}

export type GroceryTables = {
  grocery_shops: GroceryShopsTable;
  grocery_shop_areas: GroceryShopAreasTable;
  grocery_products: GroceryProductsTable;
  grocery_price_changes: GroceryPriceChangesTable;
  grocery_cycles: GroceryCyclesTable;
  grocery_cycle_items: GroceryCycleItemsTable;
  grocery_orders: GroceryOrdersTable;
  grocery_order_lines: GroceryOrderLinesTable;
  grocery_batches: GroceryBatchesTable;
  grocery_standing_orders: GroceryStandingOrdersTable;
  grocery_standing_runs: GroceryStandingRunsTable;
};
