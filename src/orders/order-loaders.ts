import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import { Shipment } from '../shipments/shipment.entity';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

function groupBy<T, K>(rows: T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Per-request batch loaders: whatever the page size, a list of orders costs one statement for its items and one
 * for its shipments. Always read outside any transaction, after commit.
 */
export class OrderLoaders {
  readonly itemsByOrder: DataLoader<number, SalesItem[]>;
  readonly shipmentsByOrder: DataLoader<number, Shipment[]>;
  readonly shipmentById: DataLoader<number, Shipment | undefined>;
  readonly orderById: DataLoader<number, SalesOrder | undefined>;

  constructor(manager: EntityManager) {
    this.itemsByOrder = new DataLoader(async (orderIds) => {
      const rows = await manager.find(SalesItem, {
        where: { orderId: In([...orderIds]) },
        order: { id: 'ASC' },
      });
      const groups = groupBy(rows, (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.shipmentsByOrder = new DataLoader(async (orderIds) => {
      const rows = await manager.find(Shipment, {
        where: { orderId: In([...orderIds]) },
        order: { id: 'ASC' },
      });
      for (const row of rows) this.shipmentById.prime(row.id, row);
      const groups = groupBy(rows, (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.shipmentById = new DataLoader(async (ids) => {
      const rows = await manager.find(Shipment, { where: { id: In([...ids]) } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    });
    this.orderById = new DataLoader(async (ids) => {
      const rows = await manager.find(SalesOrder, { where: { id: In([...ids]) } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    });
  }

  /** The order a row belongs to: usually already primed by the order that led to the row. */
  async orderOf(row: { orderId: number }): Promise<SalesOrder> {
    const order = await this.orderById.load(row.orderId);
    if (!order) throw new Error(`order ${row.orderId} vanished`);
    return order;
  }

  /** Items of one shipment, through the order's batch (a shipment's items are a subset of its order's). */
  async itemsOfShipment(shipment: Shipment): Promise<SalesItem[]> {
    const items = await this.itemsByOrder.load(shipment.orderId);
    return items.filter((item) => item.shipmentId === shipment.id);
  }

  clearAll(): void {
    this.itemsByOrder.clearAll();
    this.shipmentsByOrder.clearAll();
    this.shipmentById.clearAll();
    this.orderById.clearAll();
  }
}
