import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../src/auth/token';
import { compileServer } from '../../src/scripts/compile';
import { freePort } from './free-port';
import { startScriptNodeFlags } from './start-flags';
import type { GraphQLResponse } from './test-app';
import { TEST_JWT_SECRET, testEnv } from './test-env';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The server as `npm start` runs it (compiled JavaScript, `node …/src/main.js`), compiled from the current sources
 * into a temp folder, never into the checkout. A `node_modules` link lets it find the project's packages.
 */
export function buildServer(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-build-'));
  fs.chmodSync(dir, 0o755);
  compileServer(ROOT, dir);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process wrote to stderr (its JSON log lines) so far. */
  log(): string;
  /** Milliseconds from spawn until GET /readyz first answered 200. */
  readyAfterMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  customerToken(customerReference: string): string;
  backOfficeToken(): string;
}

/** Spawns the compiled server with `npm start`'s node flags and resolves once /readyz answers 200 (rejects if it exits or takes `timeoutMs`). */
export async function startServer(
  build: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [...startScriptNodeFlags(), path.join(build, 'src/main.js')], {
    cwd: build,
    env: { PATH: process.env.PATH ?? '', ...testEnv(), LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (gone) throw new Error(`the server exited during start-up:\n${stderr}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${stderr}`);
    }
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const readyAfterMs = Date.now() - started;
  return {
    child,
    pid: child.pid!,
    port,
    url: base,
    log: () => stderr,
    readyAfterMs,
    exited,
    async gql(query, variables, token) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    customerToken: (customerReference) =>
      signToken(TEST_JWT_SECRET, {
        sub: customerReference,
        role: 'customer',
        email: `${customerReference.toLowerCase()}@example.com`,
      }),
    backOfficeToken: () =>
      signToken(TEST_JWT_SECRET, { sub: 'staff-1', role: 'back-office', email: 'staff-1@shop.example' }),
  };
}

/**
 * Linux: the process's start time, so a pid reused by another process is not mistaken for it; undefined for a
 * process that is gone or a zombie (it has exited and only waits for its parent to collect its status).
 */
export function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export interface ProcessRef {
  pid: number;
  startTime: string;
  command: string;
}

/** Every process below `pid` (children, grandchildren …), read from /proc. */
export function descendants(pid: number): ProcessRef[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Exited meanwhile.
    }
  }
  const found: ProcessRef[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      const started = startTime(child);
      if (!started) continue;
      let command = '';
      try {
        command = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        // Exited meanwhile.
      }
      found.push({ pid: child, startTime: started, command });
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Those of `processes` still running (same pid and start time), after waiting up to `withinMs` for them to go. */
export async function stillRunning(processes: ProcessRef[], withinMs = 0): Promise<ProcessRef[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const left = processes.filter((p) => startTime(p.pid) === p.startTime);
    if (!left.length || Date.now() >= until) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pid PostgreSQL wrote into its data directory's postmaster.pid. */
export function postmasterPid(pgDataDir: string): number {
  return Number(fs.readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}
