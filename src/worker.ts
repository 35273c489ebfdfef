import 'reflect-metadata';
import { systemClock } from './common/clock';
import { createLogger } from './common/logger';
import { ConfigError, loadConfig } from './config';
import { createServices } from './container';
import { connectDatabase } from './database/connect';

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
  const database = await connectDatabase({ ...config, runWorker: true }, logger);
  const services = createServices({
    config: { ...config, runWorker: true },
    dataSource: database.dataSource,
    clock: systemClock,
    logger,
  });
  await services.startBackground();
  logger.info('worker running');

  const stop = async (signal: string) => {
    logger.info(`${signal}: stopping worker`);
    await services.stopBackground();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
