import type { Level, Logger } from './logger';

// A JWT (three base64url parts, the first an encoded '{"'), a bearer header, an e-mail address.
const JWT = /\beyJ[\w-]{5,}\.[\w-]+\.[\w-]*/g;
const BEARER = /\b(Bearer\s+)\S+/gi;
const EMAIL = /[^\s@"'<>(),;:[\]\\]+@([^\s@"'<>(),;:[\]\\]+\.[A-Za-z]{2,})/g;
// Values under these keys are secrets whole, whatever they look like.
const SECRET_KEYS = /^(authorization|cookie|password|secret|token|jwt|accessToken)$/i;

/** Masks what must not reach log files: e-mail addresses (the domain stays, for diagnosing mail) and tokens. */
export function redact(text: string): string {
  return text.replace(JWT, '<token>').replace(BEARER, '$1<token>').replace(EMAIL, '***@$1');
}

/** `redact` applied to every string inside a log line's detail; an Error stays an Error, with its code. */
export function redactDetail(detail: unknown, depth = 0): unknown {
  if (typeof detail === 'string') return redact(detail);
  if (detail instanceof Error) {
    const copy = new Error(redact(detail.message));
    copy.name = detail.name;
    copy.stack = detail.stack === undefined ? undefined : redact(detail.stack);
    const code = (detail as { code?: unknown }).code;
    if (code !== undefined) (copy as { code?: unknown }).code = code;
    return copy;
  }
  if (detail === null || typeof detail !== 'object' || depth > 5) return detail;
  if (detail instanceof Date) return detail;
  if (Array.isArray(detail)) return detail.slice(0, 50).map((item) => redactDetail(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail as Record<string, unknown>))
    out[key] = SECRET_KEYS.test(key) ? '<redacted>' : redactDetail(value, depth + 1);
  return out;
}

const redacting = new WeakSet<Logger>();

/** Declares that a logger redacts every line itself (src/common/logger.ts's do), so it is not wrapped again. */
export function markRedacting(logger: Logger): Logger {
  redacting.add(logger);
  return logger;
}

/**
 * Wraps any Logger so that messages and details pass through `redact` first. The app and the services (which the
 * worker builds without the app) both ask for it; a logger that redacts already is returned as it is.
 */
export function redactingLogger(logger: Logger): Logger {
  if (redacting.has(logger)) return logger;
  // Nothing is redacted for a line that is not written (every request logs one at info level).
  const enabled = (level: Level) => logger.isEnabled?.(level) ?? true;
  const wrap =
    (level: Level) =>
    (message: string, detail?: unknown): void => {
      if (!enabled(level)) return;
      logger[level](redact(message), detail === undefined ? undefined : redactDetail(detail));
    };
  return markRedacting({
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    isEnabled: enabled,
  });
}
