import type { FindOptionsWhere } from 'typeorm';
import type { RequestContext } from '../common/request-context';
import { inTransaction } from '../database/transaction';
import { OrderNotFoundError } from './order-not-found.error';
import { OrderRepository } from './order.repository';
import type { SalesOrder } from './sales-order.entity';

/**
 * Who may lock which order, as part of the statement itself: a customer's lock names their reference too, so
 * a customer who guesses another customer's order reference neither waits for nor takes that order's lock.
 * Null: the caller may lock nothing (anonymous callers).
 */
function ownedBy(tx: RequestContext): FindOptionsWhere<SalesOrder> | null {
  switch (tx.viewer.kind) {
    case 'back-office':
    case 'system':
      return {};
    case 'customer':
      return { customerReference: tx.viewer.customerReference };
    case 'guest':
      return { id: tx.viewer.orderId };
    default:
      return null;
  }
}

async function lockWhere(
  tx: RequestContext,
  where: FindOptionsWhere<SalesOrder>,
): Promise<SalesOrder | null> {
  const owner = ownedBy(tx);
  if (!owner) return null;
  return new OrderRepository(tx.manager).lockOne({ ...where, ...owner });
}

/**
 * Locks the order row (SELECT … FOR UPDATE) for the rest of the transaction: every change to an order, its items
 * or shipments takes this lock first, so concurrent cancels, events and edits of one order run one after another.
 * Returns null when the order does not exist or the viewer may not see it; one statement checks both.
 */
export function lockOrderByReference(tx: RequestContext, reference: string): Promise<SalesOrder | null> {
  return lockWhere(tx, { reference });
}

export function lockOrderById(tx: RequestContext, id: number): Promise<SalesOrder | null> {
  return lockWhere(tx, { id });
}

/**
 * A mutation of one order as every one runs: one transaction, the order row locked first, and the order's absence
 * (or invisibility to the viewer) answered as OrderNotFoundError before anything is written.
 */
export function inLockedOrder<T>(
  ctx: RequestContext,
  reference: string,
  work: (tx: RequestContext, order: SalesOrder) => Promise<T>,
): Promise<T | OrderNotFoundError> {
  return inTransaction(ctx, async (tx) => {
    const order = await lockOrderByReference(tx, reference);
    return order ? work(tx, order) : new OrderNotFoundError(reference);
  });
}
