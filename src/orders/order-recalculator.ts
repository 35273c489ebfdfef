import type { RequestContext } from '../common/request-context';
import { ShipmentRepository } from '../shipments/shipment.repository';
import { calculateTotals, PricedExpense, PricedItem } from './order-calculator';
import { OrderRepository } from './order.repository';
import type { SalesOrder } from './sales-order.entity';

/**
 * Recomputes an order's stored totals from its items and shipments, inside the caller's transaction (which holds
 * the order lock). A shipment whose items are all fully cancelled has its expense cancelled too; a shipment that
 * regains a live item gets its expense back. The amounts of both come in one statement: the state machine runs
 * this after every move, and each round trip to PostgreSQL costs the server more than the rows do.
 */
export async function recalculateOrder(tx: RequestContext, order: SalesOrder): Promise<void> {
  const orders = new OrderRepository(tx.manager);
  const rows = await orders.amountsOfItemsAndShipments(order.id);
  const items: (PricedItem & { shipmentId: number })[] = [];
  const shipments: (PricedExpense & { id: number })[] = [];
  for (const row of rows) {
    if (row.kind === 'item') {
      items.push({
        shipmentId: row.shipmentId!,
        sumPrice: row.amount,
        taxRateBp: row.taxRateBp,
        canceledAmount: row.canceledAmount,
        refundedAmount: row.refundedAmount,
      });
    } else {
      shipments.push({
        id: row.id,
        expenseAmount: row.amount,
        expenseTaxRateBp: row.taxRateBp,
        expenseCanceledAmount: row.canceledAmount,
        expenseRefundedAmount: row.refundedAmount,
      });
    }
  }

  const liveShipments = new Set(items.filter((i) => i.canceledAmount < i.sumPrice).map((i) => i.shipmentId));
  for (const shipment of shipments) {
    const canceled = liveShipments.has(shipment.id) ? 0 : shipment.expenseAmount;
    if (shipment.expenseCanceledAmount !== canceled) {
      shipment.expenseCanceledAmount = canceled;
      await new ShipmentRepository(tx.manager).setExpenseCanceled(shipment.id, canceled);
    }
  }

  const totals = calculateTotals(items, shipments);
  Object.assign(order, totals);
  await orders.updateTotals(order.id, totals, tx.clock.now());
}
