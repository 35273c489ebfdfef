import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import { BackoffOptions, DEFAULT_BACKOFF, retryDelayMs } from './job-backoff';
import { JobHandler, JobInfo, PermanentJobError } from './job-queue';

export interface JobWorkerOptions {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  /**
   * How long a claimed job is reserved for this worker. A worker that dies mid-job releases it when the lease ends,
   * so it must be longer than any handler takes (a render plus an SMTP dialogue: seconds).
   */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** How many jobs one poll claims and runs side by side. */
  batchSize?: number;
  /** Written to `locked_by` so an operator can see who holds a job. */
  workerId?: string;
}

export interface RunSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

interface ClaimedJob extends JobInfo {
  payload: unknown;
}

type Outcome = 'done' | 'retried' | 'failed' | 'lost';

const MAX_ERROR_LENGTH = 4000;

/**
 * Runs jobs of the types it has handlers for. Any number of workers, in any number of processes, may poll the same
 * table: a job is claimed in one short statement with `FOR UPDATE SKIP LOCKED` and a lease, run outside any
 * transaction, then marked done. Delivery is at least once (a lease can run out under a very slow handler), so
 * handlers check what they already did; the attempt number fences off a late finisher from a job it lost.
 */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler<any>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly leaseMs: number;
  private readonly backoff: BackoffOptions;
  private readonly batchSize: number;
  private readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly options: JobWorkerOptions) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.batchSize = options.batchSize ?? 10;
    this.workerId = (
      options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
    ).slice(0, 128);
  }

  register<P>(type: string, handler: JobHandler<P>): this {
    if (this.handlers.has(type)) throw new Error(`a handler for job type "${type}" is already registered`);
    this.handlers.set(type, handler);
    return this;
  }

  /** Claims up to `limit` jobs that are due now, runs them side by side and resolves when all have settled. */
  runDueJobs(limit = this.batchSize): Promise<RunSummary> {
    const run = this.runBatch(limit);
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  /** Polls every `intervalMs`; a full batch is followed at once by the next, so a backlog drains without waiting. */
  start(intervalMs = 1000): void {
    if (this.polling) return;
    this.polling = true;
    const tick = async () => {
      this.timer = undefined;
      try {
        while (this.polling && (await this.runDueJobs(this.batchSize)).claimed === this.batchSize);
      } catch (error) {
        // The database being away for a moment must not end the loop; the next tick tries again.
        this.options.logger.error('job poll failed', error);
      }
      if (this.polling) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and resolves once every job this worker is running has settled. */
  async stop(): Promise<void> {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async runBatch(limit: number): Promise<RunSummary> {
    const summary: RunSummary = { claimed: 0, done: 0, retried: 0, failed: 0 };
    if (!this.handlers.size || limit < 1) return summary;
    summary.failed += await this.failAbandoned();
    const jobs = await this.claim(limit);
    summary.claimed = jobs.length;
    // allSettled: one job whose bookkeeping failed (database gone for a moment) must not hide the others, and
    // stop() relies on this batch settling only after every handler has. Such a job runs again after its lease.
    const outcomes = await Promise.allSettled(jobs.map((job) => this.runOne(job)));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') this.options.logger.error('job bookkeeping failed', outcome.reason);
      else if (outcome.value !== 'lost') summary[outcome.value] += 1;
    }
    return summary;
  }

  private async claim(limit: number): Promise<ClaimedJob[]> {
    // Due dates and leases are read from the injected clock, not the database's, so tests move time by hand; between
    // processes, clock skew only lengthens or shortens a lease by that much (keep hosts on NTP).
    const now = this.options.clock.now();
    const { rows } = await this.execute<{
      id: number;
      type: string;
      payload: unknown;
      attempts: number;
      max_attempts: number;
    }>(
      `WITH due AS (
           SELECT id FROM job
           WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1
             AND (locked_until IS NULL OR locked_until <= $1)
             AND attempts < max_attempts AND type = ANY($2)
           ORDER BY run_at, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         UPDATE job SET attempts = job.attempts + 1, locked_until = $4, locked_by = $5
         FROM due WHERE job.id = due.id
         RETURNING job.id, job.type, job.payload, job.attempts, job.max_attempts`,
      [now, [...this.handlers.keys()], limit, new Date(now.getTime() + this.leaseMs), this.workerId],
    );
    return rows
      .map((r) => ({
        id: r.id,
        type: r.type,
        payload: r.payload,
        attempt: r.attempts,
        maxAttempts: r.max_attempts,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * A job whose worker died on its last allowed attempt is never claimable again; without this it would stay
   * unfinished for ever instead of showing up as failed.
   */
  private async failAbandoned(): Promise<number> {
    const now = this.options.clock.now();
    const { rows } = await this.execute<{ id: number; type: string }>(
      `UPDATE job SET failed_at = $1, locked_until = NULL,
              last_error = concat_ws(E'\\n', last_error, 'worker ' || locked_by || ' stopped before finishing')
       WHERE done_at IS NULL AND failed_at IS NULL AND locked_until <= $1 AND attempts >= max_attempts
         AND type = ANY($2)
       RETURNING id, type`,
      [now, [...this.handlers.keys()]],
    );
    for (const job of rows)
      this.options.logger.error('job failed: its worker stopped during the last attempt', job);
    return rows.length;
  }

  private async runOne(job: ClaimedJob): Promise<Outcome> {
    const { payload, ...info } = job;
    try {
      await this.handlers.get(job.type)!(payload, info);
    } catch (error) {
      return this.recordFailure(info, error);
    }
    const finished = await this.finish(info, `SET done_at = $3, locked_until = NULL`, [
      this.options.clock.now(),
    ]);
    return finished ? 'done' : 'lost';
  }

  private async recordFailure(job: JobInfo, error: unknown): Promise<Outcome> {
    const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
      0,
      MAX_ERROR_LENGTH,
    );
    const now = this.options.clock.now();
    const giveUp = job.attempt >= job.maxAttempts || error instanceof PermanentJobError;
    if (giveUp) {
      const finished = await this.finish(job, `SET failed_at = $3, locked_until = NULL, last_error = $4`, [
        now,
        message,
      ]);
      if (finished)
        this.options.logger.error(`job ${job.type} #${job.id} failed for good`, { ...job, error: message });
      return finished ? 'failed' : 'lost';
    }
    const retryAt = new Date(now.getTime() + retryDelayMs(job.attempt, this.backoff));
    const finished = await this.finish(job, `SET run_at = $3, locked_until = NULL, last_error = $4`, [
      retryAt,
      message,
    ]);
    if (finished)
      this.options.logger.warn(`job ${job.type} #${job.id} failed; retrying at ${retryAt.toISOString()}`, {
        ...job,
        error: message,
      });
    return finished ? 'retried' : 'lost';
  }

  /**
   * Updates the job only if this run still owns it: same attempt and unfinished. Another worker that reclaimed it
   * after the lease ran out has raised the attempt, so a late result from here changes nothing.
   */
  private async finish(job: JobInfo, set: string, params: unknown[]): Promise<boolean> {
    const { count } = await this.execute(
      `UPDATE job ${set} WHERE id = $1 AND attempts = $2 AND done_at IS NULL AND failed_at IS NULL`,
      [job.id, job.attempt, ...params],
    );
    if (!count)
      this.options.logger.warn(
        `job ${job.type} #${job.id} was taken over by another worker after its lease ran out`,
        job,
      );
    return count > 0;
  }

  /** One autocommitted statement with its rows and row count (TypeORM's plain `query` drops one or the other). */
  private async execute<R>(text: string, params: unknown[]): Promise<{ rows: R[]; count: number }> {
    const runner = this.options.dataSource.createQueryRunner();
    try {
      const result = await runner.query(text, params, true);
      return { rows: (result.records ?? []) as R[], count: result.affected ?? 0 };
    } finally {
      await runner.release();
    }
  }
}
