import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { entityReader } from '../database/entity-reader';
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
  readonly orderById: DataLoader<number, SalesOrder | undefined>;
  readonly itemCountByOrder: DataLoader<number, number>;
  readonly itemStatesByOrder: DataLoader<number, string[]>;
  readonly changesByOrder: DataLoader<number, OrderChange[]>;
  /** Items and shipments together, in one statement, for a query that shows both (see itemsOf, shipmentsOf). */
  readonly contentsByOrder: DataLoader<number, { items: SalesItem[]; shipments: Shipment[] }>;

  /** Currencies of the orders this request has seen, so that money fields need not wait for a batch. */
  private readonly currencies = new Map<number, string>();

  constructor(manager: EntityManager) {
    // Plain SQL read into entities: what find() sent, without rebuilding the statement for every batch.
    const items = entityReader(manager, SalesItem);
    const shipments = entityReader(manager, Shipment);
    const orders = entityReader(manager, SalesOrder);
    const changes = entityReader(manager, OrderChange);
    this.itemsByOrder = new DataLoader(async (orderIds) => {
      const rows = await items.query(
        manager,
        `SELECT ${items.selectList('i')} FROM ${items.tableName} i WHERE i.order_id = ANY($1::bigint[]) ORDER BY i.id`,
        [orderIds],
      );
      const groups = groupBy(rows, (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.shipmentsByOrder = new DataLoader(async (orderIds) => {
      const rows = await shipments.query(
        manager,
        `SELECT ${shipments.selectList('s')} FROM ${shipments.tableName} s WHERE s.order_id = ANY($1::bigint[]) ORDER BY s.id`,
        [orderIds],
      );
      const groups = groupBy(rows, (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.orderById = new DataLoader(async (ids) => {
      const rows = await orders.query(
        manager,
        `SELECT ${orders.selectList('o')} FROM ${orders.tableName} o WHERE o.id = ANY($1::bigint[])`,
        [ids],
      );
      for (const order of rows) this.currencies.set(order.id, order.currencyCode);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    });
    // Both tables in one round trip, each row as JSON (their columns differ): the rows then answer itemsByOrder
    // and shipmentsByOrder too, before anything below the order asks them.
    this.contentsByOrder = new DataLoader(async (orderIds) => {
      const rows: { kind: string; row: Record<string, unknown> }[] = await manager.query(
        `SELECT 'item' AS kind, i.id, row_to_json(i) AS row
           FROM ${items.tableName} i WHERE i.order_id = ANY($1::bigint[])
         UNION ALL
         SELECT 'shipment', s.id, row_to_json(s)
           FROM ${shipments.tableName} s WHERE s.order_id = ANY($1::bigint[])
         ORDER BY kind, id`,
        [orderIds],
      );
      const itemRows = rows.filter((r) => r.kind === 'item').map((r) => items.read(r.row));
      const shipmentRows = rows.filter((r) => r.kind === 'shipment').map((r) => shipments.read(r.row));
      const itemGroups = groupBy(itemRows, (r) => r.orderId);
      const shipmentGroups = groupBy(shipmentRows, (r) => r.orderId);
      return orderIds.map((id) => {
        const contents = { items: itemGroups.get(id) ?? [], shipments: shipmentGroups.get(id) ?? [] };
        this.itemsByOrder.prime(id, contents.items);
        this.shipmentsByOrder.prime(id, contents.shipments);
        return contents;
      });
    });
    this.changesByOrder = new DataLoader(async (orderIds) => {
      const rows = await changes.query(
        manager,
        `SELECT ${changes.selectList('c')} FROM ${changes.tableName} c WHERE c.order_id = ANY($1::bigint[]) ORDER BY c.id`,
        [orderIds],
      );
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

  /** Makes `order` known to this request: loading it by id, or the currency of its amounts, then costs nothing. */
  remember(order: SalesOrder): void {
    this.orderById.prime(order.id, order);
    this.currencies.set(order.id, order.currencyCode);
  }

  /** The currency of an order this request has already seen, or undefined (then ask orderOf). */
  knownCurrency(orderId: number): string | undefined {
    return this.currencies.get(orderId);
  }

  /** An order's items; with its shipments in the same statement when the query shows those too. */
  async itemsOf(orderId: number, withShipments: boolean): Promise<SalesItem[]> {
    return withShipments ? (await this.contentsByOrder.load(orderId)).items : this.itemsByOrder.load(orderId);
  }

  /** An order's shipments; with its items in the same statement when the query shows those too. */
  async shipmentsOf(orderId: number, withItems: boolean): Promise<Shipment[]> {
    return withItems
      ? (await this.contentsByOrder.load(orderId)).shipments
      : this.shipmentsByOrder.load(orderId);
  }

  /** The order a row belongs to: usually already primed by the order that led to the row. */
  async orderOf(row: { orderId: number }): Promise<SalesOrder> {
    const order = await this.orderById.load(row.orderId);
    if (!order) throw new Error(`order ${row.orderId} vanished`);
    return order;
  }

  /**
   * The shipment of an item, through its order's shipments batch rather than a batch by shipment id, so that a
   * page costs the same number of statements whichever batch answers first.
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
    this.orderById.clearAll();
    this.itemCountByOrder.clearAll();
    this.itemStatesByOrder.clearAll();
    this.changesByOrder.clearAll();
    this.contentsByOrder.clearAll();
    this.currencies.clear();
  }
}
