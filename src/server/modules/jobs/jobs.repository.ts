import type { Db } from '../../core/db/index.ts';

export class JobsRepository {
  constructor(private readonly db: Db) {}

  recentRuns(filter: { job?: string; status?: string }, limit: number) {
    let query = this.db.selectFrom('job_runs').selectAll();
    if (filter.job) query = query.where('job', '=', filter.job);
    if (filter.status) query = query.where('status', '=', filter.status);
    return query.orderBy('started_at', 'desc').orderBy('job').limit(limit).execute();
  }
}
