import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { expectStructuredTwin } from '../support/e-invoice-assertions';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  staff = app.backOfficeToken();
});
afterAll(() => app.close());

const GENERATE = `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename } }`;
const REFUNDS = `query($r: String!) { order(reference: $r) {
  totals { grandTotal { minorUnits } refundTotal { minorUnits } canceledTotal { minorUnits } }
  items { id sku state refundableAmount { minorUnits } refundedAmount { minorUnits } }
  refunds { id amount { minorUnits } itemAmount { minorUnits } expenseAmount { minorUnits } itemIds
            creditNote { reference kind grandTotal { minorUnits } corrects { reference } } actor source createdAt }
  invoices { reference kind grandTotal { minorUnits } }
} }`;

const read = async (reference: string, token = staff) => {
  const result = await app.gql(REFUNDS, { r: reference }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.order;
};
const refundRows = async (reference: string) =>
  (
    await app.dataSource.query(
      `SELECT count(*)::int AS n FROM sales_refund r JOIN sales_order o ON o.id = r.order_id WHERE o.reference = $1`,
      [reference],
    )
  )[0].n;

/** Placed, paid, invoiced, shipped and delivered: two T-shirts and a book (standard), two pallets (freight, one item). */
async function delivered(customer: string) {
  const order = await placeOrder(
    app,
    app.customerToken(customer),
    placeOrderInput([
      shipment([
        { sku: 'TSHIRT-001', quantity: 2 },
        { sku: 'BOOK-003', quantity: 1 },
      ]),
      shipment([{ sku: 'PALLET-005', quantity: 2 }], { method: 'freight' }),
    ]),
  );
  await trigger(app, order.reference, 'pay');
  expect((await app.gql(GENERATE, { r: order.reference }, staff)).data!.generateInvoice.__typename).toBe(
    'Invoice',
  );
  await trigger(app, order.reference, 'close cancellation window');
  await trigger(app, order.reference, 'ship');
  await trigger(app, order.reference, 'deliver');
  return order;
}

describe('refunds with amounts', () => {
  it('refund one item, a whole shipment, then the rest: totals, refunds and credit notes to the cent', async () => {
    const order = await delivered('DE--RF1');
    const [shirt1, shirt2] = order.items.filter((i: any) => i.sku === 'TSHIRT-001');
    const book = order.items.find((i: any) => i.sku === 'BOOK-003');
    const pallet = order.items.find((i: any) => i.sku === 'PALLET-005');
    expect(pallet.quantity).toBe(2);
    // 2 × 19.99 + 24.90 + 2 × 349.00 + shipping 4.90 + 89.00
    expect(order.totals.grandTotal.minorUnits).toBe(85678);

    let state = await read(order.reference);
    expect(state.totals.refundTotal.minorUnits).toBe(0);
    expect(state.items.map((i: any) => i.refundableAmount.minorUnits)).toEqual([1999, 1999, 2490, 69800]);
    expect(state.invoices.map((i: any) => [i.kind, i.grandTotal.minorUnits])).toEqual([['INVOICE', 85678]]);

    // 1. One T-shirt: its price, no shipping (the shipment has items left).
    const first = await trigger(app, order.reference, 'refund', { itemIds: [shirt1.id] });
    expect(first.__typename).toBe('OrderEventTriggered');
    state = await read(order.reference);
    expect(state.totals).toEqual({
      grandTotal: { minorUnits: 85678 },
      refundTotal: { minorUnits: 1999 },
      canceledTotal: { minorUnits: 0 },
    });
    expect(
      state.items.map((i: any) => [i.state, i.refundableAmount.minorUnits, i.refundedAmount.minorUnits]),
    ).toEqual([
      ['refunded', 0, 1999],
      ['delivered', 1999, 0],
      ['delivered', 2490, 0],
      ['delivered', 69800, 0],
    ]);
    expect(state.refunds).toHaveLength(1);
    expect(state.refunds[0]).toMatchObject({
      amount: { minorUnits: 1999 },
      itemAmount: { minorUnits: 1999 },
      expenseAmount: { minorUnits: 0 },
      itemIds: [shirt1.id],
      creditNote: { kind: 'CREDIT_NOTE', grandTotal: { minorUnits: -1999 } },
      actor: 'staff:staff-1',
      source: 'back-office',
      createdAt: app.clock.now().toISOString(),
    });
    expect(state.refunds[0].creditNote.corrects.reference).toBe(state.invoices[0].reference);

    // 2. The pallets (non-splittable, refunded whole) are their shipment's last item: freight shipping goes too.
    await trigger(app, order.reference, 'refund', { itemIds: [pallet.id] });
    state = await read(order.reference);
    expect(state.totals.refundTotal.minorUnits).toBe(1999 + 69800 + 8900);
    expect(state.refunds[1]).toMatchObject({
      amount: { minorUnits: 78700 },
      itemAmount: { minorUnits: 69800 },
      expenseAmount: { minorUnits: 8900 },
      creditNote: { grandTotal: { minorUnits: -78700 } },
    });

    // 3. The rest, at the whole order: the refunded items are skipped, standard shipping goes with the last item.
    const rest = await trigger(app, order.reference, 'refund');
    expect(rest.__typename).toBe('OrderEventTriggered');
    expect(rest.moved.map((m: any) => m.itemId).sort()).toEqual([shirt2.id, book.id].sort());
    expect(rest.skipped.map((s: any) => s.itemId).sort()).toEqual([shirt1.id, pallet.id].sort());
    state = await read(order.reference);
    expect(state.refunds[2]).toMatchObject({
      amount: { minorUnits: 1999 + 2490 + 490 },
      expenseAmount: { minorUnits: 490 },
      creditNote: { grandTotal: { minorUnits: -4979 } },
    });
    expect(state.totals).toEqual({
      grandTotal: { minorUnits: 85678 },
      refundTotal: { minorUnits: 85678 },
      canceledTotal: { minorUnits: 0 },
    });
    expect(state.items.every((i: any) => i.refundableAmount.minorUnits === 0)).toBe(true);
    // Invoice less credit notes is what the customer keeps paying: nothing.
    const documents = state.invoices.map((i: any) => i.grandTotal.minorUnits);
    expect(documents).toEqual([85678, -1999, -78700, -4979]);
    expect(documents.reduce((a: number, b: number) => a + b, 0)).toBe(
      state.totals.grandTotal.minorUnits - state.totals.refundTotal.minorUnits,
    );
    // The credit notes' own snapshots add up: lines and shipping per document.
    const snapshots = await app.dataSource.query(
      `SELECT i.snapshot FROM sales_invoice i JOIN sales_order o ON o.id = i.order_id
        WHERE o.reference = $1 AND i.kind = 'CREDIT_NOTE' ORDER BY i.id`,
      [order.reference],
    );
    expect(snapshots.map((r: any) => r.snapshot.totals.expenseTotal)).toEqual([0, -8900, -490]);
    // Each document has its structured twin: an invoice (380) and three credit notes (381) pointing at it.
    const twins = [];
    for (const document of state.invoices) twins.push(await expectStructuredTwin(app, document.reference));
    expect(twins.map((t) => [t.typeCode, t.grandTotal])).toEqual([
      ['380', 85678],
      ['381', 1999],
      ['381', 78700],
      ['381', 4979],
    ]);

    // 4. Refunding again finds nothing: nothing moves, nothing is recorded, no credit note.
    const again = await trigger(app, order.reference, 'refund');
    expect(again.__typename).toBe('EventNotApplicableError');
    expect(await refundRows(order.reference)).toBe(3);
    expect((await read(order.reference)).invoices).toHaveLength(4);

    // The customer sees the refunds and amounts, not who made them.
    const mine = await read(order.reference, app.customerToken('DE--RF1'));
    expect(mine.refunds.map((r: any) => [r.amount.minorUnits, r.actor])).toEqual([
      [1999, null],
      [78700, null],
      [4979, null],
    ]);
  });

  it('concurrent refunds of the same items refund them once', async () => {
    const order = await delivered('DE--RF2');
    const ids = order.items.filter((i: any) => i.sku !== 'PALLET-005').map((i: any) => i.id);
    const input = { orderReference: order.reference, event: 'refund', itemIds: ids };
    const TRIGGER = `mutation($input: TriggerOrderEventInput!) { triggerOrderEvent(input: $input) { __typename } }`;
    const results = await Promise.all(Array.from({ length: 4 }, () => app.gql(TRIGGER, { input }, staff)));
    const kinds = results.map((r) => r.data!.triggerOrderEvent.__typename).sort();
    expect(kinds).toEqual([
      'EventNotApplicableError',
      'EventNotApplicableError',
      'EventNotApplicableError',
      'OrderEventTriggered',
    ]);
    expect(await refundRows(order.reference)).toBe(1);
    const state = await read(order.reference);
    expect(state.totals.refundTotal.minorUnits).toBe(1999 + 1999 + 2490 + 490);
    expect(state.invoices.map((i: any) => i.grandTotal.minorUnits)).toEqual([
      85678,
      -(1999 + 1999 + 2490 + 490),
    ]);
  });

  it('reports items without the refund transition as skipped and items of another order as an error, writing nothing', async () => {
    const order = await placeOrder(app, app.customerToken('DE--RF3'));
    await trigger(app, order.reference, 'pay');
    const early = await trigger(app, order.reference, 'refund');
    expect(early.__typename).toBe('EventNotApplicableError');
    expect(early.skipped).toEqual([{ itemId: order.items[0].id, state: 'confirmed' }]);

    const other = await delivered('DE--RF4');
    const foreign = await trigger(app, order.reference, 'refund', { itemIds: [other.items[0].id] });
    expect(foreign).toMatchObject({ __typename: 'ItemsNotInOrderError', errorCode: 'ITEMS_NOT_IN_ORDER' });
    expect(await refundRows(order.reference)).toBe(0);
    expect(await refundRows(other.reference)).toBe(0);
    const state = await read(order.reference);
    expect(state.totals.refundTotal.minorUnits).toBe(0);
    expect(state.items[0].refundableAmount.minorUnits).toBe(state.totals.grandTotal.minorUnits - 490);
  });
});
