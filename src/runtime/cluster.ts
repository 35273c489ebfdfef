import cluster, { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from '../common/logger';

const METRICS_REQUEST = 'om:metrics-request';
const METRICS_RESPONSE = 'om:metrics-response';

interface Role {
  /** Runs the timeouts and jobs beside its share of the API (one process of the cluster does). */
  background: boolean;
}

export interface ApiProcesses {
  /** Resolves once every API process listens, to the port they share (PORT=0 picks one for all). */
  ready: Promise<number>;
  /** SIGTERM to each (each drains its requests); SIGKILL for those still running after `deadlineMs`. */
  stop(deadlineMs: number): Promise<void>;
  kill(): void;
}

/**
 * The primary of `WEB_CONCURRENCY=N`: forks N API processes that share one port (Node's cluster hands each
 * connection to one of them), replaces one that dies, and answers their requests for the cluster's metrics.
 */
export function forkApiProcesses(
  count: number,
  env: { databaseUrl: string; runWorker: boolean },
  logger: Logger,
): ApiProcesses {
  const aggregator = new AggregatorRegistry();
  const roles = new Map<Worker, Role>();
  let stopping = false;

  const fork = (role: Role): Worker => {
    const worker = cluster.fork({
      DATABASE_URL: env.databaseUrl,
      RUN_WORKER: String(role.background && env.runWorker),
    });
    roles.set(worker, role);
    worker.on('message', (message: { type?: string; id?: number }) => {
      if (message?.type !== METRICS_REQUEST) return;
      aggregator.clusterMetrics().then(
        (text) => worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
        (error: Error) => worker.send({ type: METRICS_RESPONSE, id: message.id, error: error.message }),
      );
    });
    worker.on('exit', (code, signal) => {
      const lost = roles.get(worker)!;
      roles.delete(worker);
      if (stopping) return;
      logger.error(`API process ${worker.process.pid} exited (${signal ?? code}); starting another`);
      // A moment's pause, so a process that cannot start does not spin.
      setTimeout(() => !stopping && fork(lost), 1_000);
    });
    return worker;
  };

  const workers = Array.from({ length: count }, (_, i) => fork({ background: i === 0 }));
  const ready = Promise.all(
    workers.map(
      (worker) =>
        new Promise<number>((resolve, reject) => {
          worker.once('listening', (address) => resolve(address.port));
          worker.once('exit', (code) => reject(new Error(`an API process exited during start-up (${code})`)));
        }),
    ),
  ).then((ports) => ports[0]);

  const alive = () => [...roles.keys()].filter((w) => !w.isDead());
  return {
    ready,
    async stop(deadlineMs) {
      stopping = true;
      const running = alive();
      const exited = Promise.all(running.map((w) => new Promise((resolve) => w.once('exit', resolve))));
      for (const worker of running) worker.process.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
      if ((await Promise.race([exited, late])) === 'late') {
        for (const worker of alive()) worker.process.kill('SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    },
    kill() {
      stopping = true;
      for (const worker of alive()) worker.process.kill('SIGKILL');
    },
  };
}

/** In an API process of a cluster: GET /metrics answers with the primary's aggregate of every process. */
export function clusterMetricsText(): () => Promise<string> {
  new AggregatorRegistry(); // answers the primary's requests for this process's metrics
  let next = 0;
  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  process.on('message', (message: { type?: string; id: number; text?: string; error?: string }) => {
    if (message?.type !== METRICS_RESPONSE) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.text ?? '');
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('the primary did not answer for metrics'));
      }, 6_000);
      pending.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      process.send!({ type: METRICS_REQUEST, id });
    });
}
