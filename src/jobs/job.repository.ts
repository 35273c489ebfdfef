import type { EntityManager } from 'typeorm';
import { JOB_SCHEMA } from './job-schema';

/**
 * Our own reads and writes of pg-boss's job table (pg-boss's own statements run through job-queue.ts's adapter):
 * the queue figures operators watch, and spending a job's retries.
 */
export class JobRepository {
  constructor(private readonly manager: EntityManager) {}

  async stats(): Promise<{ queued: number; ageSeconds: number; failed: number }> {
    const [row] = await this.manager.query(
      `SELECT count(*) FILTER (WHERE state < 'active')::int AS queued,
              coalesce(extract(epoch FROM now() - min(created_on) FILTER (WHERE state < 'active')), 0)::float8 AS age,
              count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM ${JOB_SCHEMA}.job`,
    );
    return { queued: row.queued, ageSeconds: row.age, failed: row.failed };
  }

  /** Leaves an active job no retry, so that failing it fails it for good. */
  async spendRetries(queue: string, id: string): Promise<void> {
    await this.manager.query(
      `UPDATE ${JOB_SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`,
      [queue, id],
    );
  }
}
