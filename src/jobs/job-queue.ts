import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../common/clock';

/** What a handler learns about the job it runs, beside its payload. */
export interface JobInfo {
  id: number;
  type: string;
  /** 1 on the first run; a retry or a run after a crashed worker counts up. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<P = unknown> = (payload: P, job: JobInfo) => Promise<void>;

export interface EnqueueOptions {
  /** When the job becomes due; now (the queue's clock) when omitted. */
  runAt?: Date;
  /** Runs before the job is given up and marked failed; at least 1. */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 12;
const MAX_TYPE_LENGTH = 64;

/**
 * Thrown by a handler for a failure no retry can mend (say, the invoice it should mail does not exist): the job is
 * marked failed at once instead of retrying.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Writes jobs. `enqueue` uses the caller's manager on purpose: inside a transaction the job commits or rolls back
 * with the change that caused it, so a side effect is never lost after commit nor run for a change that never was.
 */
export class JobQueue {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource?: DataSource,
  ) {}

  /** For /metrics: jobs not finished yet, how long the oldest due one has waited, and jobs given up. */
  async stats(): Promise<{ queued: number; oldestQueuedAgeSeconds: number; failed: number }> {
    if (!this.dataSource) throw new Error('JobQueue.stats needs the data source');
    const [row]: { queued: string; oldest: Date | null; failed: string }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE done_at IS NULL AND failed_at IS NULL) AS queued,
              min(run_at) FILTER (WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1) AS oldest,
              count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
       FROM job`,
      [this.clock.now()],
    );
    const age = row.oldest ? (this.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000 : 0;
    return {
      queued: Number(row.queued),
      oldestQueuedAgeSeconds: Math.max(0, age),
      failed: Number(row.failed),
    };
  }

  async enqueue<P>(
    manager: EntityManager,
    type: string,
    payload: P,
    { runAt, maxAttempts = DEFAULT_MAX_ATTEMPTS }: EnqueueOptions = {},
  ): Promise<number> {
    if (!type || type.length > MAX_TYPE_LENGTH)
      throw new Error(`job type must be 1 to ${MAX_TYPE_LENGTH} characters`);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new Error('maxAttempts must be a whole number ≥ 1');
    const now = this.clock.now();
    const rows: { id: number }[] = await manager.query(
      `INSERT INTO job (type, payload, run_at, max_attempts, created_at)
       VALUES ($1, $2::jsonb, $3, $4, $5) RETURNING id`,
      [type, JSON.stringify(payload ?? null), runAt ?? now, maxAttempts, now],
    );
    return rows[0].id;
  }
}
