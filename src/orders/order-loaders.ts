import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { Shipment } from '../shipments/shipment.entity';
import type { OrderChange } from './order-change.entity';
import { OrderPageRow, OrderRepository } from './order.repository';
import type { SalesItem } from './sales-item.entity';
import type { SalesOrder } from './sales-order.entity';

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

/** An order's items and shipments, as one statement reads them. */
interface Contents {
  items: SalesItem[];
  shipments: Shipment[];
}

declare module '../common/request-context' {
  interface RequestContext {
    /** The order aggregate's batch loaders for this request. */
    loaders: OrderLoaders;
  }
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
  readonly contentsByOrder: DataLoader<number, Contents>;

  /** Currencies of the orders this request has seen, so that money fields need not wait for a batch. */
  private readonly currencies = new Map<number, string>();
  /**
   * What a list read ahead with its orders (rememberContents). Answered synchronously, not through the loaders: a
   * primed DataLoader still answers with a promise, and the fields below each order awaited two of them per order.
   */
  private readonly readAhead = new Map<number, Omit<OrderPageRow, 'order'>>();

  constructor(manager: EntityManager) {
    const orders = new OrderRepository(manager);
    this.itemsByOrder = new DataLoader(async (orderIds) => {
      const groups = groupBy(await orders.itemsOfOrders(orderIds), (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.shipmentsByOrder = new DataLoader(async (orderIds) => {
      const groups = groupBy(await orders.shipmentsOfOrders(orderIds), (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.orderById = new DataLoader(async (ids) => {
      const rows = await orders.ordersByIds(ids);
      for (const order of rows) this.currencies.set(order.id, order.currencyCode);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    });
    // Both in one round trip: the rows then answer itemsByOrder and shipmentsByOrder too, before anything below
    // the order asks them.
    this.contentsByOrder = new DataLoader(async (orderIds) => {
      const { items, shipments } = await orders.itemsAndShipmentsOfOrders(orderIds);
      const itemGroups = groupBy(items, (r) => r.orderId);
      const shipmentGroups = groupBy(shipments, (r) => r.orderId);
      return orderIds.map((id) => {
        const contents = { items: itemGroups.get(id) ?? [], shipments: shipmentGroups.get(id) ?? [] };
        this.itemsByOrder.prime(id, contents.items);
        this.shipmentsByOrder.prime(id, contents.shipments);
        return contents;
      });
    });
    this.changesByOrder = new DataLoader(async (orderIds) => {
      const groups = groupBy(await orders.changesOfOrders(orderIds), (r) => r.orderId);
      return orderIds.map((id) => groups.get(id) ?? []);
    });
    this.itemCountByOrder = new DataLoader(async (orderIds) => {
      const byOrder = new Map((await orders.itemCountsOfOrders(orderIds)).map((r) => [r.orderId, r.n]));
      return orderIds.map((id) => byOrder.get(id) ?? 0);
    });
    this.itemStatesByOrder = new DataLoader(async (orderIds) => {
      const groups = groupBy(await orders.itemStatesOfOrders(orderIds), (r) => r.orderId);
      // Sorted here, by code point as before, not by the database's collation.
      return orderIds.map((id) => (groups.get(id) ?? []).map((r) => r.state).sort());
    });
  }

  /** Makes `order` known to this request: loading it by id, or the currency of its amounts, then costs nothing. */
  remember(order: SalesOrder): void {
    this.orderById.prime(order.id, order);
    this.currencies.set(order.id, order.currencyCode);
  }

  /** An order a list read, with what it read ahead: the fields below then load nothing of those. */
  rememberContents(row: OrderPageRow): void {
    const { order, items, shipments } = row;
    this.remember(order);
    if (items || shipments) this.readAhead.set(order.id, { items, shipments });
  }

  /** The currency of an order this request has already seen, or undefined (then ask orderOf). */
  knownCurrency(orderId: number): string | undefined {
    return this.currencies.get(orderId);
  }

  /**
   * An order's items: at once when read ahead; otherwise with its shipments in the same statement when the query
   * shows those too.
   */
  itemsOf(orderId: number, withShipments: boolean): SalesItem[] | Promise<SalesItem[]> {
    return this.contentsPart(orderId, 'items', withShipments, this.itemsByOrder);
  }

  /**
   * An order's shipments: at once when read ahead; otherwise with its items in the same statement when the query
   * shows those too.
   */
  shipmentsOf(orderId: number, withItems: boolean): Shipment[] | Promise<Shipment[]> {
    return this.contentsPart(orderId, 'shipments', withItems, this.shipmentsByOrder);
  }

  private contentsPart<K extends 'items' | 'shipments'>(
    orderId: number,
    part: K,
    withOther: boolean,
    alone: DataLoader<number, Contents[K]>,
  ): Contents[K] | Promise<Contents[K]> {
    const known = this.readAhead.get(orderId)?.[part];
    if (known) return known as Contents[K];
    return withOther
      ? this.contentsByOrder.load(orderId).then((contents) => contents[part])
      : alone.load(orderId);
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
    const shipments = await this.shipmentsOf(item.orderId, false);
    return shipments.find((s) => s.id === item.shipmentId);
  }

  /** Items of one shipment, through the order's batch (a shipment's items are a subset of its order's). */
  async itemsOfShipment(shipment: Shipment): Promise<SalesItem[]> {
    const items = await this.itemsOf(shipment.orderId, false);
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
    this.readAhead.clear();
  }
}
