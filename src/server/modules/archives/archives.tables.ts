import type { Generated } from 'kysely';

export interface ArchiveUnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  level: string;
  reference_code: string;
  node_id: number;
  node_path: string;
  title: string;
  creator: string;
  date_at: number;
  extent: string;
  category: string;
  description: string;
  people: string;
  source: string;
  /** Text extracted from the item's uploaded PDF, .docx and .txt files, for search. */
  extracted_text: string;
  is_public: number;
  status: string;
  created_by: number | null;
  created_at: number;
  published_by: number | null;
  published_at: number | null;
}

export type ArchivesTables = {
  archive_categories: { name: string; position: number };
  archive_units: ArchiveUnitsTable;
  /** Search postings (decision 0507): the unit's place and publication copied for the index walk. */
  archive_postings: { token: string; unit_id: number; node_path: string; published: number };
};
