import type http from 'node:http';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { Logger } from '../common/logger';

/**
 * How long the second collection waits after the first. V8 gives back its young generation at the end of a full
 * collection only when the allocation rate it measured since the collections before is low; measured, it took six
 * quiet seconds after a collection (five were not enough), so seven.
 */
const QUIET_BEFORE_SECOND_MS = 7_000;

export interface IdleSteps {
  /** Empties the young generation, then collects the whole heap. */
  collect(): void;
  /**
   * Collects and compacts the whole heap again, now that V8 has seen a quiet stretch and gives back the young
   * generation.
   */
  collectAgain(): void;
}

/**
 * V8 grows the young generation and the old space to what a burst of requests needs and keeps them when the burst
 * is over: an API process that served a few hundred requests per second idles at about 190 MiB, of which a full
 * collection gives back some 80. V8 collects like that by itself only after an old-space collection happened during
 * the burst, and a burst that fits in the young generation never has one.
 *
 * One collection is not enough either: V8 shrinks the young generation (32 MiB after a burst) only when the
 * allocation rate it last measured is low, and a collection soon after the burst measures the burst. It left the
 * process at 131 instead of 101 MiB in a third of the benchmark's runs. So, once the API has served requests and then
 * none for half of `afterMs`, it collects; once none for `afterMs` and at least seven seconds after that, it collects
 * again; then it waits for the next request.
 */
export class IdleCollector {
  private lastRequestAt = -Infinity;
  private stage: 'rested' | 'served' | 'collected' = 'rested';
  private collectedAt = -Infinity;

  constructor(
    private readonly afterMs: number,
    private readonly now: () => number,
    private readonly steps: IdleSteps,
  ) {}

  /** A request arrived. */
  touch(): void {
    this.lastRequestAt = this.now();
    this.stage = 'served';
  }

  /** Takes the step that is due, if any; which one it took. */
  tick(): 'collected' | 'collected again' | null {
    const now = this.now();
    const idle = now - this.lastRequestAt;
    if (this.stage === 'served' && idle >= this.afterMs / 2) {
      this.steps.collect();
      this.stage = 'collected';
      this.collectedAt = now;
      return 'collected';
    }
    if (
      this.stage === 'collected' &&
      idle >= this.afterMs &&
      now - this.collectedAt >= QUIET_BEFORE_SECOND_MS
    ) {
      this.steps.collectAgain();
      this.stage = 'rested';
      return 'collected again';
    }
    return null;
  }
}

export type Gc = (options?: { type: 'major' | 'minor' }) => void;

/** The two steps with node's `gc` (--expose-gc); the second reports what it gave back. */
export function gcSteps(gc: Gc, report: (line: string) => void): IdleSteps {
  const mib = (bytes: number) => Math.round(bytes / 1048576);
  return {
    collect: () => {
      gc({ type: 'minor' });
      gc();
    },
    collectAgain: () => {
      const before = process.memoryUsage().rss;
      const started = performance.now();
      // Compacting as well: a full collection normally moves objects off only the most fragmented pages, and the
      // old space kept some 4 MiB of half-empty pages (33.7 MiB committed for 28.9 live; compacted, 29.5). V8 reads
      // the flag when a collection starts; it is set for this one only.
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        gc();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
      report(
        `idle: collected in ${Math.round(performance.now() - started)} ms, RSS ${mib(before)} → ${mib(process.memoryUsage().rss)} MiB, young generation ${mib(spaceBytes('new_space'))} MiB, old space ${mib(spaceBytes('old_space'))} MiB`,
      );
    },
  };
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
  const gc = (globalThis as { gc?: Gc }).gc;
  if (!afterMs || typeof gc !== 'function') return null;
  const collector = new IdleCollector(
    afterMs,
    () => performance.now(),
    gcSteps(gc, (line) => logger.debug(line)),
  );
  httpServer.on('request', (request: http.IncomingMessage & { originalUrl?: string }) => {
    // Express (the first listener) has already cut its mount path off `url` by now; `originalUrl` keeps it.
    if ((request.originalUrl ?? request.url)?.startsWith('/graphql')) collector.touch();
  });
  // Checked ten times per period (at most every quarter second): a step comes at most a tenth late.
  setInterval(() => collector.tick(), Math.max(250, afterMs / 10)).unref();
  return collector;
}

/** What V8 has reserved for one of its spaces now. */
export function spaceBytes(name: 'new_space' | 'old_space'): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === name)?.space_size ?? 0;
}
