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
