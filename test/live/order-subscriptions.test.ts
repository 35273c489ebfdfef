import { address, placeOrder, placeOrderInput } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { subscribe } from '../support/subscriptions';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const ORDER_CHANGED = `subscription S($r: String!) { orderChanged(reference: $r) { reference customReference itemStates } }`;
const ORDERS_CHANGED = `subscription S($f: OrderFilter) { ordersChanged(filter: $f) { reference customerReference } }`;
const SET_REF = `mutation R($o: String!, $c: String) { setCustomOrderReference(orderReference: $o, customReference: $c) { __typename } }`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const pubSub = () => app.app.services.orderChanges.pubSub;

/** Resolves once this process has `count` subscribers: the subscribe step ran on the server. */
async function subscribers(count: number) {
  while (pubSub().subscriberCount < count) await new Promise((resolve) => setImmediate(resolve));
}

async function setCustomReference(reference: string, value: string) {
  const result = await app.gql(SET_REF, { o: reference, c: value }, app.backOfficeToken());
  expect(result.data!.setCustomOrderReference.__typename).toBe('Order');
}

// A test counts its own subscribers from zero: the server may still be tearing down the previous test's
// subscription when the next one starts. Counted along, that one would pass for a new subscriber that has not
// subscribed yet, and the change the test then makes would go out before it listens (a 60 s hang under load).
beforeEach(async () => {
  while (pubSub().subscriberCount > 0) await new Promise((resolve) => setImmediate(resolve));
});

describe('orderChanged', () => {
  it('sends a customer their order after each committed change, over graphql-ws on /graphql', async () => {
    const token = app.customerToken('DE--L1');
    const order = await placeOrder(app, token);
    const live = subscribe(app.url, bearer(token), ORDER_CHANGED, { r: order.reference });
    try {
      const first = live.next();
      await subscribers(1);
      await trigger(app, order.reference, 'pay');
      expect((await first).data!.orderChanged).toEqual({
        reference: order.reference,
        customReference: null,
        itemStates: ['confirmed'],
      });
      await setCustomReference(order.reference, 'PO-1');
      expect((await live.next()).data!.orderChanged.customReference).toBe('PO-1');
    } finally {
      await live.close();
    }
  });

  it('sends an event for a shipment edit and for an invoice issued, each alone', async () => {
    const token = app.customerToken('DE--L8');
    const order = await placeOrder(app, token);
    await trigger(app, order.reference, 'pay');
    const live = subscribe(
      app.url,
      bearer(token),
      `subscription S($r: String!) { orderChanged(reference: $r) { shipments { address { city } } invoices { reference } } }`,
      { r: order.reference },
    );
    try {
      const first = live.next();
      await subscribers(1);
      const edited = await app.gql(
        `mutation($input: UpdateShipmentInput!) { updateShipment(input: $input) { __typename } }`,
        {
          input: {
            shipmentId: order.shipments[0].id,
            address: address({ city: 'Augsburg' }),
          },
        },
        app.backOfficeToken(),
      );
      expect(edited.errors).toBeUndefined();
      expect((await first).data!.orderChanged.shipments[0].address.city).toBe('Augsburg');
      const issued = await app.gql(
        `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename } }`,
        { r: order.reference },
        app.backOfficeToken(),
      );
      expect(issued.data!.generateInvoice.__typename).toBe('Invoice');
      expect((await live.next()).data!.orderChanged.invoices).toHaveLength(1);
    } finally {
      await live.close();
    }
  });

  it("gives a customer following another customer's order an error and no events", async () => {
    const order = await placeOrder(app, app.customerToken('DE--L2'));
    const live = subscribe(app.url, bearer(app.customerToken('DE--L3')), ORDER_CHANGED, {
      r: order.reference,
    });
    try {
      expect(await live.next()).toEqual({
        errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' }, path: ['orderChanged'] })],
      });
      await expect(live.next()).rejects.toThrow('the subscription completed'); // and nothing follows
      expect(pubSub().subscriberCount).toBe(0);
    } finally {
      await live.close();
    }
  });

  it('publishes only what commits: a rolled-back change sends nothing', async () => {
    const token = app.customerToken('DE--L4');
    const order = await placeOrder(app, token);
    const live = subscribe(app.url, bearer(token), ORDER_CHANGED, { r: order.reference });
    try {
      const first = live.next();
      await subscribers(1);
      const runner = app.dataSource.createQueryRunner();
      await runner.startTransaction();
      await runner.query(`UPDATE sales_order SET custom_reference = 'never' WHERE reference = $1`, [
        order.reference,
      ]);
      await runner.rollbackTransaction();
      await runner.release();
      await setCustomReference(order.reference, 'committed');
      expect((await first).data!.orderChanged.customReference).toBe('committed');
    } finally {
      await live.close();
    }
  });

  it('lets a guest follow their order with the access token, and refuses bad credentials with 4401/4403', async () => {
    const placed = await app.gql(
      `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { ... on Order { reference guestAccessToken } } }`,
      { input: placeOrderInput(undefined, { email: 'live@example.com' }) },
    );
    const { reference, guestAccessToken } = placed.data!.placeOrder;
    const live = subscribe(app.url, { accessToken: guestAccessToken }, ORDER_CHANGED, { r: reference });
    try {
      const first = live.next();
      await subscribers(1);
      const cancel = await app.gql(
        `mutation C($r: String!, $t: String) { cancelOrder(reference: $r, accessToken: $t) { __typename } }`,
        { r: reference, t: guestAccessToken },
      );
      expect(cancel.data!.cancelOrder.__typename).toBe('Order');
      expect((await first).data!.orderChanged.itemStates).toEqual(['cancelled']);
    } finally {
      await live.close();
    }

    const refused = [
      subscribe(app.url, {}, ORDER_CHANGED, { r: reference }),
      subscribe(app.url, { authorization: 'Bearer not-a-token' }, ORDER_CHANGED, { r: reference }),
      subscribe(app.url, { accessToken: 'A'.repeat(43) }, ORDER_CHANGED, { r: reference }),
    ];
    for (const r of refused) await expect(r.next()).rejects.toBeDefined();
    expect((await Promise.all(refused.map((r) => r.closed))).map((c) => c.code)).toEqual([4401, 4401, 4403]);
    await Promise.all(refused.map((r) => r.close()));
  });

  it("ends a guest's connection with 4403 once the token is revoked, before sending the order again", async () => {
    const placed = await app.gql(
      `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { ... on Order { reference guestAccessToken } } }`,
      { input: placeOrderInput(undefined, { email: 'revoked@example.com' }) },
    );
    const { reference, guestAccessToken } = placed.data!.placeOrder;
    const live = subscribe(app.url, { accessToken: guestAccessToken }, ORDER_CHANGED, { r: reference });
    try {
      const first = live.next();
      await subscribers(1);
      const revoke = await app.gql(`mutation R($t: String!) { revokeGuestAccessToken(accessToken: $t) }`, {
        t: guestAccessToken,
      });
      expect(revoke.data!.revokeGuestAccessToken).toBe(true);
      await setCustomReference(reference, 'after revocation');
      await expect(first).rejects.toBeDefined();
      expect((await live.closed).code).toBe(4403);
    } finally {
      await live.close();
    }
  });

  it('holds at most 20 subscriptions per connection, and a finished one frees its place', async () => {
    const token = app.customerToken('DE--L9');
    const order = await placeOrder(app, token);
    const live = subscribe(app.url, bearer(token), ORDER_CHANGED, { r: order.reference });
    const first = live.next();
    await subscribers(1);
    const open = () => live.client.iterate({ query: ORDER_CHANGED, variables: { r: order.reference } });
    const more = [];
    try {
      for (let n = 2; n <= 20; n++) {
        const subscription = open();
        more.push({ subscription, next: subscription.next() });
        await subscribers(n);
      }
      const refused = open();
      await expect(refused.next()).rejects.toEqual([
        expect.objectContaining({ message: 'At most 20 subscriptions per connection' }),
      ]);
      await more[0].subscription.return!();
      while (pubSub().subscriberCount > 19) await new Promise((resolve) => setImmediate(resolve));
      const again = open();
      const next = again.next();
      await subscribers(20);
      await setCustomReference(order.reference, 'twenty');
      expect(((await next).value as any).data.orderChanged.customReference).toBe('twenty');
      expect((await first).data!.orderChanged.customReference).toBe('twenty');
      await again.return!();
    } finally {
      await Promise.all(more.map((m) => m.subscription.return?.()));
      await live.close();
    }
  });

  it('runs only subscriptions over the socket: queries and mutations go by HTTP', async () => {
    const live = subscribe(app.url, bearer(app.backOfficeToken()), `{ orders(first: 1) { totalCount } }`);
    try {
      await expect(live.next()).rejects.toEqual([
        expect.objectContaining({ message: expect.stringContaining('Only subscriptions') }),
      ]);
    } finally {
      await live.close();
    }
  });
});

describe('ordersChanged', () => {
  it('sends back office every change to orders matching the filter, and refuses customers', async () => {
    const mine = await placeOrder(app, app.customerToken('DE--L5'));
    const other = await placeOrder(app, app.customerToken('DE--L6'));
    const live = subscribe(app.url, bearer(app.backOfficeToken()), ORDERS_CHANGED, {
      f: { customerReference: 'DE--L5' },
    });
    try {
      const first = live.next();
      await subscribers(1);
      await setCustomReference(other.reference, 'not matching');
      await setCustomReference(mine.reference, 'matching');
      expect((await first).data!.ordersChanged).toEqual({
        reference: mine.reference,
        customerReference: 'DE--L5',
      });
    } finally {
      await live.close();
    }

    const customer = subscribe(app.url, bearer(app.customerToken('DE--L5')), ORDERS_CHANGED, {});
    try {
      expect(await customer.next()).toEqual({
        errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' }, path: ['ordersChanged'] })],
      });
      await expect(customer.next()).rejects.toThrow('the subscription completed');
    } finally {
      await customer.close();
    }
  });
});

describe('the listening connection', () => {
  it('listens again after its connection is killed, and events flow on', async () => {
    const token = app.customerToken('DE--L7');
    const order = await placeOrder(app, token);
    const connection = app.app.services.orderChanges.connection!;
    const before = connection.connections;
    const pid = await connection.backendPid();
    await app.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    while (connection.connections === before) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await connection.backendPid()).not.toBe(pid);

    const live = subscribe(app.url, bearer(token), ORDER_CHANGED, { r: order.reference });
    try {
      const first = live.next();
      await subscribers(1);
      await setCustomReference(order.reference, 'after reconnect');
      expect((await first).data!.orderChanged.customReference).toBe('after reconnect');
    } finally {
      await live.close();
    }
  });
});

describe('after the listening connection was lost', () => {
  it('sends every watched order as it is now, since changes made meanwhile were not heard', async () => {
    const token = app.customerToken('DE--L11');
    const order = await placeOrder(app, token);
    const live = subscribe(app.url, bearer(token), ORDER_CHANGED, { r: order.reference });
    try {
      const first = live.next();
      await subscribers(1);
      const connection = app.app.services.orderChanges.connection!;
      const before = connection.connections;
      await app.dataSource.query(`SELECT pg_terminate_backend($1)`, [await connection.backendPid()]);
      // Nothing changes the order: the event that comes is the catch-up after the reconnect, with the order as is.
      expect((await first).data!.orderChanged).toEqual({
        reference: order.reference,
        customReference: null,
        itemStates: ['payment pending'],
      });
      expect(connection.connections).toBe(before + 1);
    } finally {
      await live.close();
    }
  });
});

// Last: it moves the server's clock a month ahead of every token in this file.
describe('expiry', () => {
  it('closes a connection with 4401 once its token has expired, before sending anything more', async () => {
    const token = app.customerToken('DE--L10');
    const order = await placeOrder(app, token);
    const live = subscribe(app.url, bearer(token), ORDER_CHANGED, { r: order.reference });
    try {
      const first = live.next();
      await subscribers(1);
      // The test token lives 8 h of real time; the server's clock (injectable) is moved past that.
      app.clock.advance(30 * 86_400_000);
      await setCustomReference(order.reference, 'too late');
      await expect(first).rejects.toBeDefined();
      expect((await live.closed).code).toBe(4401);
    } finally {
      await live.close();
    }
  });
});
