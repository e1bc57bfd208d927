import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { dialectOf } from './columns.ts';

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

export async function migrateToLatest<T>(
  db: Kysely<T>,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  const raw = db as unknown as Kysely<unknown>;
  // Kysely looks for its bookkeeping tables in every schema unless told which one: a database
  // shared by several schemas (tests, or tenants) would otherwise see another schema's lock table.
  const schema =
    dialectOf(raw) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(raw)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: raw,
    provider: new StaticMigrationProvider(migrations),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
