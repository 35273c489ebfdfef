import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { readOrder, trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ORDER_CANCELLATION_WINDOW: '30m' });
});
afterAll(() => app.close());

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('order item state machine', () => {
  it('walks an order from new to closed by events and timeouts, with a truthful history', async () => {
    const start = app.clock.now();
    const placed = await placeOrder(
      app,
      app.customerToken('DE--L1'),
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 2 }])]),
    );
    expect(placed.itemStates).toEqual(['payment pending']);

    const paid = await trigger(app, placed.reference, 'pay');
    expect(paid.__typename).toBe('OrderEventTriggered');
    // pay moves to paid, whose onEnter "confirm" moves on to confirmed: both steps are reported.
    expect(paid.moved.map((m: any) => `${m.fromState}>${m.toState}`)).toEqual([
      'payment pending>paid',
      'payment pending>paid',
      'paid>confirmed',
      'paid>confirmed',
    ]);
    let order = await readOrder(app, placed.reference);
    expect(order.itemStates).toEqual(['confirmed']);
    expect(order.isCancellable).toBe(true);
    expect(order.cancellableUntil).toBe(new Date(start.getTime() + 30 * MINUTE).toISOString());
    expect(order.manualEvents).toEqual(['close cancellation window', 'cancel', 'invoice-generate']);

    app.clock.advance(29 * MINUTE);
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(0);
    app.clock.advance(2 * MINUTE);
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(2);
    order = await readOrder(app, placed.reference);
    expect(order.itemStates).toEqual(['waiting']);
    expect(order.isCancellable).toBe(false);
    expect(order.cancellableUntil).toBeNull();

    expect((await trigger(app, placed.reference, 'ship')).__typename).toBe('OrderEventTriggered');
    expect((await trigger(app, placed.reference, 'deliver')).__typename).toBe('OrderEventTriggered');
    app.clock.advance(14 * DAY + MINUTE);
    expect(await app.app.services.timeoutWorker.fireDue()).toBe(2);

    order = await readOrder(app, placed.reference);
    expect(order.itemStates).toEqual(['closed']);
    expect(order.manualEvents).toEqual([]);
    for (const item of order.items) {
      expect(item.stateHistory.map((h: any) => [h.fromState, h.toState, h.event, h.source])).toEqual([
        [null, 'new', null, 'storefront'],
        ['new', 'payment pending', 'authorize', 'storefront'],
        ['payment pending', 'paid', 'pay', 'back-office'],
        ['paid', 'confirmed', 'confirm', 'back-office'],
        ['confirmed', 'waiting', 'close cancellation window', 'timeout'],
        ['waiting', 'shipped', 'ship', 'back-office'],
        ['shipped', 'delivered', 'deliver', 'back-office'],
        ['delivered', 'closed', 'close', 'timeout'],
      ]);
      expect(item.stateHistory[2].actor).toBe('staff:staff-1');
      expect(item.stateHistory[4].actor).toBe('system:timeout');
    }
    const [{ n }] = await app.dataSource.query(`SELECT count(*) AS n FROM oms_event_timeout`);
    expect(n).toBe(0);
  });

  it('moves only the chosen items and skips items whose state has no such transition', async () => {
    const placed = await placeOrder(
      app,
      app.customerToken('DE--L2'),
      placeOrderInput([shipment([{ sku: 'TSHIRT-001', quantity: 3 }])]),
    );
    const [first, second, third] = placed.items.map((i: any) => i.id);

    const nothing = await trigger(app, placed.reference, 'ship');
    expect(nothing.__typename).toBe('EventNotApplicableError');
    expect(nothing.errorCode).toBe('EVENT_NOT_APPLICABLE');
    expect(nothing.skipped.map((s: any) => s.state)).toEqual([
      'payment pending',
      'payment pending',
      'payment pending',
    ]);

    const one = await trigger(app, placed.reference, 'pay', { itemIds: [first] });
    expect(one.moved.every((m: any) => m.itemId === first)).toBe(true);

    const mixed = await trigger(app, placed.reference, 'close cancellation window');
    expect(mixed.moved.map((m: any) => m.itemId)).toEqual([first]);
    expect(mixed.skipped.map((s: any) => [s.itemId, s.state])).toEqual([
      [second, 'payment pending'],
      [third, 'payment pending'],
    ]);
    const order = await readOrder(app, placed.reference);
    expect(order.items.map((i: any) => i.state)).toEqual(['waiting', 'payment pending', 'payment pending']);
    expect(order.items[0].manualEvents).toEqual(['ship', 'invoice-generate']);
    expect(order.items[1].manualEvents).toEqual(['pay', 'cancel']);
  });

  it("finds orders by their items' live states in back office's list", async () => {
    const placed = await placeOrder(
      app,
      app.customerToken('DE--L6'),
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 2 }])]),
    );
    const find = async (states: string[]) => {
      const result = await app.gql(
        `query($states: [String!]) { orders(first: 100, filter: { states: $states }) { totalCount nodes { reference } } }`,
        { states },
        app.backOfficeToken(),
      );
      return result.data!.orders.nodes.map((n: any) => n.reference);
    };
    expect(await find(['payment pending'])).toContain(placed.reference);
    await trigger(app, placed.reference, 'pay', { itemIds: [placed.items[0].id] });
    expect(await find(['confirmed'])).toContain(placed.reference);
    expect(await find(['payment pending'])).toContain(placed.reference);
    await trigger(app, placed.reference, 'cancel');
    expect(await find(['cancelled'])).toContain(placed.reference);
    expect(await find(['payment pending', 'confirmed'])).not.toContain(placed.reference);
  });

  it('refuses unknown and non-manual events, and items of another order, writing nothing', async () => {
    const a = await placeOrder(app, app.customerToken('DE--L3'));
    const b = await placeOrder(app, app.customerToken('DE--L4'));
    expect(await trigger(app, a.reference, 'teleport')).toMatchObject({ errorCode: 'UNKNOWN_EVENT' });
    expect(await trigger(app, a.reference, 'authorize')).toMatchObject({ errorCode: 'UNKNOWN_EVENT' });
    expect(await trigger(app, a.reference, 'pay', { itemIds: [b.items[0].id] })).toMatchObject({
      errorCode: 'ITEMS_NOT_IN_ORDER',
    });
    expect(await trigger(app, 'DE--999999', 'pay')).toMatchObject({ errorCode: 'ORDER_NOT_FOUND' });
    expect((await readOrder(app, a.reference)).itemStates).toEqual(['payment pending']);
    expect((await readOrder(app, b.reference)).itemStates).toEqual(['payment pending']);
  });

  it('lets only back office trigger events', async () => {
    const placed = await placeOrder(app, app.customerToken('DE--L5'));
    const asCustomer = await app.gql(
      `mutation { triggerOrderEvent(input: { orderReference: "${placed.reference}", event: "pay" }) { __typename } }`,
      {},
      app.customerToken('DE--L5'),
    );
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('timeout worker', () => {
  it('fires each due timeout exactly once when two workers run at the same moment', async () => {
    const placedOrders = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        placeOrder(
          app,
          app.customerToken(`DE--W${i}`),
          placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 3 }])]),
        ),
      ),
    );
    for (const o of placedOrders) await trigger(app, o.reference, 'pay');
    app.clock.advance(31 * MINUTE);

    const { TimeoutWorker } = await import('../../src/oms/timeout-worker');
    const services = app.app.services;
    const { silentLogger } = await import('../../src/common/logger');
    const second = new TimeoutWorker(app.dataSource, services.engine, app.clock, silentLogger);
    const [a, b] = await Promise.all([services.timeoutWorker.fireDue(), second.fireDue()]);
    // Every item fired once: some by one worker, the rest by the other.
    expect(a + b).toBe(18);
    const rows = await app.dataSource.query(
      `SELECT h.item_id, count(*)::int AS n FROM oms_item_state_history h JOIN sales_order o ON o.id = h.order_id
       WHERE h.event = 'close cancellation window' AND o.reference = ANY($1) GROUP BY h.item_id`,
      [placedOrders.map((o) => o.reference)],
    );
    expect(rows).toHaveLength(18);
    expect(rows.every((r: any) => r.n === 1)).toBe(true);
    expect(await services.timeoutWorker.fireDue()).toBe(0);
  });
});
