import type { DatabaseHandle } from '../db/index.ts';

/**
 * Reads the auth epoch (migration 20261130T0600; decision 1400) once per request, as cheaply as
 * each dialect allows. SQLite: a prepared statement on the raw connection, microseconds, unless a
 * Kysely transaction holds the connection (its uncommitted writes would be visible), then through
 * Kysely, which waits for it. PostgreSQL: one round trip shared by every request that arrived
 * before it was sent — a request never joins a read already in flight, since that read may have
 * started before a revocation the caller already saw committed.
 */
const EPOCH_SQL = 'select version from auth_epoch where id = 1';

export class AuthEpoch {
  private inFlight: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  private readonly sqliteRead: (() => number) | null;

  constructor(private readonly dbh: DatabaseHandle) {
    const statement = dbh.sqlite?.prepare(EPOCH_SQL).pluck();
    this.sqliteRead = statement ? () => Number(statement.get()) : null;
  }

  read(): Promise<number> | number {
    if (this.sqliteRead && !this.dbh.sqlite!.inTransaction) return this.sqliteRead();
    if (!this.inFlight) return this.send();
    if (!this.queued) {
      this.queued = this.inFlight
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.send();
        });
    }
    return this.queued;
  }

  private send(): Promise<number> {
    const query = this.dbh.pgPool
      ? this.dbh.pgPool
          .query<{ version: number }>({ name: 'auth_epoch', text: EPOCH_SQL })
          .then((r) => Number(r.rows[0]!.version))
      : this.dbh.db
          .selectFrom('auth_epoch')
          .select('version')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.version));
    const tracked: Promise<number> = query.finally(() => {
      if (this.inFlight === tracked) this.inFlight = null;
    });
    this.inFlight = tracked;
    return tracked;
  }
}
