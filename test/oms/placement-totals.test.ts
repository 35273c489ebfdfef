import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// The placement computes the totals and the process's first onEnter chain follows in the same transaction. The
// engine reads the totals again only when a command of that chain may have changed an amount.
const isTotalsStatement = (sql: string) => /UPDATE sales_order SET subtotal/.test(sql);

describe('totals after the initial onEnter chain', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('are not recomputed when the chain only mails (the default process)', async () => {
    app = await startTestApp();
    app.queries.recorded = [];
    app.queries.recording = true;
    const order = await placeOrder(app, app.customerToken('DE--T1'));
    app.queries.recording = false;
    expect(order.itemStates).toEqual(['payment pending']);
    expect(app.queries.recorded.filter((q) => isTotalsStatement(q.query))).toEqual([]);
    expect(order.totals.grandTotal.minorUnits).toBe(1999 + 490);
  });

  it('are recomputed when the chain cancels, e.g. a process that screens orders as they come in', async () => {
    const screening = {
      name: 'Screening01',
      initialState: 'new',
      cancellationWindowEvent: 'close window',
      states: [
        { name: 'new', display: 'New' },
        { name: 'rejected', display: 'Rejected' },
      ],
      events: [
        { name: 'screen', onEnter: true, command: 'cancel-items' },
        { name: 'close window', timeoutMs: 60_000 },
      ],
      transitions: [
        { from: 'new', event: 'screen', to: 'rejected' },
        { from: 'rejected', event: 'close window', to: 'rejected' },
      ],
    };
    app = await startTestApp({}, { processDefinition: screening });
    app.queries.recorded = [];
    app.queries.recording = true;
    const input = placeOrderInput([shipment([{ sku: 'TSHIRT-001', quantity: 2 }])]);
    const order = await placeOrder(app, app.customerToken('DE--T2'), input);
    app.queries.recording = false;
    expect(order.itemStates).toEqual(['rejected']);
    expect(app.queries.recorded.filter((q) => isTotalsStatement(q.query))).toHaveLength(1);
    // Both shirts cancelled, and with them the shipment's expense: nothing left to charge.
    expect(order.items.map((i: any) => i.canceledAmount.minorUnits)).toEqual([1999, 1999]);
    expect(order.totals.canceledTotal.minorUnits).toBe(2 * 1999 + 490);
    expect(order.totals.grandTotal.minorUnits).toBe(0);
    const [stored] = await app.dataSource.query(
      `SELECT canceled_total::int AS canceled, grand_total::int AS grand FROM sales_order WHERE reference = $1`,
      [order.reference],
    );
    expect(stored).toEqual({ canceled: 2 * 1999 + 490, grand: 0 });
  });
});
