import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../common/logger';
import type { Config } from '../config';
import { createDataSource } from './data-source';
import { EmbeddedDatabase, startEmbeddedDatabase } from './embedded';

export { loadEmbeddedPostgres } from './embedded';

export interface Database {
  dataSource: DataSource;
  /** Whether this process started an embedded PostgreSQL (and so owns the demo data). */
  embedded: boolean;
  /** The URL this process connected with (the embedded cluster's, when it started one): for worker processes. */
  url: string;
  /** Closes the pool, then stops the embedded PostgreSQL; past `deadlineMs` with an immediate shutdown. */
  close(deadlineMs?: number): Promise<void>;
  /** For a process about to exit regardless: an immediate shutdown of the embedded PostgreSQL, not awaited. */
  kill(): void;
}

/** A lock number nothing else in this database uses: "om-mig" in ASCII. */
const MIGRATION_LOCK = 0x6f6d2d6d6967;

/**
 * Runs pending migrations holding a PostgreSQL advisory lock, so processes starting at the same moment against one
 * database (API processes, workers) take turns: the first migrates, the others wait, then find nothing to do.
 * The lock is a session lock on a connection of its own, held while TypeORM migrates on another; it goes with
 * that connection if this process dies.
 */
export async function runMigrationsLocked(dataSource: DataSource, logger?: Logger) {
  const lock = dataSource.createQueryRunner();
  try {
    const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK]);
    if (!locked) {
      logger?.info('another process is running migrations; waiting for it');
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    }
    try {
      return await dataSource.runMigrations();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL started from npm's embedded binaries in DATA_DIR/postgres,
 * kept between runs. Migrations run either way: they are the only way the schema changes.
 */
export async function connectDatabase(
  config: Config,
  logger: Logger,
  typeormLogger?: TypeOrmLogger,
  embeddedStart?: Promise<EmbeddedDatabase>,
): Promise<Database> {
  // Started by the caller already (main.ts overlaps it with loading modules), or here.
  const embedded = config.databaseUrl
    ? undefined
    : await (embeddedStart ?? startEmbeddedDatabase(config, logger));
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource({ url, logger: typeormLogger });
  try {
    await dataSource.initialize();
    const applied = await runMigrationsLocked(dataSource, logger);
    if (applied.length)
      logger.info(
        `applied ${applied.length} migration(s)`,
        applied.map((m) => m.name),
      );
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded: Boolean(embedded),
    url,
    close: async (deadlineMs) => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop(deadlineMs);
    },
    kill: () => embedded?.kill(),
  };
}
