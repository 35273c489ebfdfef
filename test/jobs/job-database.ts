import type { DataSource } from 'typeorm';
import type { Logger } from '../../src/common/logger';
import { createDataSource } from '../../src/database/data-source';
import { createTestDatabase } from '../support/test-database';

export interface JobDatabase {
  /** Separate pools on one database: what two worker processes would have. */
  open(): Promise<DataSource>;
  close(): Promise<void>;
}

/** A fresh database with the real migrations applied; `open` adds connections as another process would. */
export async function createJobDatabase(): Promise<JobDatabase> {
  const database = await createTestDatabase();
  const opened: DataSource[] = [];
  const open = async () => {
    const dataSource = createDataSource({ url: database.url, poolSize: 5 });
    await dataSource.initialize();
    opened.push(dataSource);
    return dataSource;
  };
  await (await open()).runMigrations();
  return {
    open,
    async close() {
      await Promise.all(opened.map((d) => d.destroy()));
      await database.drop();
    },
  };
}

/**
 * pg-boss reads time from PostgreSQL's now(), which a test's ManualClock does not move. Instead of sleeping through
 * a backoff, a test moves the jobs: every job waiting for a retry becomes due now. Returns how many there were.
 */
export async function makeRetriesDue(dataSource: DataSource): Promise<number> {
  const [, count] = await dataSource.query(
    `UPDATE pgboss.job SET start_after = now() - interval '1 second' WHERE state = 'retry'`,
  );
  return count;
}

/** Moves every pg-boss job's timestamps back by `seconds`: what that much time passing looks like to pg-boss. */
export async function agePgBossJobs(dataSource: DataSource, seconds: number): Promise<void> {
  await dataSource.query(
    `UPDATE pgboss.job SET created_on = created_on - $1 * interval '1 second',
       start_after = start_after - $1 * interval '1 second',
       started_on = started_on - $1 * interval '1 second',
       completed_on = completed_on - $1 * interval '1 second',
       keep_until = keep_until - $1 * interval '1 second'`,
    [seconds],
  );
}

export interface LogEntry {
  level: keyof Logger;
  message: string;
  detail?: unknown;
}

/** A logger that remembers, so tests can check that a failure was reported. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: keyof Logger) => (message: string, detail?: unknown) =>
    entries.push({ level, message, detail });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A promise the test settles by hand: lets a handler hold a job for as long as the test needs. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
