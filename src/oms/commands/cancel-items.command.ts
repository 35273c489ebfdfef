import type { OmsCommand } from '../oms-registry';

/**
 * The `cancel` event's command: the cancelled items' whole price becomes their canceled amount. The engine then
 * recomputes the order, which also cancels the expense of a shipment left with no live item.
 */
export const cancelItemsCommand: OmsCommand = async ({ tx, items }) => {
  await tx.manager.query(`UPDATE sales_order_item SET canceled_amount = sum_price WHERE id = ANY($1)`, [
    items.map((i) => i.id),
  ]);
  for (const item of items) item.canceledAmount = item.sumPrice;
};
