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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    try {
      await app.services.stopBackground();
      await app.stop();
      await database.close();
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
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
