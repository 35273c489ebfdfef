import type { RequestContext } from '../common/request-context';
import { visibleTo } from './order-visibility';
import { SalesOrder } from './sales-order.entity';

/**
 * Locks the order row (SELECT … FOR UPDATE) for the rest of the transaction: every change to an order, its items
 * or shipments takes this lock first, so concurrent cancels, events and edits of one order run one after another.
 * Returns null when the order does not exist or the viewer may not see it.
 */
export async function lockOrderByReference(
  tx: RequestContext,
  reference: string,
): Promise<SalesOrder | null> {
  const order = await tx.manager.findOne(SalesOrder, {
    where: { reference },
    lock: { mode: 'pessimistic_write' },
  });
  return order && visibleTo(tx.viewer, order) ? order : null;
}

export async function lockOrderById(tx: RequestContext, id: number): Promise<SalesOrder | null> {
  const order = await tx.manager.findOne(SalesOrder, { where: { id }, lock: { mode: 'pessimistic_write' } });
  return order && visibleTo(tx.viewer, order) ? order : null;
}
