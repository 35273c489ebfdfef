import type { Viewer } from '../auth/viewer';
import type { SalesOrder } from './sales-order.entity';

/**
 * Back office and the system see every order; a customer only their own (never a guest order); a guest with an
 * access token that one order; anonymous callers none.
 */
export function visibleTo(viewer: Viewer, order: SalesOrder): boolean {
  if (viewer.kind === 'back-office' || viewer.kind === 'system') return true;
  if (viewer.kind === 'guest') return viewer.orderId === order.id;
  return viewer.kind === 'customer' && viewer.customerReference === order.customerReference;
}
