import { HealthRepository } from '../database/health.repository';
import { randomUUID } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Logger, requestScope } from '../common/logger';
import { httpDuration, registry } from './metrics';

export interface OperationsOptions {
  dataSource: DataSource;
  logger: Logger;
  /** Prometheus text for GET /metrics; in a cluster, the primary's aggregate of every API process. */
  metricsText?: () => Promise<string>;
}

export interface Operations {
  /** From now on /readyz answers 503, so a load balancer sends no new requests here. */
  drain(): void;
}

// A caller's id is kept when it is a plain token of sane length, so a load balancer's id ties the lines together.
const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/health']);
const ROUTE_GROUPS = new Set(['graphql', 'invoices', 'playground']);

/**
 * GET /healthz (the process is alive), GET /readyz (it can serve: database reachable, every migration applied, not
 * shutting down), GET /metrics; and for every request an `x-request-id` (taken from the request when sane, else
 * made), echoed in the response and carried by every log line written while serving it.
 */
export function mountOperations(app: Express, options: OperationsOptions): Operations {
  const { dataSource, logger } = options;
  let draining = false;
  const expected = dataSource.migrations.map((m) => m.name).filter(Boolean) as string[];

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    if (OPS_PATHS.has(req.path)) return next();
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // originalUrl: by the time the response finishes, a router mounted at /graphql has cut its path off req.url
      // and req.path (every GraphQL request was counted as "other" and logged as "/"). The path only: query strings
      // carry signed links' tokens.
      const path = req.originalUrl.split('?')[0];
      const group = path.split('/')[1];
      httpDuration.observe(
        { route: ROUTE_GROUPS.has(group) ? group : 'other', status: `${Math.floor(res.statusCode / 100)}xx` },
        seconds,
      );
      const line = {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: seconds * 1000,
      };
      if (res.statusCode >= 500) logger.error('request failed', line);
      else logger.info('request', line);
    });
    requestScope.run({ requestId }, next);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      const applied = await new HealthRepository(dataSource).appliedMigrations();
      const pending = expected.filter((name) => !applied.has(name));
      if (pending.length) res.status(503).json({ status: 'migrations pending', pending });
      else res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    try {
      const text = await (options.metricsText ?? (() => registry.metrics()))();
      res.type(registry.contentType).send(text);
    } catch (error) {
      logger.error('metrics unavailable', error);
      res.status(503).type('text/plain').send('metrics unavailable\n');
    }
  });

  return {
    drain: () => {
      draining = true;
    },
  };
}
