import { actorOf } from '../auth/viewer';
import type { RequestContext } from '../common/request-context';
import { OrderRepository } from './order.repository';

/** Records a change (an OrderChange row) in the order's history, in the caller's transaction, so it commits with the change itself. */
export async function logOrderChange(
  tx: RequestContext,
  orderId: number,
  action: string,
  description: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await new OrderRepository(tx.manager).appendChange({
    orderId,
    action,
    description,
    details,
    actor: actorOf(tx.viewer),
    source: tx.source,
    createdAt: tx.clock.now(),
  });
}
