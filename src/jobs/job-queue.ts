import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Logger } from '../common/logger';
import { JOB_SCHEMA } from './job-schema';
import { MAINTENANCE, QUEUE_SETTINGS } from './job-settings';
import { JobRepository } from './job.repository';

/** What a handler learns about the job it runs, beside its payload. */
export interface JobInfo {
  id: string;
  queue: string;
  /** 1 on the first run; a retry, or a run after an attempt expired, counts up. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<P = unknown> = (payload: P, job: JobInfo) => Promise<void>;

export interface JobStats {
  /** Waiting to run: new, or waiting for a retry. */
  queued: number;
  /** Since the oldest waiting job was sent; 0 when none waits. */
  oldestQueuedAgeSeconds: number;
  /** Given up and kept for inspection (until archived). */
  failed: number;
}

/**
 * Thrown by a handler for a failure no retry can mend (say, the invoice it should mail does not exist): the job is
 * marked failed at once instead of retrying.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

type ExecuteSql = PgBoss.Db['executeSql'];

/**
 * The job queue, on pg-boss over the application's own connection pool. `enqueue` writes through the caller's
 * manager on purpose: inside a transaction the job commits or rolls back with the change that caused it (an
 * outbox), so a side effect is never lost after commit nor run for a change that never was.
 *
 * pg-boss's schema comes from a migration; this never creates or migrates it (`migrate: false`), it only checks
 * the version when a worker starts. API processes never start pg-boss: they only send.
 */
export class JobQueue {
  readonly boss: PgBoss;
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {
    this.boss = new PgBoss({
      db: { executeSql: this.poolSql },
      schema: JOB_SCHEMA,
      migrate: false,
      schedule: false,
      supervise: true,
      ...MAINTENANCE,
    });
    // An EventEmitter without an error listener would throw from pg-boss's maintenance timer and end the process.
    this.boss.on('error', (error) => this.logger.error('job engine maintenance failed', error));
  }

  async enqueue<P extends object>(manager: EntityManager, queue: string, payload: P): Promise<string> {
    const settings = QUEUE_SETTINGS[queue];
    if (!settings) throw new Error(`no settings for job queue "${queue}" (src/jobs/job-settings.ts)`);
    const runner = manager.queryRunner;
    const db: PgBoss.Db = runner?.isTransactionActive
      ? {
          executeSql: async (text, values) => ({
            rows: (await runner.query(text, values, true)).records ?? [],
          }),
        }
      : { executeSql: this.poolSql };
    const id = await this.boss.send(queue, payload, {
      db,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: settings.retryBackoff,
      expireInSeconds: settings.expireInSeconds,
      retentionDays: settings.retentionDays,
    });
    // pg-boss answers null only for a queue that does not exist (or a throttled send, which this never uses).
    if (!id) throw new Error(`job queue "${queue}" does not exist: are the migrations applied?`);
    return id;
  }

  async stats(): Promise<JobStats> {
    const row = await new JobRepository(this.dataSource.manager).stats();
    return {
      queued: row.queued,
      oldestQueuedAgeSeconds: Math.max(0, Math.floor(row.ageSeconds)),
      failed: row.failed,
    };
  }

  /** Leaves an active job no retry: failing it then fails it for good. */
  async spendRetries(queue: string, id: string): Promise<void> {
    await new JobRepository(this.dataSource.manager).spendRetries(queue, id);
  }

  /**
   * Starts pg-boss's maintenance (expiring attempts that ran past their lease, archiving, deleting): worker
   * processes only. Fails when pg-boss's schema is not the version the installed pg-boss expects.
   */
  async startMaintenance(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  /** One maintenance round now (what the timer does every minute): for tests and operators. */
  maintain(): Promise<void> {
    return this.boss.maintain();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: false, close: false });
  }

  /** pg-boss's statements on the application's pool; its maintenance sends several statements in one string. */
  private readonly poolSql: ExecuteSql = async (text, values) => {
    const pool = (this.dataSource.driver as PostgresDriver).master;
    const result = await pool.query(text, values);
    return Array.isArray(result) ? { rows: result.at(-1)?.rows ?? [] } : result;
  };
}
