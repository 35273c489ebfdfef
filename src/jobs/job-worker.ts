import { Counter } from 'prom-client';
import type { Logger } from '../common/logger';
import { JobHandler, JobInfo, JobQueue, PermanentJobError } from './job-queue';

export interface RunSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

type Outcome = 'done' | 'retried' | 'failed' | 'lost';

const finished = new Counter({
  name: 'om_jobs_finished_total',
  help: 'Job attempts by queue and outcome (done, retried, failed for good, lost to an expiry)',
  labelNames: ['queue', 'outcome'],
});

const MAX_ERROR_LENGTH = 4000;

/** What pg-boss 10's complete() and fail() resolve to (its typings say void). */
interface CommandResponse {
  affected: number;
}

/**
 * Runs jobs of the queues it has handlers for. pg-boss claims them (`FOR UPDATE SKIP LOCKED`, so any number of
 * workers in any number of processes share a queue) and decides retries and backoff; this only runs the handler
 * and reports the outcome. It has no timer of its own: the worker loop (worker-loop.ts) calls `runDueJobs`, beside
 * the timed OMS events, and tests call it directly.
 */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler<any>>();

  constructor(
    private readonly queue: JobQueue,
    private readonly logger: Logger,
  ) {}

  register<P>(queue: string, handler: JobHandler<P>): this {
    if (this.handlers.has(queue)) throw new Error(`a handler for job queue "${queue}" is already registered`);
    this.handlers.set(queue, handler);
    return this;
  }

  /** Claims up to `limit` due jobs per queue, runs them side by side and resolves when all have settled. */
  async runDueJobs(limit = 10): Promise<RunSummary> {
    const summary: RunSummary = { claimed: 0, done: 0, retried: 0, failed: 0 };
    for (const [queue, handler] of this.handlers) {
      const jobs = await this.queue.boss.fetch<object>(queue, { batchSize: limit, includeMetadata: true });
      summary.claimed += jobs.length;
      // allSettled: one job whose bookkeeping failed (database gone for a moment) must not hide the others. Such a
      // job stays active until its expiry, then pg-boss retries it.
      const outcomes = await Promise.allSettled(
        jobs.map((job) =>
          this.runOne(handler, job.data, {
            id: job.id,
            queue,
            attempt: job.retryCount + 1,
            maxAttempts: job.retryLimit + 1,
          }),
        ),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          this.logger.error('job bookkeeping failed', outcome.reason);
          continue;
        }
        finished.inc({ queue, outcome: outcome.value });
        if (outcome.value !== 'lost') summary[outcome.value] += 1;
      }
    }
    return summary;
  }

  private async runOne(handler: JobHandler, payload: unknown, job: JobInfo): Promise<Outcome> {
    try {
      await handler(payload, job);
    } catch (error) {
      return this.recordFailure(job, error);
    }
    const { affected } = (await this.queue.boss.complete(job.queue, job.id)) as unknown as CommandResponse;
    return affected ? 'done' : this.lost(job);
  }

  private async recordFailure(job: JobInfo, error: unknown): Promise<Outcome> {
    const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
      0,
      MAX_ERROR_LENGTH,
    );
    const permanent = error instanceof PermanentJobError;
    // pg-boss retries while attempts remain; a permanent failure spends them all first, so it fails at once.
    if (permanent) await this.queue.spendRetries(job.queue, job.id);
    const { affected } = (await this.queue.boss.fail(job.queue, job.id, {
      message,
    })) as unknown as CommandResponse;
    if (!affected) return this.lost(job);
    if (permanent || job.attempt >= job.maxAttempts) {
      this.logger.error(`job ${job.queue} ${job.id} failed for good`, { ...job, error: message });
      return 'failed';
    }
    this.logger.warn(`job ${job.queue} ${job.id} failed; pg-boss retries it`, { ...job, error: message });
    return 'retried';
  }

  private lost(job: JobInfo): Outcome {
    this.logger.warn(
      `job ${job.queue} ${job.id} ran past its expiry and was taken back before it finished`,
      job,
    );
    return 'lost';
  }
}
