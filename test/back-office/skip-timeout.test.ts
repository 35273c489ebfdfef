import { defaultProcess } from '../../src/oms/default-process';
import { placeOrder } from '../support/factories';
import { readOrder, trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

// The default process, but "close" is a timed event only (not a button): back office may still fire it early.
const base = defaultProcess({ cancellationWindowMs: 30 * 60_000 });
const processDefinition = {
  ...base,
  events: base.events.map((e) => (e.name === 'close' ? { ...e, manual: false } : e)),
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ORDER_CANCELLATION_WINDOW: '30m' }, { processDefinition });
});
afterAll(() => app.close());

const DAY = 86_400_000;
const timers = async (reference: string): Promise<string[]> =>
  (
    await app.dataSource.query(
      `SELECT t.event FROM oms_event_timeout t JOIN sales_order o ON o.id = t.order_id WHERE o.reference = $1
        ORDER BY t.id`,
      [reference],
    )
  ).map((r: any) => r.event);

describe('back office skips a timeout', () => {
  it('fires the timed events early, lists them while items wait, and the worker fires nothing later', async () => {
    const placed = await placeOrder(app, app.customerToken('DE--ST1'));
    await trigger(app, placed.reference, 'pay');
    let order = await readOrder(app, placed.reference);
    expect(order.manualEvents).toContain('close cancellation window');
    expect(order.items[0].manualEvents).toContain('close cancellation window');
    expect(await timers(placed.reference)).toEqual(['close cancellation window']);

    // Ten minutes into a 30-minute window: closed by hand, the invoice is issued as the timeout would.
    app.clock.advance(10 * 60_000);
    const closed = await trigger(app, placed.reference, 'close cancellation window');
    expect(closed.__typename).toBe('OrderEventTriggered');
    expect(closed.moved.map((m: any) => m.toState)).toEqual(['waiting']);
    const invoices = await app.dataSource.query(
      `SELECT kind FROM sales_invoice i JOIN sales_order o ON o.id = i.order_id WHERE o.reference = $1`,
      [placed.reference],
    );
    expect(invoices).toEqual([{ kind: 'INVOICE' }]);
    expect(await timers(placed.reference)).toEqual([]);

    await trigger(app, placed.reference, 'ship');
    await trigger(app, placed.reference, 'deliver');
    order = await readOrder(app, placed.reference);
    // "close" is not a button of this process, yet listed while the items wait on its timeout.
    expect(order.manualEvents).toEqual(['close', 'refund', 'invoice-generate']);
    expect(order.items[0].manualEvents).toEqual(['close', 'refund', 'invoice-generate']);
    expect(await timers(placed.reference)).toEqual(['close']);

    const early = await trigger(app, placed.reference, 'close');
    expect(early.__typename).toBe('OrderEventTriggered');
    expect(await timers(placed.reference)).toEqual([]);
    app.clock.advance(15 * DAY);
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(0);

    order = await readOrder(app, placed.reference);
    expect(order.itemStates).toEqual(['closed']);
    expect(order.items[0].stateHistory.slice(-1)).toEqual([
      expect.objectContaining({
        fromState: 'delivered',
        toState: 'closed',
        event: 'close',
        source: 'back-office',
      }),
    ]);
    expect(order.items[0].stateHistory.filter((h: any) => h.event === 'close')).toHaveLength(1);
    // Customers see no buttons.
    const mine = await readOrder(app, placed.reference, app.customerToken('DE--ST1'));
    expect(mine.manualEvents).toEqual([]);
  });

  it('reports items not waiting on that timeout as skipped, moving nothing', async () => {
    const placed = await placeOrder(app, app.customerToken('DE--ST2'));
    const result = await trigger(app, placed.reference, 'close');
    expect(result.__typename).toBe('EventNotApplicableError');
    expect(result.skipped).toHaveLength(1);
    expect((await readOrder(app, placed.reference)).itemStates).toEqual(['payment pending']);
  });
});
