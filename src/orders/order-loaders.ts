import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import { Shipment } from '../shipments/shipment.entity';
import { OrderChange } from './order-change.entity';
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
  readonly itemCountByOrder: DataLoader<number, number>;
  readonly itemStatesByOrder: DataLoader<number, string[]>;
  readonly changesByOrder: DataLoader<number, OrderChange[]>;

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
    this.changesByOrder = new DataLoader(async (orderIds) => {
      const rows = await manager.find(OrderChange, {
        where: { orderId: In([...orderIds]) },
        order: { id: 'ASC' },
      });
      const groups = groupBy(rows, (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    // Counted in the database: a list showing item counts need not load a single item.
    this.itemCountByOrder = new DataLoader(async (orderIds) => {
      const rows: { orderId: number; n: number }[] = await manager.query(
        `SELECT order_id AS "orderId", count(*)::bigint AS n FROM sales_order_item
          WHERE order_id = ANY($1::bigint[]) GROUP BY order_id`,
        [[...orderIds]],
      );
      const byOrder = new Map(rows.map((r) => [r.orderId, r.n]));
      return orderIds.map((id) => byOrder.get(id) ?? 0);
    });
    // A loose index scan over sales_order_item_order_state_idx: per order, one probe per distinct state (the
    // next state above the last one found), so a B2B order of thousands of items costs a few probes, not its rows.
    this.itemStatesByOrder = new DataLoader(async (orderIds) => {
      const rows: { orderId: number; state: string }[] = await manager.query(
        `WITH RECURSIVE found (order_id, state) AS (
           SELECT o.id, (SELECT min(i.state) FROM sales_order_item i WHERE i.order_id = o.id)
             FROM unnest($1::bigint[]) AS o (id)
           UNION ALL
           SELECT f.order_id,
                  (SELECT min(i.state) FROM sales_order_item i WHERE i.order_id = f.order_id AND i.state > f.state)
             FROM found f WHERE f.state IS NOT NULL
         )
         SELECT order_id AS "orderId", state FROM found WHERE state IS NOT NULL`,
        [[...orderIds]],
      );
      const groups = groupBy(rows, (r) => r.orderId);
      // Sorted here, by code point as before, not by the database's collation.
      return orderIds.map((id) => (groups.get(id) ?? []).map((r) => r.state).sort());
    });
  }

  /** The order a row belongs to: usually already primed by the order that led to the row. */
  async orderOf(row: { orderId: number }): Promise<SalesOrder> {
    const order = await this.orderById.load(row.orderId);
    if (!order) throw new Error(`order ${row.orderId} vanished`);
    return order;
  }

  /**
   * The shipment of an item, through its order's shipments batch. Not through shipmentById: whether that finds
   * the shipment primed or sends a statement of its own would depend on which batch answers first, and a page
   * must cost the same number of statements every time.
   */
  async shipmentOf(item: { orderId: number; shipmentId: number }): Promise<Shipment | undefined> {
    const shipments = await this.shipmentsByOrder.load(item.orderId);
    return shipments.find((s) => s.id === item.shipmentId);
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
    this.itemCountByOrder.clearAll();
    this.itemStatesByOrder.clearAll();
    this.changesByOrder.clearAll();
  }
}
