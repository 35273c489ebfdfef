import type { RequestContext } from '../common/request-context';
import { Shipment } from '../shipments/shipment.entity';
import { calculateTotals } from './order-calculator';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

/**
 * Recomputes an order's stored totals from its items and shipments, inside the caller's transaction (which holds
 * the order lock). A shipment whose items are all fully cancelled has its expense cancelled too; a shipment that
 * regains a live item gets its expense back.
 */
export async function recalculateOrder(tx: RequestContext, order: SalesOrder): Promise<void> {
  const items = await tx.manager.find(SalesItem, {
    where: { orderId: order.id },
    select: { id: true, shipmentId: true, sumPrice: true, taxRateBp: true, canceledAmount: true },
  });
  const shipments = await tx.manager.find(Shipment, { where: { orderId: order.id } });

  const liveShipments = new Set(items.filter((i) => i.canceledAmount < i.sumPrice).map((i) => i.shipmentId));
  for (const shipment of shipments) {
    const canceled = liveShipments.has(shipment.id) ? 0 : shipment.expenseAmount;
    if (shipment.expenseCanceledAmount !== canceled) {
      shipment.expenseCanceledAmount = canceled;
      await tx.manager.update(Shipment, { id: shipment.id }, { expenseCanceledAmount: canceled });
    }
  }

  const totals = calculateTotals(items, shipments);
  Object.assign(order, totals);
  await tx.manager.update(SalesOrder, { id: order.id }, { ...totals, updatedAt: tx.clock.now() });
}
