import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('enterprises')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('regime', 'text', (c) => c.notNull())
    .addColumn('size', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('staff_total', 'integer', (c) => c.notNull())
    .addColumn('certified', 'integer', (c) => c.notNull())
    // The enterprise's own account: it sees this row and what hangs from it, nothing else.
    .addColumn('account_user_id', 'bigint', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enterprises_path').on('enterprises').columns(['node_path', 'id']).execute();

  await db.schema
    .createTable('enterprise_filings')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprises.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('regime', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text')
    .addColumn('submitted_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('reply_due_at', 'bigint')
    .addColumn('staff_returning', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The reviewer's queue: a status in a subtree, oldest submission first.
  await db.schema
    .createIndex('enterprise_filings_queue')
    .on('enterprise_filings')
    .columns(['status', 'node_path', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('enterprise_filings_path')
    .on('enterprise_filings')
    .columns(['node_path', 'id'])
    .execute();
  await db.schema
    .createIndex('enterprise_filings_enterprise')
    .on('enterprise_filings')
    .columns(['enterprise_id'])
    .execute();

  await db.schema
    .createTable('enterprise_filing_steps')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('enterprise_filings.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('enterprise_filing_steps_filing')
    .on('enterprise_filing_steps')
    .columns(['filing_id', 'id'])
    .execute();

  await db.schema
    .createTable('enterprise_filing_documents')
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('enterprise_filings.id'))
    .addColumn('doc_key', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('enterprise_filing_documents_pk', ['filing_id', 'doc_key'])
    .execute();

  await db.schema
    .createTable('fm_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    // AES-256-GCM sealed with the same master key as the pass keys; never in the clear in the database.
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fm_certificates')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprises.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contracts', 'text', (c) => c.notNull())
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('obligation', 'text', (c) => c.notNull())
    .addColumn('affected_from', 'bigint', (c) => c.notNull())
    .addColumn('affected_until', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'bigint')
    .addColumn('council_reference', 'text')
    .addColumn('note', 'text')
    .addColumn('credential', 'text')
    .addColumn('signature', 'text')
    .execute();
  await db.schema
    .createIndex('fm_certificates_path')
    .on('fm_certificates')
    .columns(['node_path', 'id'])
    .execute();

  await db.schema
    .createTable('fm_evidence')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('certificate_id', 'bigint', (c) => c.notNull().references('fm_certificates.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fm_evidence_cert').on('fm_evidence').columns(['certificate_id']).execute();

  // Append-only: the sequence is the list version; nothing updates or deletes a row.
  await db.schema
    .createTable('fm_revocations')
    .addColumn('seq', id, (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customs_slots')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull())
    .addColumn('green_only', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customs_slots_time')
    .on('customs_slots')
    .columns(['office', 'starts_at'])
    .unique()
    .execute();

  await db.schema
    .createTable('customs_bookings')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('receipt', 'text', (c) => c.notNull().unique())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprises.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('slot_id', 'bigint', (c) => c.notNull().references('customs_slots.id'))
    .addColumn('goods', 'text', (c) => c.notNull())
    .addColumn('hs_code', 'text', (c) => c.notNull())
    .addColumn('quantity', 'real', (c) => c.notNull())
    .addColumn('weight_kg', 'real', (c) => c.notNull())
    .addColumn('value_usd', 'real', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('port', 'text', (c) => c.notNull())
    .addColumn('green', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cleared_at', 'bigint')
    .addColumn('cancel_reason', 'text')
    .execute();
  await db.schema
    .createIndex('customs_bookings_path')
    .on('customs_bookings')
    .columns(['node_path', 'id'])
    .execute();
  await db.schema
    .createIndex('customs_bookings_cleared')
    .on('customs_bookings')
    .columns(['status', 'cleared_at'])
    .execute();

  // Last year's figures, imported, for the change on the same period.
  await db.schema
    .createTable('customs_last_year')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'real', (c) => c.notNull())
    .addColumn('value_usd', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('customs_last_year_pk', ['month', 'destination'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'customs_last_year',
    'customs_bookings',
    'customs_slots',
    'fm_revocations',
    'fm_evidence',
    'fm_certificates',
    'fm_keys',
    'enterprise_filing_documents',
    'enterprise_filing_steps',
    'enterprise_filings',
    'enterprises',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
