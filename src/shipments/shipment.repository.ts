import type { DeepPartial, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Shipment } from './shipment.entity';

/** The shipments of an order in PostgreSQL, through the manager of the caller's transaction. */
export class ShipmentRepository {
  constructor(private readonly manager: EntityManager) {}

  byId(id: number): Promise<Shipment | null> {
    return this.manager.findOneBy(Shipment, { id });
  }

  byIds(ids: number[]): Promise<Shipment[]> {
    return this.manager.findBy(Shipment, { id: In(ids) });
  }

  /** An order's shipments, by id. */
  ofOrder(orderId: number): Promise<Shipment[]> {
    return this.manager.find(Shipment, { where: { orderId }, order: { id: 'ASC' } });
  }

  insert(values: DeepPartial<Shipment>): Promise<Shipment> {
    return this.manager.save(this.manager.create(Shipment, values));
  }

  save(shipment: Shipment): Promise<Shipment> {
    return this.manager.save(shipment);
  }

  async remove(id: number): Promise<void> {
    await this.manager.delete(Shipment, { id });
  }

  async setExpense(id: number, expenseAmount: number, expenseTaxAmount: number): Promise<void> {
    await this.manager.update(Shipment, { id }, { expenseAmount, expenseTaxAmount });
  }

  async setExpenseCanceled(id: number, expenseCanceledAmount: number): Promise<void> {
    await this.manager.update(Shipment, { id }, { expenseCanceledAmount });
  }

  /** The order's other shipments, each with how many items it holds and how many of them are still live. */
  itemCountsOfOtherShipments(
    orderId: number,
    exceptShipmentId: number,
  ): Promise<{ id: number; rows: number; live: number }[]> {
    return this.manager.query(
      `SELECT s.id, count(i.id)::int AS rows, (count(i.id) FILTER (WHERE i.canceled_amount < i.sum_price))::int AS live
         FROM sales_shipment s LEFT JOIN sales_order_item i ON i.shipment_id = s.id
        WHERE s.order_id = $1 AND s.id <> $2 GROUP BY s.id`,
      [orderId, exceptShipmentId],
    );
  }
}
