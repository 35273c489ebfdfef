import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import type { Clock } from './clock';

/** Where an action came from, as the state history records it. */
export type ActionSource = 'storefront' | 'back-office' | 'timeout' | 'system';

/** What a feature keeps for one request (its batch loaders): emptied after each commit and once the request is done. */
export interface RequestScoped {
  clearAll(): void;
}

/** Empties every request-scoped loader of `ctx`. */
export function emptyRequestScope(ctx: Pick<RequestContext, 'scoped'>): void {
  for (const scoped of ctx.scoped) scoped.clearAll();
}

/**
 * Passed first to every service call: who is asking, what time it is, and the database handle, which is the
 * transaction's own manager inside `inTransaction`. It is also the GraphQL context.
 *
 * Features add their own request-scoped loaders to this interface (declaration merging: see
 * orders/order-loaders.ts and oms/oms-loaders.ts); the composition root (container.ts) builds them.
 */
export interface RequestContext {
  viewer: Viewer;
  source: ActionSource;
  clock: Clock;
  manager: EntityManager;
  /**
   * Every request-scoped loader of the request, emptied by `inTransaction` after commit so that fields read after
   * a mutation see what it wrote. One array per request: it also keys the loaders of `requestLoader`.
   */
  scoped: RequestScoped[];
  /** The caller's IP address (HTTP requests only): what anonymous callers are rate-limited by. */
  clientIp?: string;
}
