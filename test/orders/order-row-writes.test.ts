import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// What the triggers of migration 1764204200000 promise, observed through the real API: a placement writes the order
// row no more often than its item states change, and placements do not queue on the all-orders counter.
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  // A test-only trigger that records every rewrite of an order row with the item states before and after.
  await app.dataSource.query(`CREATE TABLE test_order_rewrite (order_id bigint, before text, after text)`);
  await app.dataSource.query(`
    CREATE FUNCTION test_record_order_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_order_rewrite VALUES (NEW.id, OLD.item_states::text, NEW.item_states::text);
      RETURN NULL;
    END $$`);
  await app.dataSource.query(`
    CREATE TRIGGER test_record_order_rewrite AFTER UPDATE ON sales_order
      FOR EACH ROW EXECUTE FUNCTION test_record_order_rewrite()`);
});
afterAll(() => app.close());

async function rewritesOf(reference: string): Promise<{ before: string; after: string }[]> {
  return app.dataSource.query(
    `SELECT r.before, r.after FROM test_order_rewrite r JOIN sales_order o ON o.id = r.order_id
      WHERE o.reference = $1 ORDER BY r.ctid`,
    [reference],
  );
}

it('a placement inserts the order with its items’ states and rewrites it once, when the items move on', async () => {
  const order = await placeOrder(
    app,
    app.customerToken('DE--W1'),
    placeOrderInput([
      shipment([{ sku: 'TSHIRT-001', quantity: 2 }]),
      shipment([{ sku: 'MUG-002', quantity: 1 }], { method: 'express' }),
    ]),
  );
  // new → payment pending (the default process's onEnter): one rewrite; the items' insert rewrote nothing.
  expect(await rewritesOf(order.reference)).toEqual([{ before: '{new}', after: '{"payment pending"}' }]);
});

it('items added or removed in states the order already has leave the order row alone', async () => {
  const order = await placeOrder(app, app.customerToken('DE--W2'));
  const [{ id }] = await app.dataSource.query(`SELECT id FROM sales_order WHERE reference = $1`, [
    order.reference,
  ]);
  const before = (await rewritesOf(order.reference)).length;
  const copyItem = (state: string) =>
    app.dataSource.query(
      `INSERT INTO sales_order_item (order_id, shipment_id, line_number, sku, name, quantity, unit_price, sum_price,
                                     tax_rate_bp, tax_amount, canceled_amount, is_quantity_splittable, state,
                                     state_changed_at)
       SELECT order_id, shipment_id, line_number, sku, name, quantity, unit_price, sum_price, tax_rate_bp,
              tax_amount, canceled_amount, is_quantity_splittable, $2, state_changed_at
         FROM sales_order_item WHERE order_id = $1 LIMIT 1
       RETURNING id`,
      [id, state],
    );
  const [same] = await copyItem('payment pending');
  expect((await rewritesOf(order.reference)).length).toBe(before);

  const [other] = await copyItem('paid');
  await app.dataSource.query(`DELETE FROM sales_order_item WHERE id = $1`, [same.id]);
  await app.dataSource.query(`DELETE FROM sales_order_item WHERE id = $1`, [other.id]);
  expect((await rewritesOf(order.reference)).slice(before)).toEqual([
    { before: '{"payment pending"}', after: '{paid,"payment pending"}' },
    { before: '{paid,"payment pending"}', after: '{"payment pending"}' },
  ]);
});

it('placements go on while another transaction holds the counter row it wrote, and the count stays exact', async () => {
  const first = await placeOrder(app, app.customerToken('DE--W3'));
  const columns: string = (
    await app.dataSource.query(
      `SELECT string_agg(quote_ident(column_name), ', ') AS list FROM information_schema.columns
        WHERE table_name = 'sales_order' AND is_generated = 'NEVER' AND is_identity = 'NO' AND column_default IS NULL
          AND column_name NOT IN ('reference', 'idempotency_key')`,
    )
  )[0].list;
  const holder = app.dataSource.createQueryRunner();
  await holder.connect();
  await holder.startTransaction();
  try {
    // An order inserted and not committed: its transaction holds the sales_order_count row it added to.
    await holder.query(
      `INSERT INTO sales_order (reference, ${columns}) SELECT reference || '-HELD', ${columns}
         FROM sales_order WHERE reference = $1`,
      [first.reference],
    );
    const guard = new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('placements waited for the held transaction'), 15_000);
      timer.unref();
    });
    const placements = Promise.all(
      Array.from({ length: 6 }, (_, i) => placeOrder(app, app.customerToken(`DE--W4${i}`))),
    ).then((orders) => `${orders.length} placed`);
    expect(await Promise.race([placements, guard])).toBe('6 placed');
    await holder.commitTransaction();
  } finally {
    if (holder.isTransactionActive) await holder.rollbackTransaction();
    await holder.release();
  }
  const [{ kept, counted }] = await app.dataSource.query(
    `SELECT (SELECT sum(orders) FROM sales_order_count)::int AS kept, (SELECT count(*) FROM sales_order)::int AS counted`,
  );
  expect(kept).toBe(counted);
});
