import type { ErrorRequestHandler, RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from './logger';

/**
 * helmet's headers on every response (nosniff, no framing, HSTS, …) with a Content-Security-Policy the offline
 * playground fits in: its scripts and stylesheet come from this server, GraphiQL sets inline styles, its editor
 * fonts and icons are data: URLs. No page of this server may be framed (clickjacking of the back office).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}

/** Any path nothing else answered: JSON like every other answer of this server, not Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
};

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The last handler: what the body parser refuses (malformed JSON 400, a body over the limit 413) and anything a
 * route threw answer as a GraphQL-style JSON error, never as Express's HTML page with a stack trace.
 */
export function bodyErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = Number((error as { status?: unknown }).status);
    if (status >= 400 && status < 500) {
      const type = (error as { type?: unknown }).type;
      const message =
        type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : type === 'entity.too.large'
            ? `The request body is larger than the limit of ${(error as { limit?: number }).limit} bytes`
            : 'The request could not be read';
      res
        .status(status)
        .json({ errors: [{ message, extensions: { code: CODES[status] ?? 'BAD_REQUEST' } }] });
      return;
    }
    logger.error('unexpected error in an HTTP handler', error);
    res.status(500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  };
}
