import type { Pool } from 'pg';
import type { Logger } from '../common/logger';
import { NotificationListener, notify } from '../database/notifications.repository';
import { OrderPubSub } from './order-pubsub';

/** The channel the triggers of migration 1764203100000 notify on. */
export const ORDER_CHANGED_CHANNEL = 'order_changed';

/**
 * This process's end of the order change feed: the PubSub the schema subscribes through, and the one listening
 * connection that feeds it. Started by API processes when they listen; a worker never starts it.
 */
export class OrderChanges {
  readonly pubSub: OrderPubSub;
  private listener: NotificationListener | null = null;

  constructor(
    private readonly pool: () => Pool,
    private readonly logger: Logger,
  ) {
    this.pubSub = new OrderPubSub(
      (orderId) => notify(this.pool(), ORDER_CHANGED_CHANNEL, String(orderId)),
      logger,
    );
  }

  async start(): Promise<void> {
    if (this.listener) return;
    this.listener = new NotificationListener({
      pool: this.pool(),
      channel: ORDER_CHANGED_CHANNEL,
      logger: this.logger,
      onPayload: (payload) => {
        const orderId = Number(payload);
        if (Number.isSafeInteger(orderId)) this.pubSub.deliver(orderId);
      },
      // Changes made while the connection was away were not heard: every watched order is sent as it is now (a
      // subscriber may get an order that did not change, never miss one that did). ordersChanged subscribers,
      // who watch no order in particular, hear of the next change only.
      onReconnected: () => {
        const watched = this.pubSub.watchedOrderIds();
        if (watched.length)
          this.logger.info(
            `LISTEN ${ORDER_CHANGED_CHANNEL}: back; resending ${watched.length} watched orders`,
          );
        for (const orderId of watched) this.pubSub.deliver(orderId);
      },
    });
    await this.listener.start();
  }

  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    await listener?.stop();
  }

  /** The listening connection, for tests that break it. */
  get connection(): NotificationListener | null {
    return this.listener;
  }
}
