import { Counter } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import { OrderRepository } from '../orders/order.repository';
import { OmsRepository } from './oms.repository';
import { requestLoaders } from './request-loaders';
import type { OmsEngine } from './oms-engine';

export interface TimeoutRetryPolicy {
  /** Attempts before a timed event is given up (kept, no longer due, logged and counted). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Ten attempts over about 4 hours (1, 2, 4 … 32, then 60 minutes apart): a broken command is not hammered. */
export const DEFAULT_TIMEOUT_RETRY: TimeoutRetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
};

const givenUp = new Counter({
  name: 'om_oms_timeouts_given_up_total',
  help: 'Timed OMS events given up after failing on every attempt (rows kept in oms_event_timeout)',
  labelNames: ['event'],
});
const failures = new Counter({
  name: 'om_oms_timeout_failures_total',
  help: 'Failed attempts to fire a timed OMS event (each is retried later until given up)',
});

const MAX_ERROR_LENGTH = 4000;

/**
 * Fires due timed events (rows of oms_event_timeout, like Spryker's spy_oms_event_timeout). It has no timer of its
 * own: the worker loop calls `fireDue`, beside the job queue. Any number of workers may run against one database:
 * each takes an order's row lock with SKIP LOCKED, so an order is handled by one worker at a time, and fired rows
 * are gone when the lock is released, so nothing fires twice. Lock order (order row, then timeout rows) is the
 * same as every trigger's. Each order runs in its own transaction and its own try: one that fails is rescheduled
 * with backoff (attempts counted on its rows) and never holds up the others.
 */
export class TimeoutWorker {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: OmsEngine,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly retry: TimeoutRetryPolicy = DEFAULT_TIMEOUT_RETRY,
  ) {}

  /** Fires what is due now, for at most `maxOrders` orders. Returns how many item events fired. */
  async fireDue(maxOrders = 100): Promise<number> {
    return (await this.fireDueBatch(maxOrders)).fired;
  }

  /** As `fireDue`, and whether the batch was full (so more may be due). */
  async fireDueBatch(maxOrders = 100): Promise<{ fired: number; full: boolean }> {
    const now = this.clock.now();
    const due = await new OmsRepository(this.dataSource.manager).ordersWithDueTimeouts(now, maxOrders);
    let fired = 0;
    for (const orderId of due) {
      try {
        fired += await this.fireForOrder(orderId, now);
      } catch (error) {
        // The order's transaction rolled back; its due rows are rescheduled on their own.
        try {
          await this.recordFailure(this.dataSource.manager, { orderId }, now, error);
        } catch (bookkeeping) {
          this.logger.error(
            `timed events of order #${orderId} failed and could not be rescheduled`,
            bookkeeping,
          );
        }
      }
    }
    return { fired, full: due.length === maxOrders };
  }

  /** Timed events due more than `graceMs` ago that have not fired and are not given up. */
  async overdueCount(graceMs = 60_000): Promise<number> {
    return new OmsRepository(this.dataSource.manager).dueCount(
      new Date(this.clock.now().getTime() - graceMs),
    );
  }

  private async fireForOrder(orderId: number, now: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const orders = new OrderRepository(manager);
      const oms = new OmsRepository(manager);
      const order = await orders.lockUnlessLocked(orderId);
      if (!order) return 0; // another worker or a request holds it; its rows stay due for the next round
      const rows = await oms.dueTimeoutsOfOrder(orderId, now);
      const tx: RequestContext = {
        viewer: { kind: 'system', name: 'timeout' },
        source: 'timeout',
        clock: this.clock,
        manager,
        ...requestLoaders(manager, this.engine.process),
      };
      let fired = 0;
      for (const event of [...new Set(rows.map((r) => r.event))]) {
        const eventRows = rows.filter((r) => r.event === event);
        const items = await orders.itemsByIds(eventRows.map((r) => r.itemId));
        // Only items still in the state that scheduled the event; anything else is a stale row.
        const current = items.filter((i) => eventRows.some((r) => r.itemId === i.id && r.state === i.state));
        const outcome = await this.engine.trigger(tx, order, event, current);
        if (outcome.ok) {
          fired += outcome.moved.filter((m) => m.event === event).length;
          await oms.deleteTimeouts(eventRows.map((r) => r.id));
        } else {
          await this.recordFailure(
            manager,
            { ids: eventRows.map((r) => r.id), orderReference: order.reference },
            now,
            new Error(outcome.message),
          );
        }
      }
      return fired;
    });
  }

  /** Counts a failed attempt on the rows, and either reschedules them with backoff or gives them up. */
  private async recordFailure(
    manager: EntityManager,
    target: { ids: number[]; orderReference: string } | { orderId: number },
    now: Date,
    error: unknown,
  ): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const rows = await new OmsRepository(manager).recordTimeoutFailure(target, now, message, this.retry);
    if (!rows.length) return;
    failures.inc();
    const order = 'orderReference' in target ? target.orderReference : `#${rows[0].order_id}`;
    const event = rows[0].event;
    const attempts = Math.max(...rows.map((r) => r.attempts));
    const gaveUp = rows.filter((r) => r.given_up);
    if (gaveUp.length) {
      for (const row of gaveUp) givenUp.inc({ event: row.event });
      this.logger.error(
        `timed event "${event}" on order ${order} given up after ${attempts} attempts: ${message}`,
        { order, event, attempts, items: gaveUp.length },
      );
    } else {
      this.logger.warn(
        `timed event "${event}" on order ${order} failed (attempt ${attempts}); retrying later`,
        {
          order,
          event,
          error: message,
        },
      );
    }
  }
}
