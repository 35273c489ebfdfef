import type { DeepPartial, EntityManager } from 'typeorm';
import { entityReader } from '../database/entity-reader';
import { Refund } from './refund.entity';

/** Refunds, and the refunded amounts they leave on items and shipments. */
export class RefundRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(values: DeepPartial<Refund>): Promise<Refund> {
    return this.manager.save(this.manager.create(Refund, values));
  }

  async setCreditNote(refundId: number, creditNoteId: number): Promise<void> {
    await this.manager.query(`UPDATE sales_refund SET credit_note_id = $2 WHERE id = $1`, [
      refundId,
      creditNoteId,
    ]);
  }

  /** Marks the items refunded whole: what was left of each after cancellation. */
  async refundItemsWhole(itemIds: number[]): Promise<void> {
    await this.manager.query(
      `UPDATE sales_order_item SET refunded_amount = sum_price - canceled_amount WHERE id = ANY($1::bigint[])`,
      [itemIds],
    );
  }

  async setExpenseRefunded(shipmentId: number, amount: number): Promise<void> {
    await this.manager.query(`UPDATE sales_shipment SET expense_refunded_amount = $2 WHERE id = $1`, [
      shipmentId,
      amount,
    ]);
  }

  /** The refunds of several orders, each order's oldest first. */
  ofOrders(orderIds: readonly number[]): Promise<Refund[]> {
    const refunds = entityReader(this.manager, Refund);
    return refunds.query(
      this.manager,
      `SELECT ${refunds.selectList('r')} FROM ${refunds.tableName} r WHERE r.order_id = ANY($1::bigint[])
        ORDER BY r.order_id, r.id`,
      [orderIds],
    );
  }
}
