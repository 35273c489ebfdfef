import { TRIGGER } from '../support/oms-operations';
import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// totalCount under a one-state filter comes from sales_order_state_delta (migration 1764202700000), kept by
// triggers. Whatever happens to the orders, concurrently or not, it must equal counting the orders themselves.
let app: TestApp;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  staff = app.backOfficeToken();
});
afterAll(() => app.close());

const COUNT = `query($filter: OrderFilter) { orders(first: 1, filter: $filter) { totalCount } }`;

async function totalCount(filter: Record<string, unknown>): Promise<number> {
  const result = await app.gql(COUNT, { filter }, staff);
  expect(result.errors).toBeUndefined();
  return result.data!.orders.totalCount;
}

async function exact(states: string[], store?: string): Promise<number> {
  const [{ n }] = await app.dataSource.query(
    `SELECT count(*)::int AS n FROM sales_order WHERE item_states && $1::varchar[] AND ($2::varchar IS NULL OR store = $2)`,
    [states, store ?? null],
  );
  return n;
}

async function statesInUse(): Promise<string[]> {
  const rows = await app.dataSource.query(
    `SELECT DISTINCT unnest(item_states) AS state FROM sales_order ORDER BY 1`,
  );
  return rows.map((r: { state: string }) => r.state);
}

async function expectCountsExact(atLeastStates = 1) {
  const states = await statesInUse();
  expect(states.length).toBeGreaterThanOrEqual(atLeastStates);
  for (const state of [...states, 'no such state']) {
    expect(await totalCount({ states: [state] })).toBe(await exact([state]));
    expect(await totalCount({ states: [state], store: 'DE' })).toBe(await exact([state], 'DE'));
    expect(await totalCount({ states: [state], store: 'AT' })).toBe(0);
  }
}

const trigger = (reference: string, event: string) =>
  app.gql(TRIGGER, { input: { orderReference: reference, event } }, staff);

describe('totalCount of a one-state back-office list', () => {
  it('reads the kept counts, not the orders', async () => {
    await placeOrder(app, app.customerToken('DE--S0'));
    app.queries.recording = true;
    app.queries.recorded = [];
    await totalCount({ states: ['payment pending'] });
    app.queries.recording = false;
    const counting = app.queries.recorded.filter((r) => /\bcount\(|\bsum\(/i.test(r.query));
    expect(counting).toHaveLength(1);
    expect(counting[0].query).toContain('sales_order_state_delta');
    expect(counting[0].query).not.toMatch(/FROM "?sales_order"?\s/);
  });

  it('stays exact while orders are placed, paid, cancelled and deleted concurrently, with no deadlock', async () => {
    const customers = Array.from({ length: 8 }, (_, i) => app.customerToken(`DE--S${i + 1}`));
    const placed = await Promise.all(
      customers.flatMap((token) => [
        placeOrder(app, token),
        placeOrder(
          app,
          token,
          placeOrderInput([
            shipment([{ sku: 'TSHIRT-001', quantity: 2 }]),
            shipment([{ sku: 'MUG-002', quantity: 1 }], { method: 'express' }),
          ]),
        ),
      ]),
    );
    await expectCountsExact();
    // Half of them paid, a quarter cancelled, all at once; an order moving two states in one transaction and
    // another moving the other way is the interleaving that per-state counter rows could deadlock on.
    const results = await Promise.all(
      placed.map((order, i) =>
        i % 4 === 3
          ? app.gql(
              `mutation($r: String!) { cancelOrder(reference: $r) { __typename } }`,
              { r: order.reference },
              customers[Math.floor(i / 2)],
            )
          : i % 2 === 0
            ? trigger(order.reference, 'pay')
            : Promise.resolve({ errors: undefined }),
      ),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    await expectCountsExact(3);
    // Two states: counted by the orders themselves, each order once.
    expect(await totalCount({ states: ['payment pending', 'cancelled'] })).toBe(
      await exact(['payment pending', 'cancelled']),
    );
    await app.dataSource.query(`DELETE FROM sales_order WHERE customer_reference = 'DE--S1'`);
    await expectCountsExact();
  });

  it('stays exact when the deltas are folded, and folding shrinks them to one row per store and state', async () => {
    const before = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order_state_delta`);
    await app.dataSource.query(`SELECT sales_order_state_delta_fold()`);
    const after = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order_state_delta`);
    expect(after[0].n).toBeLessThanOrEqual(before[0].n);
    expect(after[0].n).toBeLessThanOrEqual((await statesInUse()).length);
    await expectCountsExact();
  });

  it('is zero after the orders are truncated', async () => {
    await app.dataSource.query(`TRUNCATE sales_order CASCADE`);
    expect(await totalCount({ states: ['payment pending'] })).toBe(0);
    await placeOrder(app, app.customerToken('DE--S9'));
    expect(await totalCount({ states: ['payment pending'] })).toBe(1);
  });
});
