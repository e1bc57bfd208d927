export interface FigureSnapshotsTable {
  node_path: string;
  /** Beijing day, YYYY-MM-DD. */
  day: string;
  key: string;
  value: number | null;
  computed_at: number;
}

export type DashboardTables = { figure_snapshots: FigureSnapshotsTable };
