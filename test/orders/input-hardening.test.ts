import { address, PLACE_ORDER, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp({ MAX_DELIVERY_DATE_AHEAD: '365d' });
  token = app.customerToken('DE--INPUT');
});
afterAll(() => app.close());

const rows = async () =>
  Number(
    (
      await app.dataSource.query(
        `SELECT (SELECT count(*) FROM sales_order) + (SELECT count(*) FROM sales_shipment) AS n`,
      )
    )[0].n,
  );

/** Places `input` over HTTP and expects a BAD_USER_INPUT naming `field`, with nothing written. */
async function refused(input: unknown, field: string) {
  const before = await rows();
  const result = await app.gql(PLACE_ORDER, { input }, token);
  expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toContain(field);
  expect(await rows()).toBe(before);
  return result.errors![0];
}

describe('free text in orders', () => {
  it.each([
    ['a blank first name', { billingAddress: address({ firstName: '   ' }) }, 'billingAddress.firstName'],
    ['a blank street', { billingAddress: address({ address1: ' \t ' }) }, 'billingAddress.address1'],
    ['a city of spaces', { billingAddress: address({ city: '  ' }) }, 'billingAddress.city'],
    [
      'a line break in a street',
      { billingAddress: address({ address1: 'Hauptstr. 1\r\nBcc: x' }) },
      'billingAddress.address1',
    ],
    ['a NUL in a city', { billingAddress: address({ city: 'Ber\u0000lin' }) }, 'billingAddress.city'],
    [
      'a right-to-left override in a last name',
      { billingAddress: address({ lastName: 'Schmidt\u202Efdp.exe' }) },
      'billingAddress.lastName',
    ],
    [
      'a bidi isolate in a company',
      { billingAddress: address({ company: 'ACME\u2067GmbH' }) },
      'billingAddress.company',
    ],
    ['an escape sequence in the custom reference', { customReference: 'PO-1\u001b[31m' }, 'customReference'],
  ])('refuses %s, writes nothing, and the server answers on', async (_what, overrides, field) => {
    await refused({ ...placeOrderInput(), ...overrides }, field);
    expect((await app.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();
  });

  it('refuses control characters in a shipment address as well', async () => {
    const input = placeOrderInput([
      shipment([{ sku: 'MUG-002', quantity: 1 }], { address: address({ address2: 'Hinterhaus\u202D' }) }),
    ]);
    await refused(input, 'shipments.0.address.address2');
  });

  it('stores names and lines trimmed, and blank optional lines as none', async () => {
    const order = await placeOrder(
      app,
      token,
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 }])], {
        billingAddress: address({
          firstName: '  Anna ',
          city: ' Berlin  ',
          company: '   ',
          address2: ' Hof ',
        }),
      }),
    );
    const [row] = await app.dataSource.query(
      `SELECT billing_first_name AS "firstName", billing_city AS city, billing_company AS company,
              billing_address2 AS address2 FROM sales_order WHERE reference = $1`,
      [order.reference],
    );
    expect(row).toEqual({ firstName: 'Anna', city: 'Berlin', company: null, address2: 'Hof' });
  });
});

describe('requested delivery dates', () => {
  const on = (date: string) =>
    placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 }], { requestedDeliveryDate: date })]);

  it('accepts one up to MAX_DELIVERY_DATE_AHEAD and refuses one further, writing nothing', async () => {
    // The test clock stands at 2026-11-27.
    await placeOrder(app, token, on('2027-11-27'));
    const error = await refused(on('2027-11-28'), 'shipments.0.requestedDeliveryDate');
    expect(error.message).toMatch(/2027-11-27 or earlier/);
    await refused(on('9999-12-31'), 'shipments.0.requestedDeliveryDate');
  });

  it('refuses the same in back office when a shipment is created', async () => {
    const order = await placeOrder(
      app,
      token,
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 2 }])]),
    );
    const before = await rows();
    const result = await app.gql(
      `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { __typename } }`,
      {
        input: {
          orderReference: order.reference,
          address: address(),
          method: 'standard',
          requestedDeliveryDate: '2030-01-01',
          itemIds: [order.items[0].id],
        },
      },
      app.backOfficeToken(),
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rows()).toBe(before);
  });
});

describe('shipment method keys', () => {
  it('are refused with a control character wherever a method is chosen, writing nothing', async () => {
    const badKey = 'standard\u202E';
    const input = placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 }], { method: badKey })]);
    await refused(input, 'shipments.0.method');

    const order = await placeOrder(
      app,
      token,
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 2 }])]),
    );
    const before = await rows();
    const created = await app.gql(
      `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { __typename } }`,
      {
        input: {
          orderReference: order.reference,
          address: address(),
          method: badKey,
          itemIds: [order.items[0].id],
        },
      },
      app.backOfficeToken(),
    );
    expect(created.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(created.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toContain('method');
    expect(await rows()).toBe(before);
  });
});
