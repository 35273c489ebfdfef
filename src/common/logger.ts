export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** One JSON line per event on stderr: easy to grep, easy to ship. */
export function createLogger(minimum: Level = 'info'): Logger {
  const emit = (level: Level) => (message: string, detail?: unknown) => {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) return;
    const extra =
      detail instanceof Error
        ? { error: detail.message, stack: detail.stack }
        : detail === undefined
          ? {}
          : { detail };
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...extra })}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
