import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { SortDirection } from '../common/sort-direction.enum';
import type { Address } from './address';
import { SqlConditions } from '../database/sql-conditions';
import { prepared } from '../database/prepared';
import { entityReader } from '../database/entity-reader';
import { Shipment } from '../shipments/shipment.entity';
import type { OrderTotalsValues } from './order-calculator';
import { OrderChange } from './order-change.entity';
import {
  Column,
  InsertedOrder,
  ITEM_COLUMNS,
  itemValues,
  names,
  NewItemRow,
  NewOrderRow,
  NewShipmentRow,
  ORDER_COLUMNS,
  orderValues,
  SHIPMENT_COLUMNS,
  shipmentValues,
} from './order-rows';
import type { OrderKeyset } from './order-sort';
import { OrderSortField } from './order-sort-field.enum';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

/**
 * `{STORE}--{n}` from one database sequence: unique under any concurrency, as Spryker's `DE--1`. An SQL expression
 * for the INSERT of the order itself, so that the number costs no statement of its own.
 */
const ORDER_REFERENCE_SQL = (storeParameter: string) =>
  `${storeParameter} || '--' || nextval('sales_order_reference_seq')`;

/**
 * Free-text search looks in `sales_order.search_text` (migration 1764202200000): the lower-cased reference, custom
 * reference, e-mail and "first last" name joined by the unit separator (U+001F), with a trigram index. Matching
 * `LIKE lower(pattern)` on it is what ILIKE on the four fields would find, without rebuilding the text per row.
 */
const ORDER_SEARCH_CONDITION = (parameter: string) => `o.search_text LIKE lower(${parameter})`;

/** The column of each sort on alias `o`; with id it matches an index in the same or the exactly reversed order. */
const SORT_COLUMNS: Record<OrderSortField, string> = {
  [OrderSortField.CREATED_AT]: 'o.created_at',
  [OrderSortField.REFERENCE]: 'o.reference_number',
  [OrderSortField.GRAND_TOTAL]: 'o.grand_total',
  [OrderSortField.REFUND_TOTAL]: 'o.refund_total',
};

/** What a page of orders reads with its rows, beside the orders themselves. */
export interface OrderReadAhead {
  items?: boolean;
  shipments?: boolean;
}

/** An order of a page, with what was read ahead for it (each list by id). */
export interface OrderPageRow {
  order: SalesOrder;
  items?: SalesItem[];
  shipments?: Shipment[];
}

/** What a list of orders is narrowed by; the service decides it from the viewer and the filter. */
export interface OrderListCriteria {
  /** Nothing at all: the viewer may see no order. */
  none?: boolean;
  customerReference?: string | null;
  customReference?: string | null;
  store?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  /** A LIKE pattern (see order-search.ts). */
  searchPattern?: string | null;
  /** Any item in one of these states. */
  states?: string[] | null;
  /** Only this order (is it on the list?). */
  orderId?: number | null;
  /** With (true) or without (false) internal comments; back office only. */
  hasComments?: boolean | null;
  /** With (true) or without (false) any refund. */
  refunded?: boolean | null;
}

/** An item's or a shipment's amounts, as the recalculation reads them. */
export interface AmountRow {
  kind: 'item' | 'shipment';
  id: number;
  /** The item's shipment; null on a shipment's own row. */
  shipmentId: number | null;
  /** sum_price of an item, expense_amount of a shipment; likewise for the tax rate and the cancelled part. */
  amount: number;
  taxRateBp: number;
  canceledAmount: number;
  /** What refunds paid back of it. */
  refundedAmount: number;
}

export interface NewOrderChange {
  orderId: number;
  action: string;
  description: string;
  details: Record<string, unknown>;
  actor: string;
  source: string;
  createdAt: Date;
}

/**
 * The order aggregate in PostgreSQL: orders, their items and their change log. Built around the manager of the
 * caller's transaction (or the request's manager outside one), so every statement joins that transaction.
 * Hot-path readers are hand-written SQL read into entities by EntityReader: what find() sent, without rebuilding
 * the statement from metadata on every call.
 */
export class OrderRepository {
  constructor(private readonly manager: EntityManager) {}

  byReference(reference: string): Promise<SalesOrder | null> {
    return this.manager.findOneBy(SalesOrder, { reference });
  }

  byId(id: number): Promise<SalesOrder | null> {
    return this.manager.findOneBy(SalesOrder, { id });
  }

  /** The order placed by this customer with this idempotency key, if any. */
  placedWithKey(customerReference: string, idempotencyKey: string): Promise<SalesOrder | null> {
    return this.manager.findOneBy(SalesOrder, { customerReference, idempotencyKey });
  }

  /** The guest order placed from this e-mail address with this idempotency key, if any. */
  placedByGuestWithKey(email: string, idempotencyKey: string): Promise<SalesOrder | null> {
    return this.manager.findOneBy(SalesOrder, { customerReference: IsNull(), email, idempotencyKey });
  }

  /** Locks the order matching `where` (SELECT … FOR UPDATE) for the rest of the transaction. */
  lockOne(where: FindOptionsWhere<SalesOrder>): Promise<SalesOrder | null> {
    return this.manager.findOne(SalesOrder, { where, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks the order unless someone else holds its lock (then null): for workers that may pass it over. */
  async lockUnlessLocked(id: number): Promise<SalesOrder | null> {
    const [order] = await this.manager
      .createQueryBuilder(SalesOrder, 'o')
      .where('o.id = :id', { id })
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    return order ?? null;
  }

  /** A transaction-scoped advisory lock on `key`: serialises transactions that take the same key. */
  async serialiseOn(key: string): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
  }

  /**
   * Inserts an order, its shipments and its items in one statement (data-modifying CTEs), where it took a sequence
   * read and three INSERTs: each round trip costs the server some 0.2 ms of CPU here (a socket write, TypeORM's
   * query path, parsing the reply), as much as the database spends on these rows. Rows go in through unnest, one
   * array per column, so no order is too big for the bind parameter limit. Ids come back in the order the rows
   * were given: each INSERT takes its rows in that order (ORDER BY the array position) and an identity column
   * numbers them ascending as they come.
   */
  async insertWithShipmentsAndItems(
    order: NewOrderRow,
    shipments: NewShipmentRow[],
    /** Items per shipment, in the order of `shipments`. */
    items: NewItemRow[][],
  ): Promise<InsertedOrder> {
    const parameters: unknown[] = [];
    const parameter = (value: unknown, type: string) => {
      parameters.push(value);
      return `$${parameters.length}::${type}`;
    };
    // unnest($1::type[], $2::type[], …): one array parameter per column, the rows' values in order.
    const unnest = (columns: Column[], rows: unknown[][]) =>
      `unnest(${columns
        .map(([, type], c) =>
          parameter(
            rows.map((row) => row[c]),
            `${type}[]`,
          ),
        )
        .join(', ')})`;
    const itemRows = items.flatMap((rows, shipment) => rows.map((row) => [shipment + 1, ...itemValues(row)]));
    const values = orderValues(order);

    // The order is written with its items' distinct states, so the items' insert trigger finds nothing to refresh
    // and the order row is not rewritten in the same statement (migration 1764204200000).
    const itemStates = parameter(
      items.flatMap((rows) => rows.map((row) => row.state)),
      'varchar[]',
    );
    const [row] = await this.manager.query(
      `WITH o AS (
         INSERT INTO sales_order (reference, item_states, ${names(ORDER_COLUMNS)})
         VALUES (${ORDER_REFERENCE_SQL(parameter(order.store, 'varchar'))},
                 ARRAY(SELECT DISTINCT s FROM unnest(${itemStates}) AS s ORDER BY 1),
                 ${ORDER_COLUMNS.map(([, type], c) => parameter(values[c], type)).join(', ')})
         RETURNING id, reference, updated_at
       ), s AS (
         INSERT INTO sales_shipment (order_id, ${names(SHIPMENT_COLUMNS)})
         SELECT o.id, ${names(SHIPMENT_COLUMNS)}
           FROM o, ${unnest(SHIPMENT_COLUMNS, shipments.map(shipmentValues))}
                WITH ORDINALITY AS x (${names(SHIPMENT_COLUMNS)}, position)
          ORDER BY x.position
         RETURNING id
       ), numbered AS (
         SELECT id, row_number() OVER (ORDER BY id) AS shipment FROM s
       ), i AS (
         INSERT INTO sales_order_item (order_id, shipment_id, ${names(ITEM_COLUMNS)})
         SELECT o.id, numbered.id, ${names(ITEM_COLUMNS)}
           FROM o, ${unnest([['shipment', 'integer'], ...ITEM_COLUMNS], itemRows)}
                WITH ORDINALITY AS y (shipment, ${names(ITEM_COLUMNS)}, position)
           JOIN numbered USING (shipment)
          ORDER BY y.position
         RETURNING id
       )
       SELECT o.id, o.reference, o.updated_at AS "updatedAt",
              (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM s) AS "shipmentIds",
              (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM i) AS "itemIds"
         FROM o`,
      parameters,
    );
    // pg-types.ts parses int8 but not int8[], whose elements arrive as text.
    const ids = (list: (number | string)[]) => list.map(Number);
    return {
      id: Number(row.id),
      reference: row.reference,
      updatedAt: row.updatedAt,
      shipmentIds: ids(row.shipmentIds),
      itemIds: ids(row.itemIds),
    };
  }

  async setCustomReference(orderId: number, customReference: string | null): Promise<void> {
    await this.manager.update(SalesOrder, { id: orderId }, { customReference });
  }

  async setBillingAddress(orderId: number, billingAddress: Address): Promise<void> {
    await this.manager.update(SalesOrder, { id: orderId }, { billingAddress });
  }

  async updateTotals(orderId: number, totals: OrderTotalsValues, updatedAt: Date): Promise<void> {
    await this.manager.query(
      `UPDATE sales_order SET subtotal = $2, expense_total = $3, discount_total = $4, tax_total = $5, grand_total = $6,
              canceled_total = $7, refund_total = $8, updated_at = $9
        WHERE id = $1`,
      [
        orderId,
        totals.subtotal,
        totals.expenseTotal,
        totals.discountTotal,
        totals.taxTotal,
        totals.grandTotal,
        totals.canceledTotal,
        totals.refundTotal,
        updatedAt,
      ],
    );
  }

  /** The amounts of an order's items and of its shipments, in one statement (the recalculation's reader). */
  amountsOfItemsAndShipments(orderId: number): Promise<AmountRow[]> {
    return this.manager.query(
      `SELECT 'item' AS kind, id, shipment_id AS "shipmentId", sum_price AS amount, tax_rate_bp AS "taxRateBp",
              canceled_amount AS "canceledAmount", refunded_amount AS "refundedAmount"
         FROM sales_order_item WHERE order_id = $1
       UNION ALL
       SELECT 'shipment', id, NULL, expense_amount, expense_tax_rate_bp, expense_canceled_amount,
              expense_refunded_amount
         FROM sales_shipment WHERE order_id = $1`,
      [orderId],
    );
  }

  async appendChange(change: NewOrderChange): Promise<void> {
    await this.manager.query(
      `INSERT INTO sales_order_change (order_id, action, description, details, actor, source, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        change.orderId,
        change.action,
        change.description,
        JSON.stringify(change.details),
        change.actor,
        change.source,
        change.createdAt,
      ],
    );
  }

  // Items.

  /** An order's items, by id. */
  itemsOfOrder(orderId: number): Promise<SalesItem[]> {
    return this.manager.find(SalesItem, { where: { orderId }, order: { id: 'ASC' } });
  }

  /** Those of `ids` that belong to the order. */
  itemsOfOrderAmong(orderId: number, ids: number[]): Promise<SalesItem[]> {
    return this.manager.find(SalesItem, { where: { orderId, id: In(ids) }, order: { id: 'ASC' } });
  }

  itemsByIds(ids: number[]): Promise<SalesItem[]> {
    return this.manager.find(SalesItem, { where: { id: In(ids) }, order: { id: 'ASC' } });
  }

  itemsOfShipment(shipmentId: number): Promise<SalesItem[]> {
    return this.manager.find(SalesItem, { where: { shipmentId }, order: { id: 'ASC' } });
  }

  async moveItemsToShipment(itemIds: number[], shipmentId: number): Promise<void> {
    await this.manager.update(SalesItem, { id: In(itemIds) }, { shipmentId });
  }

  /** The items' whole price becomes their cancelled amount. */
  async cancelItemsFully(itemIds: number[]): Promise<void> {
    await this.manager.query(`UPDATE sales_order_item SET canceled_amount = sum_price WHERE id = ANY($1)`, [
      itemIds,
    ]);
  }

  // Lists.

  /**
   * Up to `first` orders in the keyset's order, starting after the cursor `after` (if any), and then the next order
   * if there is one, which tells that another page follows. What `readAhead` names is read for the page's orders
   * only, not for that next one.
   */
  async page(
    criteria: OrderListCriteria,
    keyset: OrderKeyset,
    after: string | undefined,
    first: number,
    readAhead: OrderReadAhead = {},
  ): Promise<OrderPageRow[]> {
    const where = this.conditions(criteria);
    // Keyset paging: rows in (key, id) order, the page starting strictly after the cursor's row.
    const { field, direction } = keyset.sort;
    const column = SORT_COLUMNS[field];
    const start = keyset.after(after);
    if (start) {
      const comparison = direction === SortDirection.DESC ? '<' : '>';
      where.add((p) => `(${column}, o.id) ${comparison} (${p(start.key)}, ${p(start.id)})`);
    }
    const orderBy = `ORDER BY ${column} ${direction}, o.id ${direction}`;
    // Written by hand: building it with the query builder and mapping its rows cost about 4% of a history page.
    const orders = entityReader(this.manager, SalesOrder);
    const items = entityReader(this.manager, SalesItem);
    const shipments = entityReader(this.manager, Shipment);
    // Each order's columns come as one JSON array of values: the server parses one JSON text per row instead of
    // forty columns one by one (a fifth of a history page's CPU on the server went into reading its rows).
    // item_states comes along at the end of the array: a list shows the items' states, and reading them here saves a
    // statement per page (inside the JSON, the server parses them with the row, not as a text[] of their own).
    const readsAhead = readAhead.items || readAhead.shipments;
    const rowsSql = `SELECT ${orders.jsonValues('o', ['o.item_states'])} AS order_values
        ${readsAhead ? `, o.id, ${column} AS page_key` : ''}
      FROM "${orders.tableName}" "o" ${where} ${orderBy} LIMIT ${limit(first) + 1}`;
    // So do the items and shipments when the query shows them, each order's as one JSON array of arrays (their
    // columns differ from the order's): a history page is then one round trip, not two. They are read around the
    // limited rows, whose plan stays the same, and not for the row after the page: numbered past `first`, CASE skips
    // its subqueries (a page of big B2B orders would otherwise read one order's items more than its cost limit
    // counted).
    const pageOrder = `ORDER BY p.page_key ${direction}, p.id ${direction}`;
    const onPage = `row_number() OVER (${pageOrder}) <= ${first}`;
    const sql = readsAhead
      ? `SELECT p.order_values
            ${readAhead.items ? `, CASE WHEN ${onPage} THEN (SELECT json_agg(${items.jsonValues('i')} ORDER BY i.id) FROM "${items.tableName}" i WHERE i.order_id = p.id) END AS read_ahead_items` : ''}
            ${readAhead.shipments ? `, CASE WHEN ${onPage} THEN (SELECT json_agg(${shipments.jsonValues('s')} ORDER BY s.id) FROM "${shipments.tableName}" s WHERE s.order_id = p.id) END AS read_ahead_shipments` : ''}
          FROM (${rowsSql}) p ${pageOrder}`
      : rowsSql;
    // A customer's own history is planned once; back-office filters are planned for their values every time.
    const found: Record<string, unknown>[] = await this.manager.query(
      onlyCustomer(criteria) ? prepared(sql) : sql,
      where.parameters,
    );
    const readAll = <T extends object>(reader: { readValues(values: unknown[]): T }, json: unknown) =>
      ((json as unknown[][] | null) ?? []).map((values) => reader.readValues(values));
    const page = found.map((row, i) => {
      const values = row.order_values as unknown[];
      const order = orders.readValues(values);
      order.knownItemStates = values[orders.columnCount] as string[];
      const ahead = i < first;
      return {
        order,
        items: readAhead.items && ahead ? readAll(items, row.read_ahead_items) : undefined,
        shipments: readAhead.shipments && ahead ? readAll(shipments, row.read_ahead_shipments) : undefined,
      };
    });
    // Let go of the raw rows now that they are read. Something beyond this call still holds the array for a while
    // (within pg or TypeORM); once that holder is in the old generation, it kept every row and its parsed items alive
    // through the following scavenges. Emptied, half as much survived each scavenge on the history bench (2.0 -> 1.1
    // MB) and half as much was promoted.
    found.length = 0;
    return page;
  }

  /** All orders, or a store's: the trigger-kept sales_order_count, a handful of rows however many orders there are. */
  async countAll(store: string | null): Promise<number> {
    const [{ n }] = await this.manager.query(
      prepared(`SELECT coalesce(sum(orders), 0)::bigint AS n FROM sales_order_count
        WHERE $1::varchar IS NULL OR store = $1`),
      [store],
    );
    return n;
  }

  /** Orders with an item in `state` (of one store, or all): the trigger-kept sales_order_state_delta. */
  async countInState(state: string, store: string | null): Promise<number> {
    const [{ n }] = await this.manager.query(
      prepared(`SELECT coalesce(sum(orders), 0)::bigint AS n FROM sales_order_state_delta
        WHERE state = $1 AND ($2::varchar IS NULL OR store = $2)`),
      [state, store],
    );
    return n;
  }

  /** The orders matching, counted through the same indexes that serve the page. */
  async countMatching(criteria: OrderListCriteria): Promise<number> {
    const where = this.conditions(criteria);
    const table = this.manager.getRepository(SalesOrder).metadata.tableName;
    const [row] = await this.manager.query(
      `SELECT count(*)::bigint AS "n" FROM "${table}" "o" ${where}`,
      where.parameters,
    );
    return row?.n ?? 0;
  }

  private conditions(criteria: OrderListCriteria): SqlConditions {
    const where = SqlConditions.empty();
    if (criteria.none) where.add(() => 'false');
    if (criteria.orderId != null) where.add((p) => `o.id = ${p(criteria.orderId)}`);
    if (criteria.customerReference) {
      where.add((p) => `o.customer_reference = ${p(criteria.customerReference)}`);
    }
    if (criteria.customReference != null) {
      where.add((p) => `lower(o.custom_reference) = lower(${p(criteria.customReference)})`);
    }
    if (criteria.store) where.add((p) => `o.store = ${p(criteria.store)}`);
    if (criteria.createdFrom) where.add((p) => `o.created_at >= ${p(criteria.createdFrom)}`);
    if (criteria.createdTo) where.add((p) => `o.created_at <= ${p(criteria.createdTo)}`);
    if (criteria.searchPattern) where.add((p) => ORDER_SEARCH_CONDITION(p(criteria.searchPattern)));
    // item_states is kept by triggers on the items (migration 1764202200000): "any item in one of these states".
    if (criteria.states?.length) where.add((p) => `o.item_states && ${p(criteria.states)}::varchar[]`);
    // Written as the partial indexes' predicates (migration 1764203700000), so that the planner can use them.
    if (criteria.hasComments != null) {
      where.add(() => (criteria.hasComments ? 'o.comment_count > 0' : 'o.comment_count = 0'));
    }
    if (criteria.refunded != null) {
      where.add(() => (criteria.refunded ? 'o.refund_total > 0' : 'o.refund_total = 0'));
    }
    return where;
  }

  // Batch readers of the request's loaders: one statement per batch, whatever its size.

  ordersByIds(ids: readonly number[]): Promise<SalesOrder[]> {
    const orders = entityReader(this.manager, SalesOrder);
    return orders.query(
      this.manager,
      prepared(`SELECT ${orders.selectList('o')} FROM ${orders.tableName} o WHERE o.id = ANY($1::bigint[])`),
      [ids],
    );
  }

  itemsOfOrders(orderIds: readonly number[]): Promise<SalesItem[]> {
    const items = entityReader(this.manager, SalesItem);
    return items.query(
      this.manager,
      prepared(
        `SELECT ${items.selectList('i')} FROM ${items.tableName} i WHERE i.order_id = ANY($1::bigint[]) ORDER BY i.id`,
      ),
      [orderIds],
    );
  }

  shipmentsOfOrders(orderIds: readonly number[]): Promise<Shipment[]> {
    const shipments = entityReader(this.manager, Shipment);
    return shipments.query(
      this.manager,
      prepared(
        `SELECT ${shipments.selectList('s')} FROM ${shipments.tableName} s WHERE s.order_id = ANY($1::bigint[]) ORDER BY s.id`,
      ),
      [orderIds],
    );
  }

  /**
   * Items and shipments in one round trip, each row as a JSON array of its values (their columns differ), as a page
   * reads them ahead; each list by id.
   */
  async itemsAndShipmentsOfOrders(
    orderIds: readonly number[],
  ): Promise<{ items: SalesItem[]; shipments: Shipment[] }> {
    const items = entityReader(this.manager, SalesItem);
    const shipments = entityReader(this.manager, Shipment);
    const rows: { kind: string; row: unknown[] }[] = await this.manager.query(
      prepared(`SELECT 'item' AS kind, i.id, ${items.jsonValues('i')} AS row
         FROM ${items.tableName} i WHERE i.order_id = ANY($1::bigint[])
       UNION ALL
       SELECT 'shipment', s.id, ${shipments.jsonValues('s')}
         FROM ${shipments.tableName} s WHERE s.order_id = ANY($1::bigint[])
       ORDER BY kind, id`),
      [orderIds],
    );
    const result: { items: SalesItem[]; shipments: Shipment[] } = { items: [], shipments: [] };
    for (const { kind, row } of rows) {
      if (kind === 'item') result.items.push(items.readValues(row));
      else result.shipments.push(shipments.readValues(row));
    }
    return result;
  }

  changesOfOrders(orderIds: readonly number[]): Promise<OrderChange[]> {
    const changes = entityReader(this.manager, OrderChange);
    return changes.query(
      this.manager,
      prepared(
        `SELECT ${changes.selectList('c')} FROM ${changes.tableName} c WHERE c.order_id = ANY($1::bigint[]) ORDER BY c.id`,
      ),
      [orderIds],
    );
  }

  /** Counted in the database: a list showing item counts need not load a single item. */
  itemCountsOfOrders(orderIds: readonly number[]): Promise<{ orderId: number; n: number }[]> {
    return this.manager.query(
      prepared(`SELECT order_id AS "orderId", count(*)::bigint AS n FROM sales_order_item
        WHERE order_id = ANY($1::bigint[]) GROUP BY order_id`),
      [[...orderIds]],
    );
  }

  /**
   * The distinct item states of each order, by a loose index scan over sales_order_item_order_state_idx: per
   * order, one probe per distinct state (the next state above the last one found), so a B2B order of thousands of
   * items costs a few probes, not its rows.
   */
  itemStatesOfOrders(orderIds: readonly number[]): Promise<{ orderId: number; state: string }[]> {
    return this.manager.query(
      prepared(`WITH RECURSIVE found (order_id, state) AS (
         SELECT o.id, (SELECT min(i.state) FROM sales_order_item i WHERE i.order_id = o.id)
           FROM unnest($1::bigint[]) AS o (id)
         UNION ALL
         SELECT f.order_id,
                (SELECT min(i.state) FROM sales_order_item i WHERE i.order_id = f.order_id AND i.state > f.state)
           FROM found f WHERE f.state IS NOT NULL
       )
       SELECT order_id AS "orderId", state FROM found WHERE state IS NOT NULL`),
      [[...orderIds]],
    );
  }
}

/** Whether the list is a customer's own orders and nothing narrower: the history page's shape. */
function onlyCustomer(criteria: OrderListCriteria): boolean {
  return (
    Boolean(criteria.customerReference) &&
    Object.entries(criteria).every(
      ([key, value]) =>
        key === 'customerReference' ||
        value == null ||
        value === false ||
        (Array.isArray(value) && !value.length),
    )
  );
}

/** A page size as an SQL literal: only ever a whole number here (validated 1 to 100, plus one). */
function limit(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bad page size ${n}`);
  return n;
}
