import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { App, createApp } from '../../src/app';
import { signToken } from '../../src/auth/token';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog';
import { ManualClock } from './manual-clock';
import { Logger, silentLogger } from '../../src/common/logger';
import { Config, loadConfig } from '../../src/config';
import { createDataSource } from '../../src/database/data-source';
import type { ProcessDefinition } from '../../src/oms/process-definition';
import { QueryCounter } from './query-counter';
import { createTestDatabase } from './test-database';
import { TEST_JWT_SECRET, testEnv } from './test-env';

export { TEST_JWT_SECRET };

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestApp {
  url: string;
  databaseUrl: string;
  config: Config;
  dataSource: DataSource;
  clock: ManualClock;
  queries: QueryCounter;
  app: App;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  customerToken(customerReference: string, email?: string): string;
  backOfficeToken(userId?: string): string;
  close(): Promise<void>;
}

/**
 * The real server on a port of its own, over a fresh database migrated with the real migrations and seeded with
 * the demo catalog. `env` overrides configuration exactly as environment variables would.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    processDefinition?: ProcessDefinition;
    /** Another app's database (already migrated and seeded): a second API process; closing it keeps the data. */
    sameDatabaseAs?: TestApp;
    /** Where the app logs; silent by default. */
    logger?: Logger;
  } = {},
): Promise<TestApp> {
  const shared = options.sameDatabaseAs;
  const database = shared ? { url: shared.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig({
    ...testEnv(),
    DATABASE_URL: database.url,
    ...env,
  });
  const queries = new QueryCounter(Boolean(process.env.LOG_SQL));
  const dataSource = createDataSource({ url: database.url, logger: queries, poolSize: 30 });
  await dataSource.initialize();
  if (!shared) {
    await dataSource.runMigrations();
    await seedDemoCatalog(dataSource.manager, config.currency);
  }
  const clock = new ManualClock(new Date('2026-11-27T10:00:00.000Z'));
  let app: App;
  try {
    app = await createApp({
      config,
      dataSource,
      clock,
      logger: options.logger ?? silentLogger,
      processDefinition: options.processDefinition,
    });
  } catch (error) {
    await dataSource.destroy();
    await database.drop();
    throw error;
  }
  const url = await app.listen(0);

  return {
    url,
    databaseUrl: database.url,
    config,
    dataSource,
    clock,
    queries,
    app,
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    customerToken: (customerReference, email = `${customerReference.toLowerCase()}@example.com`) =>
      signToken(TEST_JWT_SECRET, { sub: customerReference, role: 'customer', email }),
    backOfficeToken: (userId = 'staff-1') =>
      signToken(TEST_JWT_SECRET, { sub: userId, role: 'back-office', email: `${userId}@shop.example` }),
    async close() {
      await app.services.stopBackground();
      await app.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
