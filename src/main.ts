import 'reflect-metadata';
import { createApp } from './app';
import { seedDemoCatalog } from './catalog/demo-catalog';
import { systemClock } from './common/clock';
import { createLogger } from './common/logger';
import { ConfigError, loadConfig } from './config';
import { connectDatabase } from './database/connect';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await connectDatabase(config, logger);
  if (database.embedded && (await seedDemoCatalog(database.dataSource.manager, config.currency))) {
    logger.info('seeded the demo catalog (5 products, 3 shipment methods)');
  }
  const app = await createApp({ config, dataSource: database.dataSource, clock: systemClock, logger });
  const url = await app.listen(config.port);
  await app.services.startBackground();
  logger.info(`ready in ${Date.now() - startedAt} ms`);
  process.stdout.write(`\nGraphQL API and playground: ${url}\n\n`);

  let stoppingSince = 0;
  // In order: stop taking requests (and finish those running), stop the workers (a job in flight completes),
  // then the database. A signal repeated after a moment means "now"; one within it is the same Ctrl-C arriving
  // twice (from the terminal to the process group, and forwarded by npm).
  const stop = async (signal: string) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < 2_000) return;
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info(`${signal}: shutting down`);
    try {
      await app.stop();
      logger.info('HTTP stopped');
      await app.services.stopBackground();
      logger.info('workers stopped');
      await database.close();
      logger.info('database stopped');
      process.exit(0);
    } catch (error) {
      logger.error('shutdown failed', error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
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
