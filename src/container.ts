import type { ContainerType, ResolverData } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { CatalogResolver } from './catalog/catalog.resolver';
import { CatalogService } from './catalog/catalog.service';
import type { Logger } from './common/logger';
import type { Config } from './config';
import { CustomReferenceService } from './orders/custom-reference.service';
import { OrderPlacementService } from './orders/order-placement.service';
import { OrderQueryService } from './orders/order-query.service';
import { OrderResolver } from './orders/order.resolver';

/** Every service, built once per process. Services are stateless; per-request state travels in the context. */
export interface Services {
  catalog: CatalogService;
  orderQueries: OrderQueryService;
  placement: OrderPlacementService;
  customReferences: CustomReferenceService;
  /** Background work (timeouts, jobs) that `npm start` runs beside the API. */
  startBackground?: () => Promise<void>;
  stopBackground?: () => Promise<void>;
}

export function createServices(config: Config, _dataSource: DataSource, _logger: Logger): Services {
  const catalog = new CatalogService(config.currency);
  const placement = new OrderPlacementService(
    {
      store: config.store,
      currency: config.currency,
      locale: config.locale,
      itemNonsplitQuantityThreshold: config.itemNonsplitQuantityThreshold,
      maxSalesItemsPerOrder: config.maxSalesItemsPerOrder,
    },
    catalog,
  );
  return {
    catalog,
    orderQueries: new OrderQueryService(),
    placement,
    customReferences: new CustomReferenceService(),
  };
}

/** Hands type-graphql resolver instances wired to the services; resolvers without dependencies are built plainly. */
export function createContainer(services: Services): ContainerType {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const instances = new Map<Function, object>([
    [CatalogResolver, new CatalogResolver(services.catalog)],
    [OrderResolver, new OrderResolver(services.orderQueries, services.placement, services.customReferences)],
  ]);
  return {
    get(someClass: new () => object, _data: ResolverData) {
      let instance = instances.get(someClass);
      if (!instance) {
        instance = new someClass();
        instances.set(someClass, instance);
      }
      return instance;
    },
  };
}
