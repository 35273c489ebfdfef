import type { EntityManager } from 'typeorm';
import type { Address } from './address';
import type { OrderTotalsValues } from './order-calculator';
import { ORDER_REFERENCE_SQL } from './order-reference';

export interface NewOrderRow extends OrderTotalsValues {
  store: string;
  customReference: string | null;
  customerReference: string;
  email: string;
  currencyCode: string;
  priceMode: string;
  locale: string;
  billingAddress: Address;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

export interface NewShipmentRow {
  methodKey: string;
  methodName: string;
  carrierName: string;
  deliveryTime: string | null;
  requestedDeliveryDate: string | null;
  address: Address;
  expenseAmount: number;
  expenseTaxRateBp: number;
  expenseTaxAmount: number;
  expenseCanceledAmount: number;
}

export interface NewItemRow {
  lineNumber: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  sumPrice: number;
  taxRateBp: number;
  taxAmount: number;
  canceledAmount: number;
  isQuantitySplittable: boolean;
  state: string;
  stateChangedAt: Date;
}

export interface InsertedOrder {
  id: number;
  reference: string;
  updatedAt: Date;
  /** In the order of the shipments given. */
  shipmentIds: number[];
  /** In the order of the items given, shipment after shipment. */
  itemIds: number[];
}

type Column = readonly [name: string, type: string];

const ADDRESS_COLUMNS: Column[] = [
  'salutation',
  'first_name',
  'last_name',
  'company',
  'address1',
  'address2',
  'address3',
  'zip_code',
  'city',
  'country',
  'phone',
  'email',
].map((name) => [name, 'varchar'] as const);

const addressValues = (a: Address) => [
  a.salutation,
  a.firstName,
  a.lastName,
  a.company,
  a.address1,
  a.address2,
  a.address3,
  a.zipCode,
  a.city,
  a.country,
  a.phone,
  a.email,
];

const prefixed = (prefix: string, columns: Column[]): Column[] =>
  columns.map(([name, type]) => [`${prefix}_${name}`, type]);

const ORDER_COLUMNS: Column[] = [
  ['custom_reference', 'varchar'],
  ['created_at', 'timestamptz'],
  ['email', 'varchar'],
  ['customer_reference', 'varchar'],
  ['currency_code', 'varchar'],
  ['price_mode', 'varchar'],
  ['store', 'varchar'],
  ['locale', 'varchar'],
  ['subtotal', 'bigint'],
  ['expense_total', 'bigint'],
  ['discount_total', 'bigint'],
  ['tax_total', 'bigint'],
  ['grand_total', 'bigint'],
  ['canceled_total', 'bigint'],
  ['refund_total', 'bigint'],
  ['idempotency_key', 'varchar'],
  ['request_hash', 'varchar'],
  ...prefixed('billing', ADDRESS_COLUMNS),
];

const orderValues = (o: NewOrderRow) => [
  o.customReference,
  o.createdAt,
  o.email,
  o.customerReference,
  o.currencyCode,
  o.priceMode,
  o.store,
  o.locale,
  o.subtotal,
  o.expenseTotal,
  o.discountTotal,
  o.taxTotal,
  o.grandTotal,
  o.canceledTotal,
  o.refundTotal,
  o.idempotencyKey,
  o.requestHash,
  ...addressValues(o.billingAddress),
];

const SHIPMENT_COLUMNS: Column[] = [
  ['method_key', 'varchar'],
  ['method_name', 'varchar'],
  ['carrier_name', 'varchar'],
  ['delivery_time', 'varchar'],
  ['requested_delivery_date', 'date'],
  ['expense_amount', 'bigint'],
  ['expense_tax_rate_bp', 'integer'],
  ['expense_tax_amount', 'bigint'],
  ['expense_canceled_amount', 'bigint'],
  ...prefixed('address', ADDRESS_COLUMNS),
];

const shipmentValues = (s: NewShipmentRow) => [
  s.methodKey,
  s.methodName,
  s.carrierName,
  s.deliveryTime,
  s.requestedDeliveryDate,
  s.expenseAmount,
  s.expenseTaxRateBp,
  s.expenseTaxAmount,
  s.expenseCanceledAmount,
  ...addressValues(s.address),
];

const ITEM_COLUMNS: Column[] = [
  ['line_number', 'integer'],
  ['sku', 'varchar'],
  ['name', 'varchar'],
  ['quantity', 'integer'],
  ['unit_price', 'bigint'],
  ['sum_price', 'bigint'],
  ['tax_rate_bp', 'integer'],
  ['tax_amount', 'bigint'],
  ['canceled_amount', 'bigint'],
  ['is_quantity_splittable', 'boolean'],
  ['state', 'varchar'],
  ['state_changed_at', 'timestamptz'],
];

const itemValues = (i: NewItemRow) => [
  i.lineNumber,
  i.sku,
  i.name,
  i.quantity,
  i.unitPrice,
  i.sumPrice,
  i.taxRateBp,
  i.taxAmount,
  i.canceledAmount,
  i.isQuantitySplittable,
  i.state,
  i.stateChangedAt,
];

const names = (columns: Column[]) => columns.map(([name]) => name).join(', ');

/**
 * Inserts an order, its shipments and its items in one statement (data-modifying CTEs), where it took a sequence
 * read and three INSERTs: each round trip costs the server some 0.2 ms of CPU here (a socket write, TypeORM's query
 * path, parsing the reply), as much as the database spends on these rows. Rows go in through unnest, one array per column, so no order is too big for the bind
 * parameter limit. Ids come back in the order the rows were given: each INSERT takes its rows in that order
 * (ORDER BY the array position) and an identity column numbers them ascending as they come.
 */
export async function insertOrder(
  manager: EntityManager,
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

  const [row] = await manager.query(
    `WITH o AS (
       INSERT INTO sales_order (reference, ${names(ORDER_COLUMNS)})
       VALUES (${ORDER_REFERENCE_SQL(parameter(order.store, 'varchar'))},
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
