import DataLoader from 'dataloader';
import type { RequestContext } from './request-context';

const registry = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();

/**
 * A DataLoader that lives as long as one request, for features that keep their batches to themselves. Keyed on
 * the request's scoped loaders, so it goes away with the request. Like the other scoped loaders it is dropped when
 * a transaction of the request commits (`inTransaction`): a field read after a mutation sees what it wrote, and
 * the next call builds the loader again with its caller's batch, whose manager is not a finished transaction's.
 */
export function requestLoader<K, V>(
  ctx: RequestContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let loaders = registry.get(ctx.scoped);
  if (!loaders) {
    const created = new Map<string, DataLoader<unknown, unknown>>();
    registry.set(ctx.scoped, created);
    ctx.scoped.push({ clearAll: () => created.clear() });
    loaders = created;
  }
  let loader = loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch);
    loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}
