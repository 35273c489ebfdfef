import type { DataSource } from 'typeorm';

export interface BulkOrderOptions {
  /** How many orders to insert. */
  orders: number;
  /** Items per order, each in its own row. */
  itemsPerOrder?: number;
  /** Creation time of the newest order; each further order is one minute older. */
  newest?: Date;
}

/**
 * Thousands of plausible orders in a few set-based INSERTs (placing them through the API would take minutes),
 * followed by VACUUM ANALYZE so that the planner sees the real distribution. Order g of the batch has:
 * - reference `{store}--{n}` from the real sequence; store AT for every 50th order, else DE;
 * - custom reference `PO-{g}` for every 10th order; e-mail `buyer{g}@example.com`; name `Buyer{g} Bulk`;
 * - customer `BULK-{g % 200}`; grand total a spread of amounts;
 * - one shipment, and `itemsPerOrder` items in state `payment pending`, except the first item of every 100th
 *   order (by reference number), which is `shipped`, or `returned` for every 1000th.
 */
export async function insertBulkOrders(dataSource: DataSource, options: BulkOrderOptions): Promise<void> {
  const { orders, itemsPerOrder = 3, newest = new Date('2026-06-01T12:00:00.000Z') } = options;
  const [{ before }] = await dataSource.query(`SELECT coalesce(max(id), 0) AS before FROM sales_order`);
  await dataSource.query(
    `INSERT INTO sales_order (
       reference, custom_reference, customer_reference, email, store, currency_code, price_mode, locale,
       billing_first_name, billing_last_name, billing_address1, billing_zip_code, billing_city, billing_country,
       subtotal, expense_total, discount_total, tax_total, grand_total, canceled_total, refund_total, created_at)
     SELECT s.store || '--' || nextval('sales_order_reference_seq'),
            CASE WHEN g % 10 = 0 THEN 'PO-' || g END,
            'BULK-' || (g % 200), 'buyer' || g || '@example.com', s.store, 'EUR', 'GROSS_MODE', 'de_DE',
            'Buyer' || g, 'Bulk', 'Lagerweg ' || g, '10115', 'Berlin', 'DE',
            t.sub, 490, 0, t.sub * 19 / 119, t.sub + 490, 0, 0,
            $2::timestamptz - g * interval '1 minute'
       FROM generate_series(1, $1::int) AS g,
            LATERAL (SELECT CASE WHEN g % 50 = 0 THEN 'AT' ELSE 'DE' END AS store) AS s,
            LATERAL (SELECT (g * 7919) % 100000 + 100 AS sub) AS t
      ORDER BY g DESC`,
    [orders, newest],
  );
  await dataSource.query(
    `INSERT INTO sales_shipment (
       order_id, method_key, method_name, carrier_name, address_first_name, address_last_name, address_address1,
       address_zip_code, address_city, address_country, expense_amount, expense_tax_rate_bp, expense_tax_amount)
     SELECT id, 'standard', 'Standard', 'DHL', billing_first_name, billing_last_name, billing_address1,
            billing_zip_code, billing_city, billing_country, 490, 1900, 78
       FROM sales_order WHERE id > $1`,
    [before],
  );
  await dataSource.query(
    `INSERT INTO sales_order_item (
       order_id, shipment_id, line_number, sku, name, quantity, unit_price, sum_price, tax_rate_bp, tax_amount,
       is_quantity_splittable, state, state_changed_at)
     SELECT s.order_id, s.id, n, 'TSHIRT-001', 'T-Shirt', 1, 1999, 1999, 1900, 319, true,
            CASE WHEN n = 1 AND o.reference_number % 1000 = 0 THEN 'returned' WHEN n = 1 AND o.reference_number % 100 = 0 THEN 'shipped' ELSE 'payment pending' END,
            o.created_at
       FROM sales_shipment s JOIN sales_order o ON o.id = s.order_id, generate_series(1, $2::int) AS n
      WHERE s.order_id > $1
      ORDER BY s.order_id, n`,
    [before, itemsPerOrder],
  );
  // As autovacuum would have by now: statistics for the planner, and a visibility map for index-only scans.
  await dataSource.query(`VACUUM ANALYZE sales_order, sales_shipment, sales_order_item`);
}
