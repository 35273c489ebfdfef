import { address, placeOrder, placeOrderInput, PLACE_ORDER, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let anna: string;

beforeAll(async () => {
  app = await startTestApp();
  anna = app.customerToken('DE--C1', 'anna@example.com');
});
afterAll(() => app.close());

const rowCounts = async () => {
  const [row] = await app.dataSource.query(`SELECT
    (SELECT count(*) FROM sales_order) AS orders,
    (SELECT count(*) FROM sales_shipment) AS shipments,
    (SELECT count(*) FROM sales_order_item) AS items`);
  return row;
};

describe('placeOrder', () => {
  it('prices one shipment from the catalog and computes totals to the cent', async () => {
    const order = await placeOrder(
      app,
      anna,
      placeOrderInput([
        shipment([
          { sku: 'TSHIRT-001', quantity: 2 },
          { sku: 'MUG-002', quantity: 1 },
        ]),
      ]),
    );
    expect(order.reference).toMatch(/^DE--\d+$/);
    expect(order.email).toBe('anna@example.com');
    expect(order.customerReference).toBe('DE--C1');
    expect(order.currencyCode).toBe('EUR');
    expect(order.priceMode).toBe('GROSS_MODE');
    // Placement enters "new" and follows its onEnter chain (authorize) to "payment pending".
    expect(order.itemStates).toEqual(['payment pending']);
    // 2 × 19.99 + 12.50 = 52.48; standard shipping 4.90. Tax at 19 % contained, rounded per item:
    // 3.19 + 3.19 (T-shirts) + 2.00 (mug) + 0.78 (shipping) = 9.16.
    expect(order.totals.subtotal).toEqual({ minorUnits: 5248, amount: '52.48' });
    expect(order.totals.expenseTotal.minorUnits).toBe(490);
    expect(order.totals.discountTotal.minorUnits).toBe(0);
    expect(order.totals.canceledTotal.minorUnits).toBe(0);
    expect(order.totals.taxTotal.minorUnits).toBe(916);
    expect(order.totals.grandTotal).toEqual({ minorUnits: 5738, amount: '57.38' });
    // What refunds paid back: nothing yet (grandTotal keeps what was charged).
    expect(order.totals.refundTotal.minorUnits).toBe(0);
    expect(
      order.items.map((i: any) => [i.sku, i.quantity, i.sumPrice.minorUnits, i.taxAmount.minorUnits]),
    ).toEqual([
      ['TSHIRT-001', 1, 1999, 319],
      ['TSHIRT-001', 1, 1999, 319],
      ['MUG-002', 1, 1250, 200],
    ]);
    expect(order.items[0].taxRate).toBe(19);
  });

  it('places a split-delivery order with three shipments, each with its own address, method, date and expense', async () => {
    const input = placeOrderInput([
      shipment([{ sku: 'BOOK-003', quantity: 1 }], { method: 'standard' }),
      shipment([{ sku: 'COFFEE-004', quantity: 2 }], {
        method: 'express',
        address: address({ firstName: 'Bob', city: 'Hamburg', zipCode: '20095' }),
        requestedDeliveryDate: '2026-12-01',
      }),
      shipment([{ sku: 'PALLET-005', quantity: 2 }], {
        method: 'freight',
        address: address({ company: 'Getränke Nord GmbH', city: 'Kiel', zipCode: '24103' }),
      }),
    ]);
    const order = await placeOrder(app, anna, input);
    expect(order.shipments).toHaveLength(3);
    expect(
      order.shipments.map((s: any) => [s.methodName, s.carrierName, s.expense.minorUnits, s.address.city]),
    ).toEqual([
      ['Standard', 'DHL', 490, 'Berlin'],
      ['Express', 'DHL', 1290, 'Hamburg'],
      ['Freight', 'Spedition Nord', 8900, 'Kiel'],
    ]);
    expect(order.shipments[1].requestedDeliveryDate).toBe('2026-12-01');
    expect(order.shipments[0].deliveryTime).toBe('2-3 business days');
    expect(order.shipments.map((s: any) => s.items.map((i: any) => i.sku))).toEqual([
      ['BOOK-003'],
      ['COFFEE-004', 'COFFEE-004'],
      ['PALLET-005'],
    ]);
    // Items: 24.90 + 2 × 17.99 + 2 × 349.00 = 758.88; expenses 4.90 + 12.90 + 89.00 = 106.80.
    expect(order.totals.subtotal.minorUnits).toBe(75888);
    expect(order.totals.expenseTotal.minorUnits).toBe(10680);
    expect(order.totals.grandTotal.minorUnits).toBe(86568);
    // Tax: book 1.63 (7 %), coffee 1.18 + 1.18 (7 %), pallet 111.45 (19 % of 698.00 = 111.4454 → rounded half up
    // at the cent: 11144.54 → 11145), expenses 0.78 + 2.06 + 14.21.
    expect(order.totals.taxTotal.minorUnits).toBe(163 + 118 + 118 + 11145 + 78 + 206 + 1421);
    const pallet = order.items.find((i: any) => i.sku === 'PALLET-005');
    expect(pallet).toMatchObject({
      quantity: 2,
      isQuantitySplittable: false,
      sumPrice: { minorUnits: 69800 },
    });
    expect(pallet.shipment.id).toBe(order.shipments[2].id);
  });

  it('keeps the custom reference trimmed, and stores none when it is blank', async () => {
    const withRef = await placeOrder(
      app,
      anna,
      placeOrderInput(undefined, { customReference: '  PO-4711  ' }),
    );
    expect(withRef.customReference).toBe('PO-4711');
    const blank = await placeOrder(app, anna, placeOrderInput(undefined, { customReference: '   ' }));
    expect(blank.customReference).toBeNull();
  });

  it('returns business errors as results and writes nothing', async () => {
    const before = await rowCounts();
    const unknownSku = await app.gql(
      PLACE_ORDER,
      { input: placeOrderInput([shipment([{ sku: 'NOPE', quantity: 1 }])]) },
      anna,
    );
    expect(unknownSku.data!.placeOrder).toMatchObject({
      __typename: 'UnknownSkuError',
      errorCode: 'UNKNOWN_SKU',
    });
    const unknownMethod = await app.gql(
      PLACE_ORDER,
      { input: placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 }], { method: 'teleport' })]) },
      anna,
    );
    expect(unknownMethod.data!.placeOrder).toMatchObject({ errorCode: 'UNKNOWN_SHIPMENT_METHOD' });
    await app.dataSource.query(
      `INSERT INTO product (sku, name, tax_rate_bp) VALUES ('USD-ONLY', 'Import', 1900)`,
    );
    const noPrice = await app.gql(
      PLACE_ORDER,
      { input: placeOrderInput([shipment([{ sku: 'USD-ONLY', quantity: 1 }])]) },
      anna,
    );
    expect(noPrice.data!.placeOrder).toMatchObject({ errorCode: 'PRODUCT_NOT_SOLD_IN_CURRENCY' });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an order of more sales items than MAX_SALES_ITEMS_PER_ORDER before building any', async () => {
    const before = await rowCounts();
    const lines = Array.from({ length: 200 }, () => ({ sku: 'MUG-002', quantity: 100_000 }));
    const started = performance.now();
    const result = await app.gql(PLACE_ORDER, { input: placeOrderInput([shipment(lines)]) }, anna);
    expect(result.data!.placeOrder).toMatchObject({ errorCode: 'ORDER_TOO_LARGE' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects a back-office token, and an anonymous caller (a guest) without an e-mail address', async () => {
    const asStaff = await app.gql(PLACE_ORDER, { input: placeOrderInput() }, app.backOfficeToken());
    expect(asStaff.errors![0].extensions!.code).toBe('FORBIDDEN');
    // Without a token the order is a guest order (test/guests/), which needs input.email.
    const anonymous = await app.gql(PLACE_ORDER, { input: placeOrderInput() });
    expect(anonymous.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(anonymous.errors![0].extensions!.fields).toEqual([
      { field: 'email', messages: ['an e-mail address is required for a guest order'] },
    ]);
  });
});

describe('placeOrder input validation', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      'quantity 0',
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 0 }])]),
      ['shipments.0.items.0.quantity'],
    ],
    [
      'negative quantity',
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: -3 }])]),
      ['shipments.0.items.0.quantity'],
    ],
    [
      'absurd quantity',
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 100_001 }])]),
      ['shipments.0.items.0.quantity'],
    ],
    ['no shipments', placeOrderInput([]), ['shipments']],
    ['a shipment without items', placeOrderInput([shipment([])]), ['shipments.0.items']],
    [
      'unknown country',
      placeOrderInput(undefined, { billingAddress: address({ country: 'XX' }) }),
      ['billingAddress.country'],
    ],
    [
      'over-long custom reference',
      placeOrderInput(undefined, { customReference: 'x'.repeat(256) }),
      ['customReference'],
    ],
    [
      'over-long city',
      placeOrderInput([
        shipment([{ sku: 'MUG-002', quantity: 1 }], { address: address({ city: 'c'.repeat(101) }) }),
      ]),
      ['shipments.0.address.city'],
    ],
    [
      'past delivery date',
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 }], { requestedDeliveryDate: '2026-11-26' })]),
      ['shipments.0.requestedDeliveryDate'],
    ],
    [
      'several bad fields at once',
      placeOrderInput(
        [shipment([{ sku: 'MUG-002', quantity: 0 }], { address: address({ country: 'Germany' }) })],
        {
          billingAddress: address({ firstName: '' }),
        },
      ),
      ['billingAddress.firstName', 'shipments.0.address.country', 'shipments.0.items.0.quantity'],
    ],
  ];

  it.each(cases)('rejects %s, naming each bad field, and writes nothing', async (_name, input, fields) => {
    const before = await rowCounts();
    const result = await app.gql(PLACE_ORDER, { input }, anna);
    expect(result.data?.placeOrder ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions!.fields.map((f: any) => f.field).sort()).toEqual(fields);
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects a malformed delivery date at the scalar, before any resolver runs', async () => {
    const before = await rowCounts();
    const result = await app.gql(
      PLACE_ORDER,
      {
        input: placeOrderInput([
          shipment([{ sku: 'MUG-002', quantity: 1 }], { requestedDeliveryDate: '2026-02-30' }),
        ]),
      },
      anna,
    );
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toContain('yyyy-MM-dd');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('splittable order items', () => {
  it('splits a splittable line into items of quantity 1 and keeps a non-splittable line whole', async () => {
    const order = await placeOrder(
      app,
      anna,
      placeOrderInput([
        shipment([
          { sku: 'MUG-002', quantity: 3 },
          { sku: 'PALLET-005', quantity: 4 },
        ]),
      ]),
    );
    expect(order.items.map((i: any) => [i.sku, i.quantity])).toEqual([
      ['MUG-002', 1],
      ['MUG-002', 1],
      ['MUG-002', 1],
      ['PALLET-005', 4],
    ]);
  });

  it('costs one row for 100,000 non-splittable units and one INSERT for 1,000 splittable ones', async () => {
    app.queries.count = 0;
    const pallets = await app.gql(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ... on Order { reference } } }`,
      {
        input: placeOrderInput([shipment([{ sku: 'PALLET-005', quantity: 100_000 }], { method: 'freight' })]),
      },
      anna,
    );
    const palletStatements = app.queries.count;
    const [{ n: palletRows }] = await app.dataSource.query(
      `SELECT count(*) AS n FROM sales_order_item i JOIN sales_order o ON o.id = i.order_id WHERE o.reference = $1`,
      [pallets.data!.placeOrder.reference],
    );
    expect(palletRows).toBe(1);

    app.queries.count = 0;
    const mugs = await app.gql(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ... on Order { reference } } }`,
      { input: placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1000 }])]) },
      anna,
    );
    const mugStatements = app.queries.count;
    const [{ n: mugRows }] = await app.dataSource.query(
      `SELECT count(*) AS n FROM sales_order_item i JOIN sales_order o ON o.id = i.order_id WHERE o.reference = $1`,
      [mugs.data!.placeOrder.reference],
    );
    expect(mugRows).toBe(1000);
    // Same statements for 1,000 rows as for one: the rows go in one multi-row INSERT.
    expect(mugStatements).toBe(palletStatements);
  });

  describe('with ITEM_NONSPLIT_QUANTITY_THRESHOLD=10', () => {
    let thresholdApp: TestApp;
    beforeAll(async () => {
      thresholdApp = await startTestApp({ ITEM_NONSPLIT_QUANTITY_THRESHOLD: '10' });
    });
    afterAll(() => thresholdApp.close());

    it('splits below the threshold and keeps a line at or above it whole', async () => {
      const token = thresholdApp.customerToken('DE--C9');
      const order = await placeOrder(
        thresholdApp,
        token,
        placeOrderInput([
          shipment([
            { sku: 'MUG-002', quantity: 9 },
            { sku: 'TSHIRT-001', quantity: 10 },
          ]),
        ]),
      );
      const mugs = order.items.filter((i: any) => i.sku === 'MUG-002');
      const shirts = order.items.filter((i: any) => i.sku === 'TSHIRT-001');
      expect(mugs).toHaveLength(9);
      expect(mugs.every((i: any) => i.quantity === 1 && i.isQuantitySplittable)).toBe(true);
      expect(shirts).toHaveLength(1);
      expect(shirts[0]).toMatchObject({ quantity: 10, sumPrice: { minorUnits: 19990 } });
      expect(order.totals.subtotal.minorUnits).toBe(9 * 1250 + 19990);
    });
  });
});

describe('concurrency', () => {
  it('gives 20 concurrent placements 20 distinct references', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        placeOrder(app, app.customerToken(`DE--P${i}`), placeOrderInput()),
      ),
    );
    expect(new Set(results.map((o) => o.reference)).size).toBe(20);
  });

  it('turns the same idempotency key sent 10 times at once into one order', async () => {
    const bob = app.customerToken('DE--C2');
    const input = placeOrderInput(undefined, { idempotencyKey: 'checkout-7f3a' });
    const results = await Promise.all(Array.from({ length: 10 }, () => placeOrder(app, bob, input)));
    expect(new Set(results.map((o) => o.reference)).size).toBe(1);
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*) AS n FROM sales_order WHERE customer_reference = 'DE--C2'`,
    );
    expect(n).toBe(1);
  });

  it('returns the first order to a retry even when its delivery date has passed since', async () => {
    const dora = app.customerToken('DE--C5');
    const input = placeOrderInput(
      [shipment([{ sku: 'MUG-002', quantity: 1 }], { requestedDeliveryDate: '2026-11-27' })],
      {
        idempotencyKey: 'retry-next-day',
      },
    );
    const first = await placeOrder(app, dora, input);
    app.clock.advance(2 * 86_400_000);
    try {
      expect((await placeOrder(app, dora, input)).reference).toBe(first.reference);
    } finally {
      app.clock.advance(-2 * 86_400_000);
    }
  });

  it('refuses a reused idempotency key with a different body, and lets another customer use the same key', async () => {
    const carla = app.customerToken('DE--C3');
    const first = await placeOrder(app, carla, placeOrderInput(undefined, { idempotencyKey: 'k-1' }));
    const changed = await app.gql(
      PLACE_ORDER,
      { input: placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 5 }])], { idempotencyKey: 'k-1' }) },
      carla,
    );
    expect(changed.data!.placeOrder).toMatchObject({
      errorCode: 'IDEMPOTENCY_KEY_REUSED',
      orderReference: first.reference,
    });
    const other = await placeOrder(
      app,
      app.customerToken('DE--C4'),
      placeOrderInput(undefined, { idempotencyKey: 'k-1' }),
    );
    expect(other.reference).not.toBe(first.reference);
  });
});
