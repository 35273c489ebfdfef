import fs from 'node:fs';

/** Resident memory of a process in MiB, from /proc (Linux); 0 once it has exited. */
function rssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Resident memory of a process and its descendants (the API processes of a WEB_CONCURRENCY cluster), in MiB. */
export function rssMiBOfTree(root: number): number {
  const all = liveProcesses();
  let total = 0;
  const visit = (pid: number) => {
    total += rssMiB(pid);
    for (const child of all.filter((s) => s.ppid === pid)) visit(child.pid);
  };
  visit(root);
  return total;
}

function liveProcesses(): ProcStat[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((s): s is ProcStat => s !== null);
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
  const all = liveProcesses();
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
