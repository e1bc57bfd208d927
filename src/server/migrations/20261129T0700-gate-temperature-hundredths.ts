import { type Kysely, sql } from 'kysely';

/**
 * Temperatures were stored in tenths, so 37.25 °C became 37.3 and raised a fever alert. They are
 * stored in hundredths now — what a thermometer shows — and only displays round.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['gate_entries', 'gate_fevers']) {
    await db.schema.alterTable(table).renameColumn('temp_x10', 'temp_x100').execute();
    await sql`update ${sql.table(table)} set temp_x100 = temp_x100 * 10`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['gate_entries', 'gate_fevers']) {
    await sql`update ${sql.table(table)} set temp_x100 = round(temp_x100 / 10.0)`.execute(db);
    await db.schema.alterTable(table).renameColumn('temp_x100', 'temp_x10').execute();
  }
}
