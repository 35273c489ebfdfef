import { DataSource, In } from 'typeorm';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import { OrderLoaders } from '../orders/order-loaders';
import { SalesItem } from '../orders/sales-item.entity';
import { SalesOrder } from '../orders/sales-order.entity';
import { OmsLoaders } from './oms-loaders';
import type { OmsEngine } from './oms-engine';

const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Fires due timed events. Any number of workers may run against one database: each takes an order's row lock
 * with SKIP LOCKED, so an order is handled by one worker at a time, and fired rows are gone when the lock is
 * released, so nothing fires twice. Lock order (order row, then timeout rows) is the same as every trigger's.
 */
export class TimeoutWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: OmsEngine,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** For /metrics: timed events that are due now and have not fired (a stalled or failing worker shows here). */
  async overdueCount(): Promise<number> {
    const [row]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM oms_event_timeout WHERE due_at <= $1`,
      [this.clock.now()],
    );
    return Number(row.count);
  }

  /** Fires what is due now, for at most `maxOrders` orders. Returns how many item events fired. */
  async fireDue(maxOrders = 100): Promise<number> {
    const now = this.clock.now();
    const due: { order_id: number }[] = await this.dataSource.query(
      `SELECT order_id FROM oms_event_timeout WHERE due_at <= $1 GROUP BY order_id ORDER BY min(due_at) LIMIT $2`,
      [now, maxOrders],
    );
    let fired = 0;
    for (const { order_id: orderId } of due) fired += await this.fireForOrder(orderId, now);
    return fired;
  }

  private async fireForOrder(orderId: number, now: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [order] = await manager
        .createQueryBuilder(SalesOrder, 'o')
        .where('o.id = :orderId', { orderId })
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (!order) return 0; // another worker or a request holds it; its rows stay due for the next round
      const rows: { id: number; item_id: number; state: string; event: string }[] = await manager.query(
        `SELECT id, item_id, state, event FROM oms_event_timeout WHERE order_id = $1 AND due_at <= $2 ORDER BY due_at, id`,
        [orderId, now],
      );
      const tx: RequestContext = {
        viewer: { kind: 'system', name: 'timeout' },
        source: 'timeout',
        clock: this.clock,
        manager,
        loaders: new OrderLoaders(manager),
        omsLoaders: new OmsLoaders(manager, this.engine.process),
      };
      let fired = 0;
      for (const event of [...new Set(rows.map((r) => r.event))]) {
        const eventRows = rows.filter((r) => r.event === event);
        const items = await manager.find(SalesItem, { where: { id: In(eventRows.map((r) => r.item_id)) } });
        // Only items still in the state that scheduled the event; anything else is a stale row.
        const current = items.filter((i) => eventRows.some((r) => r.item_id === i.id && r.state === i.state));
        const outcome = await this.engine.trigger(tx, order, event, current);
        if (outcome.ok) {
          fired += outcome.moved.filter((m) => m.event === event).length;
          await manager.query(`DELETE FROM oms_event_timeout WHERE id = ANY($1)`, [
            eventRows.map((r) => r.id),
          ]);
        } else {
          this.logger.warn(
            `timed event "${event}" on order ${order.reference} failed; retrying later`,
            outcome.message,
          );
          await manager.query(
            `UPDATE oms_event_timeout SET due_at = $2, attempts = attempts + 1 WHERE id = ANY($1)`,
            [eventRows.map((r) => r.id), new Date(now.getTime() + RETRY_AFTER_FAILURE_MS)],
          );
        }
      }
      return fired;
    });
  }

  start(intervalMs = 1000): void {
    const tick = async () => {
      try {
        this.running = this.fireDue();
        await this.running;
      } catch (error) {
        this.logger.error('timeout worker round failed', error);
      } finally {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      }
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
