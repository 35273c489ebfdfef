import { actorOf } from '../auth/viewer';
import type { RequestContext } from '../common/request-context';
import { requestLoader } from '../common/request-loader';
import type { InvoiceService } from '../invoices/invoice.service';
import type { OmsRegistry } from '../oms/oms-registry';
import { OrderRepository } from '../orders/order.repository';
import type { SalesItem } from '../orders/sales-item.entity';
import type { SalesOrder } from '../orders/sales-order.entity';
import { ShipmentRepository } from '../shipments/shipment.repository';
import type { Refund } from './refund.entity';
import { RefundRepository } from './refund.repository';

/** What was paid for an item and neither cancelled nor refunded yet. */
export const refundableAmount = (item: SalesItem): number =>
  Math.max(0, item.sumPrice - item.canceledAmount - item.refundedAmount);

/**
 * The `refund` event's command (`refund-items`): records what is paid back in the trigger's transaction, with the
 * order row locked, so concurrent refunds of the same items run one after another and the second finds them
 * refunded (moved on, or with nothing refundable left). Items are refunded whole, so a non-splittable line is too.
 * A shipment's shipping is refunded with its last item; once the order is invoiced, each refund issues a credit
 * note for exactly its amount, so the invoice less its credit notes is what the customer keeps paying.
 */
export class RefundService {
  constructor(private readonly invoices: InvoiceService) {}

  register(registry: OmsRegistry): void {
    registry.registerCommand('refund-items', ({ tx, order, items }) => this.refund(tx, order, items));
  }

  private async refund(tx: RequestContext, order: SalesOrder, items: SalesItem[]): Promise<void> {
    const chosen = items.filter((i) => refundableAmount(i) > 0);
    if (!chosen.length) return;
    const refunds = new RefundRepository(tx.manager);
    const ids = new Set(chosen.map((i) => i.id));
    const all = await new OrderRepository(tx.manager).itemsOfOrder(order.id);
    const shipments = await new ShipmentRepository(tx.manager).ofOrder(order.id);

    const itemAmount = chosen.reduce((sum, i) => sum + refundableAmount(i), 0);
    let expenseAmount = 0;
    const touched = new Set(chosen.map((i) => i.shipmentId));
    for (const shipment of shipments.filter((s) => touched.has(s.id))) {
      const othersOpen = all.some(
        (i) => i.shipmentId === shipment.id && !ids.has(i.id) && refundableAmount(i) > 0,
      );
      const due = shipment.expenseAmount - shipment.expenseCanceledAmount - shipment.expenseRefundedAmount;
      if (othersOpen || due <= 0) continue;
      shipment.expenseRefundedAmount += due;
      expenseAmount += due;
      await refunds.setExpenseRefunded(shipment.id, shipment.expenseRefundedAmount);
    }
    await refunds.refundItemsWhole([...ids]);
    for (const item of chosen) item.refundedAmount = item.sumPrice - item.canceledAmount;

    const refund = await refunds.insert({
      orderId: order.id,
      currencyCode: order.currencyCode,
      itemAmount,
      expenseAmount,
      amount: itemAmount + expenseAmount,
      itemIds: [...ids],
      creditNoteId: null,
      actor: actorOf(tx.viewer),
      source: tx.source,
      createdAt: tx.clock.now(),
    });
    const creditNote = await this.invoices.creditNoteForRefund(tx, order, [...ids]);
    if (!creditNote) return;
    // The two are computed apart (the credit note settles shipping per tax rate): they must agree to the cent.
    if (creditNote.grandTotal !== -refund.amount) {
      throw new Error(
        `credit note ${creditNote.reference} totals ${creditNote.grandTotal}, refund ${refund.id} ${refund.amount}`,
      );
    }
    await refunds.setCreditNote(refund.id, creditNote.id);
  }

  /** An order's refunds, oldest first; the orders of a page in one statement. */
  refundsOf(ctx: RequestContext, orderId: number): Promise<Refund[]> {
    return requestLoader<number, Refund[]>(ctx, 'refundsByOrder', async (orderIds) => {
      const rows = await new RefundRepository(ctx.manager).ofOrders(orderIds);
      return orderIds.map((id) => rows.filter((r) => r.orderId === id));
    }).load(orderId);
  }
}
