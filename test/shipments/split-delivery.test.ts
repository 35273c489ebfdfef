import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { readOrder, trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const RESULT = `
  __typename
  ... on ShipmentChanged {
    order { reference totals { grandTotal { minorUnits } expenseTotal { minorUnits } taxTotal { minorUnits } } }
    shipment { id methodName address { city } requestedDeliveryDate expense { minorUnits } items { id } }
  }
  ... on ItemsNotInOrderError { ids }
  ... on ItemsNotMovableError { itemIds }
  ... on ErrorResult { errorCode message }`;
const CREATE = `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { ${RESULT} } }`;
const UPDATE = `mutation($input: UpdateShipmentInput!) { updateShipment(input: $input) { ${RESULT} } }`;
const MOVE = `mutation($shipmentId: ID!, $itemIds: [ID!]!) { moveItemsToShipment(shipmentId: $shipmentId, itemIds: $itemIds) { ${RESULT} } }`;

async function bo(query: string, variables: Record<string, unknown>) {
  const result = await app.gql(query, variables, app.backOfficeToken());
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data!)[0] as any;
}

const snapshot = async (reference: string) =>
  app.dataSource.query(
    `SELECT (SELECT json_agg(json_build_object('id', i.id, 'shipment', i.shipment_id, 'state', i.state) ORDER BY i.id)
               FROM sales_order_item i WHERE i.order_id = o.id) AS items,
            (SELECT json_agg(s.* ORDER BY s.id) FROM sales_shipment s WHERE s.order_id = o.id) AS shipments,
            o.grand_total, o.tax_total, o.expense_total
       FROM sales_order o WHERE o.reference = $1`,
    [reference],
  );

function threeShipmentOrder(customer: string) {
  return placeOrder(
    app,
    app.customerToken(customer),
    placeOrderInput([
      shipment([{ sku: 'TSHIRT-001', quantity: 2 }], { method: 'standard' }),
      shipment([{ sku: 'MUG-002', quantity: 2 }], {
        method: 'express',
        address: address({ city: 'Hamburg' }),
      }),
      shipment([{ sku: 'PALLET-005', quantity: 1 }], {
        method: 'freight',
        address: address({ city: 'Kiel' }),
      }),
    ]),
  );
}

describe('split delivery in back office', () => {
  it('creates a shipment, edits it, and moves items back until it disappears; the total never moves silently', async () => {
    const order = await threeShipmentOrder('DE--S1');
    const grand = order.totals.grandTotal.minorUnits;
    const [standard, express] = order.shipments;
    const [shirt1] = standard.items.map((i: any) => i.id);
    const [mug1] = express.items.map((i: any) => i.id);

    const created = await bo(CREATE, {
      input: {
        orderReference: order.reference,
        address: address({ city: 'München', zipCode: '80331' }),
        method: 'standard',
        itemIds: [shirt1, mug1],
      },
    });
    expect(created.__typename).toBe('ShipmentChanged');
    expect(created.shipment).toMatchObject({
      methodName: 'Standard',
      address: { city: 'München' },
      expense: { minorUnits: 0 },
    });
    expect(created.shipment.items.map((i: any) => i.id).sort()).toEqual([shirt1, mug1].sort());
    expect(created.order.totals.grandTotal.minorUnits).toBe(grand);
    const newId = created.shipment.id;

    const edited = await bo(UPDATE, {
      input: {
        shipmentId: newId,
        address: address({ city: 'Augsburg', zipCode: '86150' }),
        requestedDeliveryDate: '2026-12-03',
        method: 'express',
      },
    });
    expect(edited.shipment).toMatchObject({
      methodName: 'Express',
      address: { city: 'Augsburg' },
      requestedDeliveryDate: '2026-12-03',
      expense: { minorUnits: 0 }, // a changed method keeps the price already charged
    });
    expect(edited.order.totals.grandTotal.minorUnits).toBe(grand);

    // Back office charges for it explicitly: the total changes by exactly that.
    const priced = await bo(UPDATE, { input: { shipmentId: newId, expense: 350 } });
    expect(priced.order.totals.grandTotal.minorUnits).toBe(grand + 350);
    expect(priced.order.totals.expenseTotal.minorUnits).toBe(490 + 1290 + 8900 + 350);

    // Move the T-shirt back, then the mug: the new shipment empties, disappears, and its 3.50 moves with the mug.
    await bo(MOVE, { shipmentId: standard.id, itemIds: [shirt1] });
    const back = await bo(MOVE, { shipmentId: express.id, itemIds: [mug1] });
    expect(back.shipment.expense.minorUnits).toBe(1290 + 350);
    expect(back.order.totals.grandTotal.minorUnits).toBe(grand + 350);
    const after = await readOrder(app, order.reference);
    expect(after.shipments.map((s: any) => s.id)).toEqual([standard.id, express.id, order.shipments[2].id]);

    const log = await app.gql(
      `query($r: String!) { order(reference: $r) { changeLog { action description actor source createdAt } } }`,
      { r: order.reference },
      app.backOfficeToken(),
    );
    const changes = log.data!.order.changeLog;
    expect(changes.map((c: any) => c.action)).toEqual([
      'SHIPMENT_CREATED',
      'SHIPMENT_UPDATED',
      'SHIPMENT_UPDATED',
      'ITEMS_MOVED',
      'ITEMS_MOVED',
      'SHIPMENT_REMOVED',
    ]);
    expect(changes.every((c: any) => c.actor === 'staff:staff-1' && c.source === 'back-office')).toBe(true);
    expect(changes[5].description).toMatch(
      /emptied and was removed; its shipping charge of 3\.50 EUR moved to shipment/,
    );
    const asCustomer = await app.gql(
      `query($r: String!) { order(reference: $r) { changeLog { action } } }`,
      { r: order.reference },
      app.customerToken('DE--S1'),
    );
    expect(asCustomer.data!.order.changeLog).toEqual([]);
  });

  it('refuses to move a shipped item or an item of another order, writing nothing', async () => {
    const order = await threeShipmentOrder('DE--S2');
    const other = await placeOrder(app, app.customerToken('DE--S3'));
    const [standard, express] = order.shipments;
    await trigger(app, order.reference, 'pay');
    await trigger(app, order.reference, 'close cancellation window');
    await trigger(app, order.reference, 'ship', { shipmentId: express.id });
    const before = await snapshot(order.reference);

    const shipped = await bo(MOVE, { shipmentId: standard.id, itemIds: [express.items[0].id] });
    expect(shipped).toMatchObject({ errorCode: 'ITEMS_NOT_MOVABLE', itemIds: [express.items[0].id] });
    const foreign = await bo(MOVE, {
      shipmentId: standard.id,
      itemIds: [standard.items[0].id, other.items[0].id],
    });
    expect(foreign).toMatchObject({ errorCode: 'ITEMS_NOT_IN_ORDER', ids: [other.items[0].id] });
    const editShipped = await bo(UPDATE, {
      input: { shipmentId: express.id, address: address({ city: 'Bremen' }) },
    });
    expect(editShipped.errorCode).toBe('SHIPMENT_ALREADY_SHIPPED');
    const newWithShipped = await bo(CREATE, {
      input: {
        orderReference: order.reference,
        address: address(),
        method: 'standard',
        itemIds: [express.items[1].id],
      },
    });
    expect(newWithShipped.errorCode).toBe('ITEMS_NOT_MOVABLE');
    const pastDate = await app.gql(
      UPDATE,
      { input: { shipmentId: standard.id, requestedDeliveryDate: '2026-11-01' } },
      app.backOfficeToken(),
    );
    expect(pastDate.errors![0].extensions!.code).toBe('BAD_USER_INPUT');

    expect(await snapshot(order.reference)).toEqual(before);
  });

  it('fires an event at one shipment only: the shipment-level button', async () => {
    const order = await threeShipmentOrder('DE--S4');
    await trigger(app, order.reference, 'pay');
    await trigger(app, order.reference, 'close cancellation window');
    const shipped = await trigger(app, order.reference, 'ship', { shipmentId: order.shipments[2].id });
    expect(shipped.moved.map((m: any) => m.itemId)).toEqual(order.shipments[2].items.map((i: any) => i.id));
    const after = await readOrder(app, order.reference);
    expect(
      after.shipments.map((s: any) =>
        s.items.map((i: any) => after.items.find((x: any) => x.id === i.id).state),
      ),
    ).toEqual([['waiting', 'waiting'], ['waiting', 'waiting'], ['shipped']]);
    const oneOfShipment = await trigger(app, order.reference, 'ship', {
      shipmentId: order.shipments[0].id,
      itemIds: [order.shipments[0].items[1].id],
    });
    expect(oneOfShipment.moved).toHaveLength(1);
    const wrong = await trigger(app, order.reference, 'ship', {
      shipmentId: order.shipments[0].id,
      itemIds: [order.shipments[1].items[0].id],
    });
    expect(wrong.errorCode).toBe('ITEMS_NOT_IN_ORDER');
  });

  it('keeps the total when a shipment is left with only cancelled items: its charge moves with the live ones', async () => {
    const order = await threeShipmentOrder('DE--S6');
    const grand = order.totals.grandTotal.minorUnits;
    const [standard, express] = order.shipments;
    await trigger(app, order.reference, 'cancel', { itemIds: [standard.items[0].id] });
    const afterCancel = (await readOrder(app, order.reference)).totals.grandTotal.minorUnits;
    expect(afterCancel).toBe(grand - 1999);

    const moved = await bo(MOVE, { shipmentId: express.id, itemIds: [standard.items[1].id] });
    expect(moved.order.totals.grandTotal.minorUnits).toBe(afterCancel);
    expect(moved.shipment.expense.minorUnits).toBe(1290 + 490);
    const after = await readOrder(app, order.reference);
    expect(after.shipments.map((s: any) => [s.id, s.expense.minorUnits])).toEqual([
      [standard.id, 0],
      [express.id, 1780],
      [order.shipments[2].id, 8900],
    ]);
  });

  it('refuses a shipping price change once the order is invoiced', async () => {
    const order = await threeShipmentOrder('DE--S7');
    await trigger(app, order.reference, 'pay');
    await trigger(app, order.reference, 'invoice-generate');
    const priced = await bo(UPDATE, { input: { shipmentId: order.shipments[0].id, expense: 0 } });
    expect(priced.errorCode).toBe('SHIPMENT_PRICE_LOCKED');
    const created = await bo(CREATE, {
      input: {
        orderReference: order.reference,
        address: address(),
        method: 'standard',
        itemIds: [order.items[0].id],
        expense: 100,
      },
    });
    expect(created.errorCode).toBe('SHIPMENT_PRICE_LOCKED');
    const free = await bo(CREATE, {
      input: {
        orderReference: order.reference,
        address: address(),
        method: 'standard',
        itemIds: [order.items[0].id],
      },
    });
    expect(free.__typename).toBe('ShipmentChanged');
  });

  it('is back office only', async () => {
    const order = await threeShipmentOrder('DE--S5');
    const asCustomer = await app.gql(
      MOVE,
      { shipmentId: order.shipments[0].id, itemIds: [order.items[2].id] },
      app.customerToken('DE--S5'),
    );
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
