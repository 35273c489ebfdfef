import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

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

// What must never reach a log line: e-mail addresses (customers') and bearer tokens or signed links.
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;
const SECRET_KEYS = /^(authorization|cookie|password|secret|token|jwt|e-?mail|to|cc|bcc)$/i;

/** Masks e-mail addresses and tokens in strings, and whole values under secret-looking keys. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, '[email]').replace(JWT, '[token]');
  if (value instanceof Error) {
    return {
      error: scrub(value.message),
      stack: scrub(value.stack),
      code: (value as { code?: unknown }).code,
    };
  }
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : scrub(v, depth + 1);
  return out;
}

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

/** One JSON line per event on stderr: easy to grep, easy to ship. */
export function createLogger(minimum: Level = 'info', base: pino.Logger = createPino(minimum)): Logger {
  const emit = (level: Level) => (message: string, detail?: unknown) => {
    if (!base.isLevelEnabled(level)) return;
    const scrubbed = scrub(detail);
    const fields =
      detail === undefined ? {} : detail instanceof Error ? (scrubbed as object) : { detail: scrubbed };
    base[level](fields, scrub(message) as string);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    isEnabled: (level) => base.isLevelEnabled(level),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
