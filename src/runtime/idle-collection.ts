import type http from 'node:http';
import type { Logger } from '../common/logger';

/**
 * V8 grows the young generation and the old space to what a burst of requests needs and keeps them when the burst
 * is over: an API process that served a few hundred requests per second idles at about 190 MiB, of which a full
 * collection gives back some 80. V8 collects like that by itself only after an old-space collection happened during
 * the burst, and a burst that fits in the young generation never has one. So, once the API has served requests and
 * then none for `afterMs`, it collects once; then it waits for the next request.
 */
export class IdleCollector {
  private lastRequestAt = -Infinity;
  private servedSinceCollection = false;

  constructor(
    private readonly afterMs: number,
    private readonly now: () => number,
    private readonly collect: () => void,
  ) {}

  /** A request arrived. */
  touch(): void {
    this.lastRequestAt = this.now();
    this.servedSinceCollection = true;
  }

  /** Collects if requests were served and the last is `afterMs` old; whether it did. */
  tick(): boolean {
    if (!this.servedSinceCollection || this.now() - this.lastRequestAt < this.afterMs) return false;
    this.servedSinceCollection = false;
    this.collect();
    return true;
  }
}

/**
 * Watches the API's requests (GraphQL only: a load balancer's health checks every few seconds are no work) and
 * collects when they stop. Needs `gc` (node --expose-gc, as `npm start` runs); without it, or with afterMs 0, off.
 */
export function collectWhenIdle(
  httpServer: http.Server,
  afterMs: number,
  logger: Logger,
): IdleCollector | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!afterMs || typeof gc !== 'function') return null;
  const collector = new IdleCollector(
    afterMs,
    () => performance.now(),
    () => {
      const before = process.memoryUsage().rss;
      const started = performance.now();
      // Twice: when an incremental marking is under way (it starts earlier with --heap-growing-percent), the first
      // call only finishes that marking, which counts whatever was allocated since it began as live. In a third of
      // the benchmark's runs one call gave back nothing (142 MiB stayed 142); the second marks afresh.
      gc();
      gc();
      const mib = (bytes: number) => Math.round(bytes / 1048576);
      logger.debug(
        `idle: collected in ${Math.round(performance.now() - started)} ms, RSS ${mib(before)} → ${mib(process.memoryUsage().rss)} MiB`,
      );
    },
  );
  httpServer.on('request', (request: http.IncomingMessage & { originalUrl?: string }) => {
    // Express (the first listener) has already cut its mount path off `url` by now; `originalUrl` keeps it.
    if ((request.originalUrl ?? request.url)?.startsWith('/graphql')) collector.touch();
  });
  // Checked ten times per period: the collection comes at most a tenth late.
  setInterval(() => collector.tick(), Math.max(250, afterMs / 10)).unref();
  return collector;
}
