import { Client } from 'pg';
import { placeOrder } from '../support/factories';
import { CANCEL } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let holder: Client;
beforeAll(async () => {
  app = await startTestApp();
  holder = new Client({ connectionString: app.databaseUrl });
  await holder.connect();
});
afterAll(async () => {
  await holder.end();
  await app.close();
});

const itemStates = async (reference: string) =>
  (
    await app.dataSource.query(
      `SELECT i.state FROM sales_order_item i JOIN sales_order o ON o.id = i.order_id WHERE o.reference = $1`,
      [reference],
    )
  ).map((r: { state: string }) => r.state);

/** Until `n` sessions of this database wait for a row lock (PostgreSQL's own view, no guessing with sleeps). */
async function waitForLockWaiters(n: number) {
  for (;;) {
    const [{ waiting }] = await app.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (waiting >= n) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('locking an order', () => {
  it("checks ownership in the locking statement: another customer's cancel neither waits for nor takes the lock", async () => {
    const owner = app.customerToken('DE--OWNER');
    const order = await placeOrder(app, owner);
    const before = await itemStates(order.reference);

    // The owner's own work holds the order's lock (as a long cancellation or a back-office edit would).
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM sales_order WHERE reference = $1 FOR UPDATE', [order.reference]);
    try {
      const started = performance.now();
      const stranger = await app.gql(
        CANCEL,
        { reference: order.reference },
        app.customerToken('DE--STRANGER'),
      );
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(stranger.data!.cancelOrder.__typename).toBe('OrderNotFoundError');

      // The owner's cancel, in contrast, waits for that lock: the lock is real.
      let ownerDone = false;
      const ownCancel = app.gql(CANCEL, { reference: order.reference }, owner).then((r) => {
        ownerDone = true;
        return r;
      });
      await waitForLockWaiters(1);
      expect(ownerDone).toBe(false);
      await holder.query('ROLLBACK');
      expect((await ownCancel).data!.cancelOrder.__typename).toBe('Order');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
    }
    expect(before.every((state: string) => state !== 'cancelled')).toBe(true);
    expect(await itemStates(order.reference)).toEqual(before.map(() => 'cancelled'));
  });
});
