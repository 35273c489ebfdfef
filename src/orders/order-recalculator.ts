import type { RequestContext } from '../common/request-context';
import { Shipment } from '../shipments/shipment.entity';
import { calculateTotals, PricedExpense, PricedItem } from './order-calculator';
import { SalesOrder } from './sales-order.entity';

interface AmountRow {
  kind: 'item' | 'shipment';
  id: number;
  /** The item's shipment; null on a shipment's own row. */
  shipmentId: number | null;
  /** sum_price of an item, expense_amount of a shipment; likewise for the tax rate and the cancelled part. */
  amount: number;
  taxRateBp: number;
  canceledAmount: number;
}

/**
 * Recomputes an order's stored totals from its items and shipments, inside the caller's transaction (which holds
 * the order lock). A shipment whose items are all fully cancelled has its expense cancelled too; a shipment that
 * regains a live item gets its expense back. The amounts of both come in one statement: the state machine runs
 * this after every move, and each round trip to PostgreSQL costs the server more than the rows do.
 */
export async function recalculateOrder(tx: RequestContext, order: SalesOrder): Promise<void> {
  const rows: AmountRow[] = await tx.manager.query(
    `SELECT 'item' AS kind, id, shipment_id AS "shipmentId", sum_price AS amount, tax_rate_bp AS "taxRateBp",
            canceled_amount AS "canceledAmount"
       FROM sales_order_item WHERE order_id = $1
     UNION ALL
     SELECT 'shipment', id, NULL, expense_amount, expense_tax_rate_bp, expense_canceled_amount
       FROM sales_shipment WHERE order_id = $1`,
    [order.id],
  );
  const items: (PricedItem & { shipmentId: number })[] = [];
  const shipments: (PricedExpense & { id: number })[] = [];
  for (const row of rows) {
    if (row.kind === 'item') {
      items.push({
        shipmentId: row.shipmentId!,
        sumPrice: row.amount,
        taxRateBp: row.taxRateBp,
        canceledAmount: row.canceledAmount,
      });
    } else {
      shipments.push({
        id: row.id,
        expenseAmount: row.amount,
        expenseTaxRateBp: row.taxRateBp,
        expenseCanceledAmount: row.canceledAmount,
      });
    }
  }

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
  await tx.manager.query(
    `UPDATE sales_order SET subtotal = $2, expense_total = $3, discount_total = $4, tax_total = $5, grand_total = $6,
            canceled_total = $7, refund_total = $8, updated_at = $9
      WHERE id = $1`,
    [
      order.id,
      totals.subtotal,
      totals.expenseTotal,
      totals.discountTotal,
      totals.taxTotal,
      totals.grandTotal,
      totals.canceledTotal,
      totals.refundTotal,
      tx.clock.now(),
    ],
  );
}
