import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import type { OmsLoaders } from '../oms/oms-loaders';
import type { OrderLoaders } from '../orders/order-loaders';
import type { Clock } from './clock';

/** Where an action came from, as the state history records it. */
export type ActionSource = 'storefront' | 'back-office' | 'timeout' | 'system';

/**
 * Passed first to every service call: who is asking, what time it is, and the database handle, which is the
 * transaction's own manager inside `inTransaction`. It is also the GraphQL context.
 */
export interface RequestContext {
  viewer: Viewer;
  source: ActionSource;
  clock: Clock;
  manager: EntityManager;
  loaders: OrderLoaders;
  omsLoaders: OmsLoaders;
  /** The caller's IP address (HTTP requests only): what anonymous callers are rate-limited by. */
  clientIp?: string;
}
