import type { RequestContext } from '../common/request-context';
import { inLockedOrder } from '../orders/order-lock';
import { OrderRepository } from '../orders/order.repository';
import type { SalesItem } from '../orders/sales-item.entity';
import { SalesOrder } from '../orders/sales-order.entity';
import type { OmsEngine } from './oms-engine';
import { OmsRepository } from './oms.repository';
import type { CancelOrderResult } from './oms.result';
import { CommandFailedError, NotCancellableReason, OrderNotCancellableError } from './oms-errors.result';

export const CANCEL_EVENT = 'cancel';
export const CANCELLED_STATE = 'cancelled';

/**
 * Customers (and guests by token) cancel their own order while every item is cancellable (the window is a state-machine timeout, so
 * there is no clock check here); back office cancels whatever the process allows, window or not. Cancelling a
 * cancelled order returns it unchanged, so a mobile app may retry freely.
 */
export class OrderCancellationService {
  constructor(private readonly engine: OmsEngine) {}

  async cancel(ctx: RequestContext, reference: string): Promise<CancelOrderResult> {
    return inLockedOrder(ctx, reference, async (tx, order) => {
      const items = await new OrderRepository(tx.manager).itemsOfOrder(order.id);
      if (items.length && items.every((i) => i.state === CANCELLED_STATE)) return order;

      const process = this.engine.process;
      // A guest holding the order's token cancels exactly as a customer would.
      if (tx.viewer.kind === 'customer' || tx.viewer.kind === 'guest') {
        const refusal = (await this.windowClosed(tx, order)) ?? this.customerRefusal(items);
        if (refusal) return refusal;
      }
      const cancellable = items.filter((i) => process.transitions(i.state, CANCEL_EVENT).length > 0);
      if (!cancellable.length) {
        return new OrderNotCancellableError(
          NotCancellableReason.NOT_IN_CANCELLABLE_STATE,
          `No item of order ${reference} can be cancelled in its current state.`,
        );
      }
      const outcome = await this.engine.trigger(tx, order, CANCEL_EVENT, cancellable);
      if (!outcome.ok) return new CommandFailedError(outcome.command, outcome.message);
      return order;
    });
  }

  /**
   * The window is a timed event, fired by the timeout worker. Should the worker lag behind (or not run), its due
   * time still closes the window for customers: the promise `cancellableUntil` made is kept both ways.
   */
  private async windowClosed(
    tx: RequestContext,
    order: SalesOrder,
  ): Promise<OrderNotCancellableError | null> {
    const due = await new OmsRepository(tx.manager).firstDue(
      order.id,
      this.engine.process.definition.cancellationWindowEvent,
    );
    if (!due || due > tx.clock.now()) return null;
    return new OrderNotCancellableError(
      NotCancellableReason.WINDOW_CLOSED,
      'The time to cancel this order has passed; it is being prepared for shipping.',
    );
  }

  private customerRefusal(items: SalesItem[]): OrderNotCancellableError | null {
    const process = this.engine.process;
    if (items.length && items.every((i) => process.hasFlag(i.state, 'cancellable'))) return null;
    if (items.some((i) => process.hasFlag(i.state, 'shipped'))) {
      return new OrderNotCancellableError(
        NotCancellableReason.ALREADY_SHIPPED,
        'This order can no longer be cancelled because items have already shipped.',
      );
    }
    if (items.some((i) => i.state === CANCELLED_STATE)) {
      return new OrderNotCancellableError(
        NotCancellableReason.PARTLY_CANCELLED,
        'Part of this order was cancelled already and the rest can no longer be cancelled online; please contact us.',
      );
    }
    return new OrderNotCancellableError(
      NotCancellableReason.WINDOW_CLOSED,
      'The time to cancel this order has passed; it is being prepared for shipping.',
    );
  }
}
