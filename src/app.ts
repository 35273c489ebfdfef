import http from 'node:http';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { viewerFromAuthorization } from './auth/token';
import { anonymous, type Viewer } from './auth/viewer';
import { mountInvoicePdfRoute } from './invoices/invoice-pdf.route';
import { cacheControlPlugins } from './common/cache-control';
import type { Clock } from './common/clock';
import { createFormatError } from './common/format-error';
import type { Logger } from './common/logger';
import { bodyErrorHandler, notFound, securityHeaders } from './common/http-surface';
import { redactingLogger } from './common/log-redaction';
import { MutationRateLimiter } from './common/rate-limits';
import { fieldSuggestionBlocker } from './common/query-limits';
import { graphqlHttpHandler } from './common/graphql-http-handler';
import { jitGateway } from './common/jit-executor';
import { requestGuardsPlugin } from './common/request-guards';
import { releaseRequestScopePlugin } from './common/release-request-scope.plugin';
import type { RequestContext } from './common/request-context';
import type { Config } from './config';
import { HealthRepository } from './database/health.repository';
import { createContainer, createServices, Services } from './container';
import type { ProcessDefinition } from './oms/process-definition';
import { graphqlMetricsPlugin } from './ops/graphql-metrics.plugin';
import { watch as watchForMetrics } from './ops/metrics';
import { mountOperations } from './ops/operations.routes';
import { mountPlayground } from './playground/playground';
import { connectionVerdict } from './live/connection-auth';
import { mountSubscriptions } from './live/subscription-server';
import { buildAppSchema } from './schema';

export interface AppOptions {
  config: Config;
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  processDefinition?: ProcessDefinition;
  /** GET /metrics; this process's registry when omitted (a cluster worker asks the primary for the aggregate). */
  metricsText?: () => Promise<string>;
}

export interface App {
  httpServer: http.Server;
  services: Services;
  /** Listens on `port` (0 = any free port) and resolves to the URL of the GraphQL endpoint. */
  listen(port: number): Promise<string>;
  stop(): Promise<void>;
  /** From now on GET /readyz answers 503 (stop() does this first). */
  drain(): void;
}

/** Assembles HTTP, Apollo, schema and request context. Starts nothing until `listen`. */
export async function createApp({
  config,
  dataSource,
  clock,
  logger: rawLogger,
  processDefinition,
  metricsText,
}: AppOptions): Promise<App> {
  // Every log line of the app and its services: no e-mail address or token reaches a log file.
  const logger = redactingLogger(rawLogger);
  const services = createServices({ config, dataSource, clock, logger, processDefinition });
  watchForMetrics({ dataSource, jobs: services.jobs, timeoutWorker: services.timeoutWorker });
  const schema = await buildAppSchema(createContainer(services), services.orderChanges.pubSub);
  const requestContext = (viewer: Viewer, clientIp?: string): RequestContext => ({
    viewer,
    clientIp,
    source: viewer.kind === 'back-office' ? 'back-office' : 'storefront',
    clock,
    manager: dataSource.manager,
    ...services.requestLoaders(dataSource.manager),
  });
  const expressApp = express();
  expressApp.disable('x-powered-by');
  expressApp.use(securityHeaders());
  const httpServer = http.createServer(expressApp);
  const limits = {
    ...config.query,
    bounds: {
      salesItemsPerOrder: config.maxSalesItemsPerOrder,
      stateChangesPerItem: services.process.definition.transitions.length + 1,
    },
  };
  const rateLimiter =
    config.rateLimitPerMinute > 0
      ? new MutationRateLimiter(
          (dataSource.driver as PostgresDriver).master as Pool,
          config.rateLimitPerMinute,
        )
      : null;
  const operations = mountOperations(expressApp, { dataSource, logger, metricsText });
  // One object for the process: verified tokens are remembered per policy object (src/auth/token.ts), which is
  // frozen so that what was verified under it stays true of it.
  const tokenPolicy = Object.freeze({ secret: config.jwtSecret, ...config.jwt });
  // graphql-ws on the same URL as the API (src/live/): subscriptions only, closed by Apollo's drain.
  const subscriptions = mountSubscriptions({
    httpServer,
    schema,
    path: '/graphql',
    limits: { ...limits, maxTokens: config.query.maxTokens },
    maxPayloadBytes: config.requestBodyLimitBytes,
    maxConnectionsPerIp: config.wsConnectionsPerIp,
    logger,
    clock,
    authenticate: (params) =>
      connectionVerdict(params, tokenPolicy, (token) =>
        services.guestAccess.accessFor(requestContext(anonymous), token),
      ),
    context: (viewer, clientIp) => ({ ...requestContext(viewer, clientIp), live: services.liveOrders }),
  });

  const apollo = new ApolloServer<RequestContext>({
    ...(config.graphqlJit ? { gateway: jitGateway(schema) } : { schema }),
    introspection: config.introspection,
    // graphql-js stops parsing past this many tokens: a huge document is refused before it is ever walked.
    parseOptions: { maxTokens: config.query.maxTokens },
    // Automatic persisted queries (mobile apps send a hash first) live in this bounded in-memory LRU cache.
    cache: 'bounded',
    includeStacktraceInErrorResponses: false,
    // main.ts shuts down in order (HTTP, workers, database); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    formatError: createFormatError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      subscriptions.plugin,
      ApolloServerPluginLandingPageDisabled(),
      ...cacheControlPlugins,
      requestGuardsPlugin(limits, rateLimiter),
      // With the schema hidden, "Did you mean …?" would still spell it out field by field.
      ...(config.introspection ? [] : (fieldSuggestionBlocker() as ApolloServerPlugin<RequestContext>[])),
      graphqlMetricsPlugin,
      releaseRequestScopePlugin,
    ],
  });
  await apollo.start();

  expressApp.get('/health', async (_req, res) => {
    try {
      await new HealthRepository(dataSource).ping();
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  if (config.playground) mountPlayground(expressApp, '/graphql');
  mountInvoicePdfRoute(expressApp, {
    config,
    clock,
    logger,
    invoices: services.invoices,
    delivery: services.invoiceDelivery,
    links: services.invoiceLinks,
    context: (viewer) => requestContext(viewer),
    tokenPolicy,
  });
  expressApp.use(
    '/graphql',
    express.json({ limit: config.requestBodyLimitBytes }),
    graphqlHttpHandler(apollo, async (req) =>
      requestContext(
        viewerFromAuthorization(req.headers.authorization, tokenPolicy),
        req.ip ?? req.socket.remoteAddress,
      ),
    ),
  );
  expressApp.use(notFound);
  expressApp.use(bodyErrorHandler(logger));

  return {
    httpServer,
    services,
    listen: async (port) => {
      await services.orderChanges.start();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => {
          const address = httpServer.address();
          const actualPort = typeof address === 'object' && address ? address.port : port;
          resolve(`http://localhost:${actualPort}/graphql`);
        });
      });
    },
    drain: operations.drain,
    stop: async () => {
      operations.drain();
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await services.orderChanges.stop();
    },
  };
}
