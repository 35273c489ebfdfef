import { register } from 'prom-client';
import { DEFAULT_TIMEOUT_RETRY } from '../../src/oms/timeout-worker';
import { placeOrder } from '../support/factories';
import { readOrder, trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
const MINUTE = 60_000;

beforeAll(async () => {
  app = await startTestApp({ ORDER_CANCELLATION_WINDOW: '30m' });
});
afterAll(() => app.close());

const givenUpTotal = async () =>
  (await register.getSingleMetric('om_oms_timeouts_given_up_total')!.get()).values.reduce(
    (sum, v) => sum + v.value,
    0,
  );
const timeoutRows = (reference: string) =>
  app.dataSource.query(
    `SELECT t.event, t.attempts, t.given_up_at, t.last_error, t.due_at FROM oms_event_timeout t
     JOIN sales_order o ON o.id = t.order_id WHERE o.reference = $1 ORDER BY t.id`,
    [reference],
  );

describe('timed events that fail', () => {
  it('are retried with backoff per order, never hold up the others, and are given up after N attempts', async () => {
    const paid = async (customer: string) => {
      const order = await placeOrder(app, app.customerToken(customer));
      await trigger(app, order.reference, 'pay');
      return order;
    };
    // Placed first, so due first: one whose event throws (an event the process does not know: a bug), one whose
    // command fails (its stored total no longer matches its items, so the invoice refuses to be issued).
    const broken = await paid('DE--T1');
    await app.dataSource.query(
      `INSERT INTO oms_event_timeout (order_id, item_id, state, event, due_at)
       SELECT order_id, id, state, 'no such event', $2 FROM sales_order_item
       WHERE order_id = (SELECT id FROM sales_order WHERE reference = $1)`,
      [broken.reference, app.clock.now()],
    );
    const refusing = await paid('DE--T2');
    await app.dataSource.query(`UPDATE sales_order SET grand_total = grand_total + 1 WHERE reference = $1`, [
      refusing.reference,
    ]);
    const healthy = await paid('DE--T3');
    const before = await givenUpTotal();

    app.clock.advance(31 * MINUTE);
    expect(await app.app.services.timeoutWorker.overdueCount()).toBeGreaterThan(0);
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(1);
    expect((await readOrder(app, healthy.reference)).itemStates).toEqual(['waiting']);
    expect(await timeoutRows(healthy.reference)).toEqual([]);
    for (const reference of [broken.reference, refusing.reference]) {
      const rows = await timeoutRows(reference);
      expect(rows.some((r: any) => r.attempts === 1 && r.given_up_at === null)).toBe(true);
    }
    expect((await timeoutRows(broken.reference)).find((r: any) => r.attempts === 1).last_error).toMatch(
      /unknown event "no such event"/,
    );
    expect((await timeoutRows(refusing.reference))[0].last_error).toMatch(/invoice-ensure|step failed/);
    // Rescheduled a minute later, not retried at once.
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(0);
    expect((await timeoutRows(refusing.reference))[0].due_at).toEqual(
      new Date(app.clock.now().getTime() + MINUTE),
    );

    for (let attempt = 2; attempt <= DEFAULT_TIMEOUT_RETRY.maxAttempts; attempt++) {
      app.clock.advance(DEFAULT_TIMEOUT_RETRY.maxDelayMs);
      expect(await app.app.services.timeoutWorker.fireDue()).toBe(0);
    }
    for (const reference of [broken.reference, refusing.reference]) {
      const failing = (await timeoutRows(reference)).filter((r: any) => r.attempts > 0);
      expect(failing.length).toBeGreaterThan(0);
      for (const row of failing) {
        expect(row.attempts).toBe(DEFAULT_TIMEOUT_RETRY.maxAttempts);
        expect(row.given_up_at).toEqual(app.clock.now());
      }
    }
    // The broken order's transaction failed as a whole, so both its due rows (the real window and the bogus event)
    // were retried and given up together; the refusing order's one row too. Each given-up row counts once.
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM oms_event_timeout WHERE given_up_at IS NOT NULL`,
    );
    expect(n).toBe(3);
    expect(await givenUpTotal()).toBe(before + n);
    app.clock.advance(24 * 60 * MINUTE);
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(0);
    expect(await app.app.services.timeoutWorker.overdueCount()).toBe(0);
    expect((await readOrder(app, refusing.reference)).itemStates).toEqual(['confirmed']);
  });
});
