import { placeOrder, placeOrderInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let anna: string;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  anna = app.customerToken('DE--C1', 'anna@example.com');
  staff = app.backOfficeToken();
});
afterAll(() => app.close());

const SET = `mutation($orderReference: String!, $customReference: String) {
  setCustomOrderReference(orderReference: $orderReference, customReference: $customReference) {
    __typename
    ... on Order { reference customReference }
    ... on ErrorResult { errorCode message }
    ... on OrderNotFoundError { orderReference }
  }
}`;

async function found(filter: Record<string, unknown>, token = staff): Promise<string[]> {
  const result = await app.gql(
    `query($filter: OrderFilter) { orders(first: 100, filter: $filter) { nodes { reference } } }`,
    { filter },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.orders.nodes.map((n: any) => n.reference);
}

const stored = async (reference: string): Promise<string | null> => {
  const [row] = await app.dataSource.query(`SELECT custom_reference FROM sales_order WHERE reference = $1`, [
    reference,
  ]);
  return row.custom_reference;
};

describe('custom order reference', () => {
  let order: any;

  beforeAll(async () => {
    order = await placeOrder(app, anna, placeOrderInput(undefined, { customReference: ' ERP-2026/0815 ' }));
  });

  it('is set at placement, trimmed, and readable by the customer', async () => {
    expect(order.customReference).toBe('ERP-2026/0815');
    const mine = await app.gql(
      `query($r: String!) { order(reference: $r) { customReference } }`,
      { r: order.reference },
      anna,
    );
    expect(mine.data!.order.customReference).toBe('ERP-2026/0815');
  });

  it('is found by free-text search and by the customReference filter, for back office and the customer', async () => {
    expect(await found({ search: '2026/08' })).toEqual([order.reference]);
    expect(await found({ search: 'erp-2026' }, anna)).toEqual([order.reference]);
    expect(await found({ customReference: 'erp-2026/0815' })).toEqual([order.reference]);
    expect(await found({ customReference: 'ERP-2026/0815' }, anna)).toEqual([order.reference]);
  });

  it('is changed by back office, and then found by its new value only', async () => {
    const result = await app.gql(
      SET,
      { orderReference: order.reference, customReference: '  PO-99  ' },
      staff,
    );
    expect(result.data!.setCustomOrderReference).toEqual({
      __typename: 'Order',
      reference: order.reference,
      customReference: 'PO-99',
    });
    expect(await stored(order.reference)).toBe('PO-99');
    expect(await found({ customReference: 'po-99' })).toEqual([order.reference]);
    expect(await found({ customReference: 'ERP-2026/0815' })).toEqual([]);
    expect(await found({ search: 'ERP-2026' })).toEqual([]);
  });

  it('is cleared by back office with null and with an empty (or blank) string', async () => {
    for (const clear of [null, '', '   ']) {
      await app.gql(SET, { orderReference: order.reference, customReference: 'TEMP-1' }, staff);
      expect(await stored(order.reference)).toBe('TEMP-1');
      const result = await app.gql(SET, { orderReference: order.reference, customReference: clear }, staff);
      expect(result.errors).toBeUndefined();
      expect(result.data!.setCustomOrderReference.customReference).toBeNull();
      expect(await stored(order.reference)).toBeNull();
    }
    const omitted = await app.gql(
      `mutation($r: String!) { setCustomOrderReference(orderReference: $r) { ... on Order { customReference } } }`,
      { r: order.reference },
      staff,
    );
    expect(omitted.data!.setCustomOrderReference.customReference).toBeNull();
  });

  it('accepts 255 characters and rejects 256 with BAD_USER_INPUT, writing nothing', async () => {
    const longest = 'L'.repeat(255);
    const ok = await app.gql(SET, { orderReference: order.reference, customReference: longest }, staff);
    expect(ok.data!.setCustomOrderReference.customReference).toBe(longest);
    const tooLong = await app.gql(
      SET,
      { orderReference: order.reference, customReference: 'X'.repeat(256) },
      staff,
    );
    expect(tooLong.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0].message).toMatch(/customReference/);
    expect(tooLong.data ?? null).toBeNull();
    expect(await stored(order.reference)).toBe(longest);
  });

  it('rejects an over-long custom reference at placement, writing nothing', async () => {
    const [{ n: before }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`);
    const result = await app.gql(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename } }`,
      { input: placeOrderInput(undefined, { customReference: 'Y'.repeat(256) }) },
      anna,
    );
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const [{ n: after }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`);
    expect(after).toBe(before);
  });

  it('cannot be set by a customer (FORBIDDEN) or anonymously (UNAUTHENTICATED)', async () => {
    const before = await stored(order.reference);
    const asCustomer = await app.gql(SET, { orderReference: order.reference, customReference: 'MINE' }, anna);
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(asCustomer.data ?? null).toBeNull();
    const anonymous = await app.gql(SET, { orderReference: order.reference, customReference: 'MINE' });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await stored(order.reference)).toBe(before);
  });

  it('answers an unknown order with OrderNotFoundError', async () => {
    const result = await app.gql(SET, { orderReference: 'DE--999999', customReference: 'PO-1' }, staff);
    expect(result.errors).toBeUndefined();
    expect(result.data!.setCustomOrderReference).toEqual({
      __typename: 'OrderNotFoundError',
      errorCode: 'ORDER_NOT_FOUND',
      message: expect.stringContaining('DE--999999'),
      orderReference: 'DE--999999',
    });
  });
});
