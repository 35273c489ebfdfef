import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let anna: string;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  anna = app.customerToken('DE--BA1', 'anna@example.com');
  staff = app.backOfficeToken();
});
afterAll(() => app.close());

const UPDATE = `mutation($r: String!, $a: AddressInput!) {
  updateBillingAddress(orderReference: $r, address: $a) {
    __typename
    ... on Order { reference customerName billingAddress { firstName lastName company address1 zipCode city country } }
    ... on ErrorResult { errorCode message }
  }
}`;
const GENERATE = `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename ... on Invoice { reference } } }`;
const CHANGES = `query($r: String!) { order(reference: $r) { changeLog { action description actor source } } }`;

const snapshots = async (reference: string) =>
  app.dataSource.query(
    `SELECT i.kind, i.snapshot -> 'billingAddress' AS address FROM sales_invoice i
       JOIN sales_order o ON o.id = i.order_id WHERE o.reference = $1 ORDER BY i.id`,
    [reference],
  );
const storedCity = async (reference: string): Promise<string> =>
  (await app.dataSource.query(`SELECT billing_city FROM sales_order WHERE reference = $1`, [reference]))[0]
    .billing_city;

describe('updateBillingAddress', () => {
  it('replaces the address, logs old and new, and prints on documents issued afterwards only', async () => {
    const order = await placeOrder(
      app,
      anna,
      placeOrderInput([
        shipment([
          { sku: 'TSHIRT-001', quantity: 1 },
          { sku: 'BOOK-003', quantity: 1 },
        ]),
      ]),
    );
    await trigger(app, order.reference, 'pay');
    expect((await app.gql(GENERATE, { r: order.reference }, staff)).data!.generateInvoice.__typename).toBe(
      'Invoice',
    );

    const result = await app.gql(
      UPDATE,
      {
        r: order.reference,
        a: address({
          firstName: '  Berta ',
          lastName: 'Meyer',
          company: 'Meyer GmbH',
          city: 'Hamburg',
          zipCode: '20095',
        }),
      },
      staff,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateBillingAddress).toEqual({
      __typename: 'Order',
      reference: order.reference,
      customerName: 'Berta Meyer',
      billingAddress: {
        firstName: 'Berta',
        lastName: 'Meyer',
        company: 'Meyer GmbH',
        address1: 'Hauptstraße 1',
        zipCode: '20095',
        city: 'Hamburg',
        country: 'DE',
      },
    });
    expect(await storedCity(order.reference)).toBe('Hamburg');

    const log = (await app.gql(CHANGES, { r: order.reference }, staff)).data!.order.changeLog;
    expect(log).toEqual([
      {
        action: 'BILLING_ADDRESS_UPDATED',
        description:
          'Billing address changed from "Anna Schmidt, Hauptstraße 1, 10115 Berlin, DE" to "Berta Meyer, Meyer GmbH, Hauptstraße 1, 20095 Hamburg, DE".',
        actor: expect.stringMatching(/^staff:/),
        source: 'back-office',
      },
    ]);

    // Free-text search follows the new name (search_text is generated from the billing address).
    const search = await app.gql(
      `query { orders(first: 10, filter: { search: "berta meyer" }) { nodes { reference } } }`,
      {},
      staff,
    );
    expect(search.data!.orders.nodes).toEqual([{ reference: order.reference }]);

    // The invoice issued before keeps Berlin; a credit note issued now prints Hamburg.
    const item = order.items.find((i: any) => i.sku === 'BOOK-003');
    await trigger(app, order.reference, 'cancel', { itemIds: [item.id] });
    const docs = await snapshots(order.reference);
    expect(docs.map((d: any) => [d.kind, d.address.city, d.address.firstName])).toEqual([
      ['INVOICE', 'Berlin', 'Anna'],
      ['CREDIT_NOTE', 'Hamburg', 'Berta'],
    ]);
  });

  it('changes nothing and logs nothing when the address is the same', async () => {
    const order = await placeOrder(app, anna);
    const same = await app.gql(UPDATE, { r: order.reference, a: address() }, staff);
    expect(same.data!.updateBillingAddress.__typename).toBe('Order');
    expect((await app.gql(CHANGES, { r: order.reference }, staff)).data!.order.changeLog).toEqual([]);
  });

  it("takes the buyer's VAT ID (B2B invoices print it): a change of it alone is a change, logged", async () => {
    const order = await placeOrder(app, anna);
    const changed = await app.gql(
      `mutation($r: String!, $a: AddressInput!) { updateBillingAddress(orderReference: $r, address: $a) {
        ... on Order { billingAddress { vatId } } } }`,
      { r: order.reference, a: address({ vatId: 'DE 811 907 980' }) },
      staff,
    );
    expect(changed.data!.updateBillingAddress.billingAddress.vatId).toBe('DE811907980');
    const [entry] = (await app.gql(CHANGES, { r: order.reference }, staff)).data!.order.changeLog;
    expect(entry.description).toContain('VAT ID DE811907980');
  });

  it('rejects an address that fails placement validation with BAD_USER_INPUT, writing nothing', async () => {
    const order = await placeOrder(app, anna);
    for (const bad of [
      address({ country: 'XX' }),
      address({ firstName: '   ' }),
      address({ lastName: 'a<b' }),
      address({ zipCode: '1'.repeat(16) }),
      address({ email: 'not-an-email' }),
    ]) {
      const result = await app.gql(UPDATE, { r: order.reference, a: bad }, staff);
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.data ?? null).toBeNull();
    }
    expect(await storedCity(order.reference)).toBe('Berlin');
    expect((await app.gql(CHANGES, { r: order.reference }, staff)).data!.order.changeLog).toEqual([]);
  });

  it('answers ORDER_NOT_FOUND for an unknown order, and refuses customers and anonymous callers', async () => {
    const order = await placeOrder(app, anna);
    const missing = await app.gql(UPDATE, { r: 'DE--999999', a: address() }, staff);
    expect(missing.data!.updateBillingAddress).toMatchObject({ errorCode: 'ORDER_NOT_FOUND' });
    const asCustomer = await app.gql(UPDATE, { r: order.reference, a: address({ city: 'Bonn' }) }, anna);
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(UPDATE, { r: order.reference, a: address({ city: 'Bonn' }) });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await storedCity(order.reference)).toBe('Berlin');
  });
});
