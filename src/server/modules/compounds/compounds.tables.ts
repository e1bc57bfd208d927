import type { Generated } from 'kysely';

export interface CompoundProfilesTable {
  node_id: number;
  node_path: string;
  address: string;
  mode: string;
  /** JSON: [{ name, lanes }] */
  gates: string;
  /** JSON: [{ name, role, phone }] */
  staff: string;
  updated_by: number | null;
  updated_at: number;
}

export interface CompoundBuildingsTable {
  id: Generated<number>;
  compound_id: number;
  name: string;
  created_at: number;
}

export interface HouseholdsTable {
  id: Generated<number>;
  compound_id: number;
  node_path: string;
  building: string | null;
  unit: string | null;
  room: string;
  address_key: string;
  created_at: number;
}

export interface ResidentsTable {
  id: Generated<number>;
  household_id: number;
  compound_id: number;
  node_path: string;
  name: string;
  phone: string;
  id_number: string;
  relation: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface VehiclesTable {
  id: Generated<number>;
  household_id: number;
  compound_id: number;
  node_path: string;
  plate: string;
  created_at: number;
}

export interface CompoundImportsTable {
  id: Generated<number>;
  compound_id: number;
  node_path: string;
  kind: string;
  file_id: string;
  status: string;
  progress: number;
  rows_read: number;
  imported: number;
  rejected: number;
  error_counts: string;
  errors: string;
  failure: string | null;
  created_by: number;
  created_at: number;
  finished_at: number | null;
}

export type CompoundTables = {
  compound_profiles: CompoundProfilesTable;
  compound_buildings: CompoundBuildingsTable;
  households: HouseholdsTable;
  residents: ResidentsTable;
  vehicles: VehiclesTable;
  compound_imports: CompoundImportsTable;
};

export function addressKey(
  building: string | null | undefined,
  unit: string | null | undefined,
  room: string,
) {
  return `${building ?? ''}|${unit ?? ''}|${room}`;
}
