import 'reflect-metadata';
import { systemClock } from './common/clock';
import { createLogger } from './common/logger';
import { ConfigError, loadConfig } from './config';
import { createServices, Services } from './container';
import { connectDatabase, Database } from './database/connect';
import { handleProcessEnd } from './runtime/lifecycle';

/**
 * `npm run worker`: the background half on its own (timed events, jobs), for running several API processes and
 * workers against one PostgreSQL. `npm start` runs the same loop in-process unless RUN_WORKER=false.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.databaseUrl) {
    throw new ConfigError([
      'npm run worker needs DATABASE_URL (the server it shares with the API). With the embedded database, npm start runs the worker itself.',
    ]);
  }
  const started: { database?: Database; services?: Services } = {};
  handleProcessEnd({
    logger,
    deadlineMs: config.shutdownTimeoutMs,
    steps: [
      { name: 'background work', run: async () => started.services?.stopBackground() },
      { name: 'database pool', run: async () => started.database?.close() },
    ],
    kill: () => undefined, // the database is the API's; nothing of ours outlives the process
  });
  const database = (started.database = await connectDatabase({ ...config, runWorker: true }, logger));
  const services = (started.services = createServices({
    config: { ...config, runWorker: true },
    dataSource: database.dataSource,
    clock: systemClock,
    logger,
  }));
  await services.startBackground();
  logger.info('worker running');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
