import './pg-types';
import { DataSource, Logger } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from '../entities';
import { SnakeNamingStrategy } from './naming-strategy';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  logger?: Logger;
}

/** The one way the application and its tests reach PostgreSQL. The schema changes through migrations only. */
export function createDataSource({ url, poolSize = 20, logger }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logger,
    extra: { max: poolSize, application_name: 'order-management' },
  });
}
