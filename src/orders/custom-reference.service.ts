import type { RequestContext } from '../common/request-context';
import { logOrderChange } from './order-change-log';
import { inLockedOrder } from './order-lock';
import { OrderRepository } from './order.repository';
import type { SetCustomOrderReferenceResult } from './set-custom-order-reference.result';

/** Back office adds, changes or removes the buyer's own order reference at any time (no state limits). */
export class CustomReferenceService {
  async set(
    ctx: RequestContext,
    orderReference: string,
    customReference: string | null | undefined,
  ): Promise<SetCustomOrderReferenceResult> {
    return inLockedOrder(ctx, orderReference, async (tx, order) => {
      const previous = order.customReference;
      order.customReference = customReference?.trim() || null;
      if (previous === order.customReference) return order;
      await new OrderRepository(tx.manager).setCustomReference(order.id, order.customReference);
      await logOrderChange(
        tx,
        order.id,
        order.customReference ? 'CUSTOM_REFERENCE_SET' : 'CUSTOM_REFERENCE_REMOVED',
        order.customReference
          ? `Custom order reference set to "${order.customReference}"${previous ? ` (was "${previous}")` : ''}.`
          : `Custom order reference "${previous}" removed.`,
        { previous, current: order.customReference },
      );
      return order;
    });
  }
}
