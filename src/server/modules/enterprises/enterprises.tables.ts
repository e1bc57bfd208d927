import type { Generated } from 'kysely';

export interface EnterprisesTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  credit_code: string;
  industry: string;
  regime: string;
  size: string;
  address: string;
  contact_name: string;
  contact_phone: string;
  staff_total: number;
  certified: number;
  account_user_id: number | null;
  created_at: number;
}

export interface FilingsTable {
  id: Generated<number>;
  enterprise_id: number;
  node_path: string;
  regime: string;
  status: string;
  /** The filing form as JSON text. */
  form: string;
  signed_by: string | null;
  submitted_at: number | null;
  decided_at: number | null;
  /** The open validation request's deadline, copied here for the queue's overdue sort. */
  reply_due_at: number | null;
  staff_returning: number;
  created_at: number;
  updated_at: number;
}

export interface FilingStepsTable {
  id: Generated<number>;
  filing_id: number;
  kind: string;
  actor_id: number;
  at: number;
  detail: string;
  due_at: number | null;
  closed_at: number | null;
}

export interface CertificatesTable {
  id: Generated<number>;
  enterprise_id: number;
  node_path: string;
  number: string | null;
  status: string;
  contracts: string;
  counterparty: string;
  country: string;
  obligation: string;
  affected_from: number;
  affected_until: number;
  submitted_at: number;
  issued_at: number | null;
  council_reference: string | null;
  note: string | null;
  credential: string | null;
  signature: string | null;
}

export interface SlotsTable {
  id: Generated<number>;
  node_path: string;
  office: string;
  starts_at: number;
  capacity: number;
  booked: number;
  green_only: number;
}

export interface BookingsTable {
  id: Generated<number>;
  receipt: string;
  enterprise_id: number;
  node_path: string;
  slot_id: number;
  goods: string;
  hs_code: string;
  quantity: number;
  weight_kg: number;
  value_usd: number;
  destination: string;
  transport: string;
  port: string;
  green: number;
  status: string;
  created_at: number;
  cleared_at: number | null;
  cancel_reason: string | null;
}

export type EnterpriseTables = {
  enterprises: EnterprisesTable;
  enterprise_filings: FilingsTable;
  enterprise_filing_steps: FilingStepsTable;
  enterprise_filing_documents: { filing_id: number; doc_key: string; file_id: string; added_at: number };
  fm_keys: { id: number; public_key: string; private_key: string; created_at: number };
  fm_certificates: CertificatesTable;
  fm_evidence: {
    id: Generated<number>;
    certificate_id: number;
    kind: string;
    title: string;
    file_id: string | null;
    sha256: string;
    added_at: number;
  };
  fm_revocations: { seq: Generated<number>; number: string; reason: string; at: number };
  customs_slots: SlotsTable;
  customs_bookings: BookingsTable;
  /** Last year's clearances as imported lines, for the change on the same period. */
  customs_prior_lines: {
    id: Generated<number>;
    node_path: string;
    month: string;
    hs_code: string;
    goods: string;
    destination: string;
    credit_code: string;
    firm: string;
    weight_kg: number;
    value_usd: number;
    imported_by: number | null;
    imported_at: number;
  };
};
