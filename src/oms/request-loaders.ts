import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context';
import { OrderLoaders } from '../orders/order-loaders';
import { OmsLoaders } from './oms-loaders';
import type { OrderProcess } from './process-definition';

/** The request-scoped loaders of every feature that has some, for a new request context. */
export function requestLoaders(
  manager: EntityManager,
  process: OrderProcess,
): Pick<RequestContext, 'loaders' | 'omsLoaders' | 'scoped'> {
  const loaders = new OrderLoaders(manager);
  const omsLoaders = new OmsLoaders(manager, process);
  return { loaders, omsLoaders, scoped: [loaders, omsLoaders] };
}
