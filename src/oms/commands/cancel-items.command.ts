import { OrderRepository } from '../../orders/order.repository';
import type { OmsCommand } from '../oms-registry';

/**
 * The `cancel` event's command: the cancelled items' whole price becomes their canceled amount. The engine then
 * recomputes the order, which also cancels the expense of a shipment left with no live item.
 */
export const cancelItemsCommand: OmsCommand = async ({ tx, items }) => {
  await new OrderRepository(tx.manager).cancelItemsFully(items.map((i) => i.id));
  for (const item of items) item.canceledAmount = item.sumPrice;
};
