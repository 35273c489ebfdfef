import 'reflect-metadata';
import { seedDemoCatalog } from '../catalog/demo-catalog';
import { createLogger } from '../common/logger';
import { loadConfig } from '../config';
import { connectDatabase } from '../database/connect';

/** `npm run seed`: the demo catalog into DATABASE_URL's database (or the embedded one), if it has no products. */
async function seed(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await connectDatabase(config, logger);
  try {
    const seeded = await seedDemoCatalog(database.dataSource.manager, config.currency);
    process.stdout.write(
      seeded ? 'Seeded the demo catalog.\n' : 'The catalog already has products; nothing seeded.\n',
    );
  } finally {
    await database.close();
  }
}

seed().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
