import type { Logger } from '../common/logger';

export interface StopStep {
  name: string;
  /** Gets the milliseconds left until the deadline. */
  run(remainingMs: number): Promise<void>;
}

export interface LifecycleOptions {
  logger: Logger;
  /** The whole orderly stop; past it, `kill` runs and the process exits. */
  deadlineMs: number;
  /** In order: stop taking requests, stop background work, then the database. */
  steps: StopStep[];
  /** Synchronous last resort: stop the database (and anything else this process started) at once. */
  kill(): void;
  exit?: (code: number) => never;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// Ctrl-C in a terminal under `npm start` arrives twice at once: from the terminal and forwarded by npm.
const SAME_SIGNAL_MS = 1_000;

/**
 * Every way a process ends goes through one orderly stop with a deadline: SIGINT, SIGTERM, SIGHUP, an uncaught
 * exception, an unhandled rejection (exit code 1 for those two), and `stop()` called by the code. A second signal
 * during the stop, or the deadline, cuts it short: `kill` stops the database at once (nothing committed is lost)
 * and the process exits.
 */
export function handleProcessEnd(options: LifecycleOptions): { stop(reason: string, code?: number): void } {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let since = 0;
  let exitCode = 0;

  const force = (why: string) => {
    logger.warn(`${why}: stopping the database and exiting now`);
    try {
      options.kill();
    } finally {
      exit(exitCode || 1);
    }
  };

  const stop = (reason: string, code = 0) => {
    exitCode = Math.max(exitCode, code);
    if (since) {
      if ((SIGNALS as readonly string[]).includes(reason) && Date.now() - since < SAME_SIGNAL_MS) return;
      force(`${reason} during shutdown`);
      return;
    }
    since = Date.now();
    logger.info(`${reason}: shutting down (at most ${options.deadlineMs} ms)`);
    const timer = setTimeout(
      () => force(`shutdown took longer than ${options.deadlineMs} ms`),
      options.deadlineMs,
    );
    void (async () => {
      for (const step of options.steps) {
        try {
          await step.run(Math.max(0, since + options.deadlineMs - Date.now()));
          logger.info(`${step.name} stopped`);
        } catch (error) {
          exitCode = 1;
          logger.error(`stopping ${step.name} failed`, error);
        }
      }
      clearTimeout(timer);
      exit(exitCode);
    })();
  };

  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', error);
    stop('uncaughtException', 1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', reason);
    stop('unhandledRejection', 1);
  });
  return { stop };
}
