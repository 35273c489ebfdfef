import { actorOf } from '../auth/viewer';
import type { RequestContext } from '../common/request-context';

/** Records a change (an OrderChange row) in the order's history, in the caller's transaction, so it commits with the change itself. */
export async function logOrderChange(
  tx: RequestContext,
  orderId: number,
  action: string,
  description: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await tx.manager.query(
    `INSERT INTO sales_order_change (order_id, action, description, details, actor, source, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [orderId, action, description, JSON.stringify(details), actorOf(tx.viewer), tx.source, tx.clock.now()],
  );
}
