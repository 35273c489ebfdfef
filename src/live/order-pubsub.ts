import type { PubSub } from 'type-graphql';
import type { Logger } from '../common/logger';

/** The one topic: "this order changed", with the order's id as the only payload. */
export const ORDER_CHANGED = 'ORDER_CHANGED';

/** Waiting ids per subscriber; a slow subscriber loses the oldest (it reloads orders, so the newest state wins). */
const MAX_QUEUED = 1000;

/**
 * type-graphql's PubSub over PostgreSQL LISTEN/NOTIFY. `publish` sends a NOTIFY (every process hears it);
 * `deliver` is called by this process's listening connection for every notification, from triggers or `publish`,
 * and hands the id to the local subscribers of the topic and of `ORDER_CHANGED:<id>`.
 */
export class OrderPubSub implements PubSub {
  private readonly subscribers = new Map<string, Set<(orderId: number) => void>>();

  constructor(
    private readonly send: (orderId: number) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  publish(routingKey: string, ...args: unknown[]): void {
    if (routingKey !== ORDER_CHANGED) throw new Error(`unknown topic "${routingKey}"`);
    const orderId = Number(args[0]);
    if (!Number.isSafeInteger(orderId)) throw new Error('ORDER_CHANGED carries an order id');
    this.send(orderId).catch((error: Error) => this.logger.error('publishing an order change failed', error));
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterableIterator<number> {
    const key = dynamicId === undefined ? routingKey : `${routingKey}:${String(dynamicId)}`;
    return queueOf((push) => {
      const set = this.subscribers.get(key) ?? new Set();
      set.add(push);
      this.subscribers.set(key, set);
      return () => {
        set.delete(push);
        if (!set.size) this.subscribers.delete(key);
      };
    });
  }

  /** A notification arrived: the order with this id changed (and committed). */
  deliver(orderId: number): void {
    for (const key of [ORDER_CHANGED, `${ORDER_CHANGED}:${orderId}`]) {
      for (const push of this.subscribers.get(key) ?? []) push(orderId);
    }
  }

  /** The orders that subscribers of one order (orderChanged) watch in this process. */
  watchedOrderIds(): number[] {
    const prefix = `${ORDER_CHANGED}:`;
    return [...this.subscribers.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => Number(key.slice(prefix.length)))
      .filter((id) => Number.isSafeInteger(id));
  }

  /** Subscribers currently listening in this process (tests, metrics). */
  get subscriberCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }
}

/**
 * An async iterator fed by `push`; an id already waiting is not queued twice (one reload shows both changes).
 * `return()` (the client unsubscribed or went away) unregisters it at once.
 */
function queueOf(register: (push: (id: number) => void) => () => void): AsyncIterableIterator<number> {
  const queue: number[] = [];
  let wake: ((result: IteratorResult<number>) => void) | null = null;
  let done = false;
  const push = (id: number) => {
    if (done) return;
    if (wake) {
      const resolve = wake;
      wake = null;
      resolve({ value: id, done: false });
    } else if (!queue.includes(id)) {
      queue.push(id);
      if (queue.length > MAX_QUEUED) queue.shift();
    }
  };
  const unregister = register(push);
  const finish = (): Promise<IteratorResult<number>> => {
    if (!done) {
      done = true;
      unregister();
      queue.length = 0;
      wake?.({ value: undefined, done: true });
      wake = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (wake = resolve));
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
