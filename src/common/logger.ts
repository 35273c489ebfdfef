import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { markRedacting, redact, redactDetail } from './log-redaction';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** Whether lines of this level are written at all; absent means they may be. */
  isEnabled?(level: Level): boolean;
}

/** The id of the HTTP request being served (see src/ops/request-logging.ts); every line logged for it carries it. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** The pino instance under every Logger: JSON lines on stderr with an ISO time and the current request's id. */
export function createPino(
  minimum: Level = 'info',
  // Synchronous: the last lines before a crash or an exit are the ones that matter.
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
): pino.Logger {
  return pino(
    {
      level: minimum,
      messageKey: 'message',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    destination,
  );
}

/**
 * One JSON line per event on stderr: easy to grep, easy to ship. Every line is redacted (src/common/log-redaction.ts)
 * on its way out: e-mail addresses and tokens never reach the file.
 */
export function createLogger(minimum: Level = 'info', base: pino.Logger = createPino(minimum)): Logger {
  const emit = (level: Level) => (message: string, detail?: unknown) => {
    if (!base.isLevelEnabled(level)) return;
    const redacted = redactDetail(detail);
    const fields =
      detail === undefined
        ? {}
        : redacted instanceof Error
          ? { error: redacted.message, stack: redacted.stack, code: (redacted as { code?: unknown }).code }
          : { detail: redacted };
    base[level](fields, redact(message));
  };
  return markRedacting({
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    isEnabled: (level) => base.isLevelEnabled(level),
  });
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
