import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { CANCEL, readOrder, trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ORDER_CANCELLATION_WINDOW: '2m' });
});
afterAll(() => app.close());

const cancel = async (reference: string, token: string) => {
  const result = await app.gql(CANCEL, { reference }, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.cancelOrder;
};

/** Places an order as `customer` and pays it, so that it sits in "confirmed" with the window running. */
async function confirmedOrder(
  customer: string,
  input = placeOrderInput([shipment([{ sku: 'TSHIRT-001', quantity: 2 }])]),
) {
  const placed = await placeOrder(app, app.customerToken(customer), input);
  await trigger(app, placed.reference, 'pay');
  return placed;
}

describe('customer cancellation', () => {
  it('cancels inside the window, over HTTP as the mobile app does, and the totals follow to the cent', async () => {
    const token = app.customerToken('DE--M1');
    const placed = await confirmedOrder('DE--M1');
    const before = await readOrder(app, placed.reference, token);
    expect(before.isCancellable).toBe(true);
    expect(before.cancellableUntil).toBe(new Date(app.clock.now().getTime() + 2 * 60_000).toISOString());
    expect(before.manualEvents).toEqual([]); // back office only

    app.clock.advance(60_000);
    const cancelled = await cancel(placed.reference, token);
    expect(cancelled.__typename).toBe('Order');
    expect(cancelled.itemStates).toEqual(['cancelled']);
    expect(cancelled.isCancellable).toBe(false);
    expect(cancelled.cancellableUntil).toBeNull();
    // 2 × 19.99 + 4.90 shipping, all cancelled: the shipment lost its last live item, so its expense goes too.
    expect(cancelled.totals.subtotal.minorUnits).toBe(3998);
    expect(cancelled.totals.canceledTotal.minorUnits).toBe(4488);
    expect(cancelled.totals.grandTotal.minorUnits).toBe(0);
    expect(cancelled.totals.taxTotal.minorUnits).toBe(0);
    expect(cancelled.items.every((i: any) => i.canceledAmount.minorUnits === i.sumPrice.minorUnits)).toBe(
      true,
    );

    const history = (await readOrder(app, placed.reference)).items[0].stateHistory.at(-1);
    expect(history).toMatchObject({
      fromState: 'confirmed',
      toState: 'cancelled',
      event: 'cancel',
      source: 'storefront',
    });
    expect(history.actor).toBe('customer:DE--M1');
  });

  it('refuses after the window closed, with a reason a person understands', async () => {
    const token = app.customerToken('DE--M2');
    const placed = await confirmedOrder('DE--M2');
    app.clock.advance(2 * 60_000 + 1);
    await app.app.services.timeoutWorker.fireDue();
    const refused = await cancel(placed.reference, token);
    expect(refused).toMatchObject({
      __typename: 'OrderNotCancellableError',
      errorCode: 'ORDER_NOT_CANCELLABLE',
      reason: 'WINDOW_CLOSED',
    });
    expect(refused.message).toMatch(/time to cancel this order has passed/);
    await trigger(app, placed.reference, 'ship');
    expect(await cancel(placed.reference, token)).toMatchObject({ reason: 'ALREADY_SHIPPED' });
    expect((await readOrder(app, placed.reference)).itemStates).toEqual(['shipped']);
  });

  it('refuses at the promised time even when the timeout worker has not fired yet', async () => {
    const token = app.customerToken('DE--M9');
    const placed = await confirmedOrder('DE--M9');
    app.clock.advance(2 * 60_000);
    expect(await cancel(placed.reference, token)).toMatchObject({ reason: 'WINDOW_CLOSED' });
    expect((await readOrder(app, placed.reference)).itemStates).toEqual(['confirmed']);
  });

  it("reads another customer's order as not found, and changes nothing", async () => {
    const placed = await confirmedOrder('DE--M3');
    const result = await cancel(placed.reference, app.customerToken('DE--M4'));
    expect(result).toMatchObject({ __typename: 'OrderNotFoundError', errorCode: 'ORDER_NOT_FOUND' });
    expect((await readOrder(app, placed.reference)).itemStates).toEqual(['confirmed']);
    const anonymous = await app.gql(CANCEL, { reference: placed.reference });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('is harmless twice: the second cancel returns the cancelled order unchanged', async () => {
    const token = app.customerToken('DE--M5');
    const placed = await confirmedOrder('DE--M5');
    const first = await cancel(placed.reference, token);
    const historyRows = async () =>
      (
        await app.dataSource.query(
          `SELECT count(*) AS n FROM oms_item_state_history h JOIN sales_order o ON o.id = h.order_id WHERE o.reference = $1`,
          [placed.reference],
        )
      )[0].n;
    const rowsAfterFirst = await historyRows();
    const second = await cancel(placed.reference, token);
    expect(second.__typename).toBe('Order');
    expect(second.totals).toEqual(first.totals);
    expect(second.itemStates).toEqual(['cancelled']);
    expect(await historyRows()).toBe(rowsAfterFirst);
  });
});

describe('back-office cancellation', () => {
  it('cancels part of a split-delivery order, and the totals are right to the cent', async () => {
    const placed = await confirmedOrder(
      'DE--M6',
      placeOrderInput([
        shipment([{ sku: 'TSHIRT-001', quantity: 2 }], { method: 'standard' }),
        shipment(
          [
            { sku: 'BOOK-003', quantity: 1 },
            { sku: 'COFFEE-004', quantity: 1 },
          ],
          {
            method: 'express',
            address: address({ city: 'Hamburg' }),
          },
        ),
        shipment([{ sku: 'PALLET-005', quantity: 1 }], {
          method: 'freight',
          address: address({ city: 'Kiel' }),
        }),
      ]),
    );
    // Before: items 39.98 + 24.90 + 17.99 + 349.00 = 431.87; expenses 4.90 + 12.90 + 89.00 = 106.80.
    expect(placed.totals.grandTotal.minorUnits).toBe(43187 + 10680);
    const [shirt1, , book, coffee] = placed.items.map((i: any) => i.id);
    const result = await trigger(app, placed.reference, 'cancel', { itemIds: [shirt1, book, coffee] });
    expect(result.__typename).toBe('OrderEventTriggered');

    const order = await readOrder(app, placed.reference);
    expect(order.items.map((i: any) => i.state)).toEqual([
      'cancelled',
      'confirmed',
      'cancelled',
      'cancelled',
      'confirmed',
    ]);
    // Cancelled: one T-shirt 19.99, book 24.90, coffee 17.99, and the express shipment's 12.90 (all its items went).
    const canceled = 1999 + 2490 + 1799 + 1290;
    expect(order.totals.canceledTotal.minorUnits).toBe(canceled);
    expect(order.totals.subtotal.minorUnits).toBe(43187);
    expect(order.totals.expenseTotal.minorUnits).toBe(10680);
    expect(order.totals.grandTotal.minorUnits).toBe(43187 + 10680 - canceled);
    // Tax still owed: T-shirt 3.19, pallet 55.72 (349.00 at 19 %), standard 0.78, freight 14.21.
    expect(order.totals.taxTotal.minorUnits).toBe(319 + 5572 + 78 + 1421);
    expect(order.shipments.map((s: any) => s.expense.minorUnits)).toEqual([490, 1290, 8900]);

    // The customer may no longer cancel the rest (part is cancelled); back office may.
    expect(await cancel(placed.reference, app.customerToken('DE--M6'))).toMatchObject({
      reason: 'PARTLY_CANCELLED',
    });
    const rest = await cancel(placed.reference, app.backOfficeToken());
    expect(rest.itemStates).toEqual(['cancelled']);
    expect(rest.totals.grandTotal.minorUnits).toBe(0);
    expect(rest.totals.taxTotal.minorUnits).toBe(0);
    expect(rest.totals.canceledTotal.minorUnits).toBe(43187 + 10680);
  });

  it('cancels inside the window or out of it as the process allows, and says so when it does not', async () => {
    const early = await placeOrder(app, app.customerToken('DE--M7'));
    expect((await cancel(early.reference, app.backOfficeToken())).itemStates).toEqual(['cancelled']);
    const late = await confirmedOrder('DE--M8');
    await trigger(app, late.reference, 'close cancellation window');
    expect(await cancel(late.reference, app.backOfficeToken())).toMatchObject({
      reason: 'NOT_IN_CANCELLABLE_STATE',
    });
  });
});

describe('a cancel racing the warehouse', () => {
  it('leaves the order consistent after 20 concurrent cancel and ship requests: exactly one side wins', async () => {
    const token = app.customerToken('DE--R1');
    const placed = await confirmedOrder(
      'DE--R1',
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 4 }])]),
    );
    const shipRequest = async () => {
      const closed = await trigger(app, placed.reference, 'close cancellation window');
      const shipped = await trigger(app, placed.reference, 'ship');
      return { closed: closed.__typename, shipped: shipped.__typename };
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? shipRequest() : cancel(placed.reference, token))),
    );
    const cancels = results.filter((_, i) => i % 2 === 0) as any[];
    const ships = results.filter((_, i) => i % 2 === 1) as any[];
    const order = await readOrder(app, placed.reference);

    expect(order.itemStates).toHaveLength(1); // every item ended in the same place
    if (order.itemStates[0] === 'cancelled') {
      expect(cancels.every((c) => c.__typename === 'Order')).toBe(true);
      expect(
        ships.every((s) => s.closed === 'EventNotApplicableError' && s.shipped === 'EventNotApplicableError'),
      ).toBe(true);
      expect(order.totals.grandTotal.minorUnits).toBe(0);
    } else {
      expect(order.itemStates).toEqual(['shipped']);
      expect(cancels.every((c) => c.__typename === 'OrderNotCancellableError')).toBe(true);
      expect(ships.filter((s) => s.shipped === 'OrderEventTriggered')).toHaveLength(1);
      expect(order.totals.canceledTotal.minorUnits).toBe(0);
    }
    // History tells the truth: each item left "confirmed" exactly once.
    for (const item of order.items) {
      expect(item.stateHistory.filter((h: any) => h.fromState === 'confirmed')).toHaveLength(1);
    }
  });
});
