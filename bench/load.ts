import fs from 'node:fs';

/** A closed-loop load generator: `clients` concurrent loops, each sending its next request when the last returns. */
export interface LoadResult {
  requests: number;
  errors: number;
  /** What went wrong first, when anything did: a failed phase should say why. */
  firstError?: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export async function runLoad(
  clients: number,
  durationMs: number,
  request: (client: number, n: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t = performance.now();
        const ok = await request(client, n).catch((error: unknown) => {
          firstError ??= error instanceof Error ? error.message : String(error);
          return false;
        });
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux; /proc reports CPU time in these ticks.

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields are counted after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime + stime, plus cutime + cstime: a PostgreSQL backend or worker that exits mid-phase is not lost.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return { pid, ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime };
  } catch {
    return null; // exited meanwhile
  }
}

/** CPU seconds (user + system) used so far by one process. */
export function cpuSeconds(pid: number): number {
  return (procStat(pid)?.ticks ?? 0) / TICKS_PER_SECOND;
}

/** CPU seconds (user + system) used so far by each process in `pids` and all its live descendants. */
export function cpuSecondsOfTrees(roots: number[], exclude: number[] = []): number {
  const all = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((s): s is ProcStat => s !== null);
  const children = new Map<number, ProcStat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const skip = new Set(exclude);
  let ticks = 0;
  const visit = (pid: number, own: ProcStat | null) => {
    if (skip.has(pid)) return;
    ticks += own?.ticks ?? 0;
    for (const child of children.get(pid) ?? []) visit(child.pid, child);
  };
  for (const root of roots) visit(root, procStat(root));
  return ticks / TICKS_PER_SECOND;
}
