import 'reflect-metadata';
import cluster from 'node:cluster';
import type { App } from './app';
import { createLogger, Logger } from './common/logger';
import { Config, ConfigError, loadConfig } from './config';
import type { Database } from './database/connect';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded';
import type { ApiProcesses } from './runtime/cluster';
import { handleProcessEnd } from './runtime/lifecycle';
import { warnIfBuildIsStale } from './runtime/build-stamp';

const startedAt = Date.now();

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return serveApi(config, logger, { inCluster: true });
  warnIfBuildIsStale(logger);
  if (config.webConcurrency > 1) return runPrimary(config, logger);
  return serveApi(config, logger, { inCluster: false });
}

/**
 * The embedded PostgreSQL starts first, and the heavy modules (Apollo, TypeORM, the schema) load while it boots or
 * replays its WAL after a crash: a restart after `kill -9` costs the longer of the two, not their sum.
 */
async function openDatabase(
  config: Config,
  logger: Logger,
  onEmbedded: (embedded: EmbeddedDatabase) => void,
): Promise<Database> {
  let spawned = Promise.resolve();
  let embedded: Promise<EmbeddedDatabase> | undefined;
  if (!config.databaseUrl) {
    spawned = new Promise((resolve) => {
      embedded = startEmbeddedDatabase(config, logger, resolve);
      embedded.then(onEmbedded, () => resolve());
    });
  }
  await spawned; // requiring modules blocks this thread: PostgreSQL's process must be running first
  const { connectDatabase } = await import('./database/connect');
  const database = await connectDatabase(config, logger, undefined, embedded);
  const { seedDemoCatalog } = await import('./catalog/demo-catalog');
  if (database.embedded && (await seedDemoCatalog(database.dataSource.manager, config.currency))) {
    logger.info('seeded the demo catalog (5 products, 3 shipment methods)');
  }
  return database;
}

/**
 * One API process: alone (WEB_CONCURRENCY=1, with the embedded database when there is no DATABASE_URL) or one of
 * a cluster's (its primary owns the database and passes DATABASE_URL and RUN_WORKER).
 */
async function serveApi(
  config: Config,
  logger: Logger,
  { inCluster }: { inCluster: boolean },
): Promise<void> {
  // Stops whatever has started so far, in reverse order of starting, whenever the process is told to end.
  const started: { embedded?: EmbeddedDatabase; database?: Database; app?: App } = {};
  const lifecycle = handleProcessEnd({
    logger,
    deadlineMs: config.shutdownTimeoutMs,
    steps: [
      { name: 'HTTP', run: async () => started.app?.stop() },
      { name: 'background work', run: async () => started.app?.services.stopBackground() },
      { name: 'database', run: async (remaining) => started.database?.close(remaining) },
    ],
    kill: () => started.embedded?.kill(),
  });
  // A cluster's API process ends with its primary, which owns the port and the database.
  if (inCluster) process.on('disconnect', () => lifecycle.stop('primary gone', 1));

  const database = (started.database = await openDatabase(config, logger, (e) => (started.embedded = e)));
  const [{ createApp }, { systemClock }, { clusterMetricsText }, { collectWhenIdle }] = await Promise.all([
    import('./app'),
    import('./common/clock'),
    import('./runtime/cluster'),
    import('./runtime/idle-collection'),
  ]);
  const app = (started.app = await createApp({
    config,
    dataSource: database.dataSource,
    clock: systemClock,
    logger,
    metricsText: inCluster ? clusterMetricsText() : undefined,
  }));
  const url = await app.listen(config.port);
  collectWhenIdle(app.httpServer, config.idleCollectionAfterMs, logger);
  await app.services.startBackground();
  if (inCluster) return;
  logger.info(`ready in ${Date.now() - startedAt} ms`);
  process.stdout.write(`\nGraphQL API and playground: ${url}\n\n`);
}

/** WEB_CONCURRENCY=N: this process starts the database, migrates and seeds it, then forks N API processes. */
async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const started: { embedded?: EmbeddedDatabase; database?: Database; processes?: ApiProcesses } = {};
  handleProcessEnd({
    logger,
    deadlineMs: config.shutdownTimeoutMs,
    steps: [
      {
        name: 'API processes',
        run: async (remaining) => started.processes?.stop(Math.max(0, remaining - 2_000)),
      },
      { name: 'database', run: async (remaining) => started.database?.close(remaining) },
    ],
    kill: () => {
      started.processes?.kill();
      started.embedded?.kill();
    },
  });
  const database = (started.database = await openDatabase(config, logger, (e) => (started.embedded = e)));
  const { forkApiProcesses } = await import('./runtime/cluster');
  const processes = (started.processes = forkApiProcesses(
    config.webConcurrency,
    { databaseUrl: database.url, runWorker: config.runWorker },
    logger,
  ));
  const port = await processes.ready;
  logger.info(`${config.webConcurrency} API processes ready in ${Date.now() - startedAt} ms`);
  process.stdout.write(`\nGraphQL API and playground: http://localhost:${port}/graphql\n\n`);
}

main().catch((error: unknown) => {
  // Read by a person: a configuration error lists every bad variable; the others say what to do in their message.
  const expected =
    error instanceof ConfigError ||
    (error instanceof Error && /DATA_DIR|DATABASE_URL|chmod/.test(error.message));
  const detail =
    error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`Cannot start: ${detail}\n`);
  process.exit(1);
});
