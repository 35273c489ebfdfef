import { address, PLACE_ORDER, placeOrder, placeOrderInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  staff = app.backOfficeToken();
});
afterAll(() => app.close());

const CUSTOMER = `query($r: String!) { order(reference: $r) { customer { reference email name orderCount } } }`;

describe('Order.customer', () => {
  it('shows back office who placed the order and how many orders they placed, batched per page', async () => {
    const anna = app.customerToken('DE--CU1', 'anna@example.com');
    const ben = app.customerToken('DE--CU2', 'ben@example.com');
    const annas: any[] = [];
    for (let n = 0; n < 3; n++) annas.push(await placeOrder(app, anna));
    const bens = await placeOrder(
      app,
      ben,
      placeOrderInput(undefined, { billingAddress: address({ firstName: 'Ben', lastName: 'Becker' }) }),
    );

    const one = await app.gql(CUSTOMER, { r: bens.reference }, staff);
    expect(one.data!.order.customer).toEqual({
      reference: 'DE--CU2',
      email: 'ben@example.com',
      name: 'Ben Becker',
      orderCount: 1,
    });

    app.queries.recorded = [];
    app.queries.recording = true;
    let page;
    try {
      page = await app.gql(
        `{ orders(first: 10) { nodes { reference customer { reference orderCount } } } }`,
        {},
        staff,
      );
    } finally {
      app.queries.recording = false;
    }
    expect(page.errors).toBeUndefined();
    const byReference = new Map(page.data!.orders.nodes.map((n: any) => [n.reference, n.customer]));
    for (const order of annas)
      expect(byReference.get(order.reference)).toEqual({ reference: 'DE--CU1', orderCount: 3 });
    expect(byReference.get(bens.reference)).toEqual({ reference: 'DE--CU2', orderCount: 1 });
    expect(app.queries.recorded.filter((s) => /GROUP BY customer_reference/.test(s.query))).toHaveLength(1);

    // A customer sees no customer panel, not even on their own order.
    const mine = await app.gql(CUSTOMER, { r: annas[0].reference }, anna);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.order.customer).toBeNull();
  });

  it('counts a guest by e-mail address: reference null, the orders placed with that address', async () => {
    const guest = async (email: string) => {
      const placed = await app.gql(PLACE_ORDER, { input: placeOrderInput(undefined, { email }) });
      expect(placed.data!.placeOrder.__typename).toBe('Order');
      return placed.data!.placeOrder.reference as string;
    };
    const first = await guest('gina@example.com');
    await guest('gina@example.com');
    const other = await guest('otto@example.com');
    const gina = await app.gql(CUSTOMER, { r: first }, staff);
    expect(gina.data!.order.customer).toEqual({
      reference: null,
      email: 'gina@example.com',
      name: 'Anna Schmidt',
      orderCount: 2,
    });
    const otto = await app.gql(CUSTOMER, { r: other }, staff);
    expect(otto.data!.order.customer.orderCount).toBe(1);
  });
});
