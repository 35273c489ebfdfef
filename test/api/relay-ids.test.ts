import { placeOrder } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let mine: any;
let theirs: any;
const ME = 'DE--IDS-1';

beforeAll(async () => {
  app = await startTestApp();
  mine = await placeOrder(app, app.customerToken(ME));
  theirs = await placeOrder(app, app.customerToken('DE--IDS-2'));
});
afterAll(() => app?.close());

const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Order { reference } ... on SalesItem { sku } } }`;
const encode = (text: string) => Buffer.from(text).toString('base64url');

describe('global object identification', () => {
  it('gives every object an opaque id that no object of another type shares', async () => {
    const ids = [mine.id, ...mine.items.map((i: any) => i.id), ...mine.shipments.map((s: any) => s.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toMatch(/^\d+$/);
    // The first order, its first item and its first shipment all have database id 1 on a fresh database.
    const products = await app.gql(
      `{ products(first: 100) { nodes { id sku } } shipmentMethods { id key } }`,
    );
    const all = [
      ...ids,
      ...products.data!.products.nodes.map((p: any) => p.id),
      ...products.data!.shipmentMethods.map((m: any) => m.id),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('finds an object again with node and nodes, as its owner', async () => {
    const token = app.customerToken(ME);
    const order = await app.gql(NODE, { id: mine.id }, token);
    expect(order.data!.node).toEqual({ __typename: 'Order', id: mine.id, reference: mine.reference });
    const item = await app.gql(NODE, { id: mine.items[0].id }, token);
    expect(item.data!.node).toEqual({
      __typename: 'SalesItem',
      id: mine.items[0].id,
      sku: mine.items[0].sku,
    });
    const many = await app.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      { ids: [mine.shipments[0].id, theirs.id, mine.id] },
      token,
    );
    expect(many.data!.nodes).toEqual([
      { __typename: 'Shipment', id: mine.shipments[0].id },
      null,
      { __typename: 'Order', id: mine.id },
    ]);
  });

  it("reads another customer's order, item or shipment as null, and anonymous callers see only the catalog", async () => {
    const token = app.customerToken(ME);
    for (const id of [theirs.id, theirs.items[0].id, theirs.shipments[0].id]) {
      const result = await app.gql(NODE, { id }, token);
      expect(result).toEqual({ data: { node: null } });
    }
    expect(await app.gql(NODE, { id: mine.id })).toEqual({ data: { node: null } });
    const products = await app.gql(`{ products(first: 1) { nodes { id sku } } }`);
    const product = products.data!.products.nodes[0];
    const found = await app.gql(
      `query($id: ID!) { node(id: $id) { id ... on Product { sku price { amount } } } }`,
      {
        id: product.id,
      },
    );
    expect(found.data!.node).toMatchObject({ id: product.id, sku: product.sku });
    // Back office reads every order.
    expect((await app.gql(NODE, { id: theirs.id }, app.backOfficeToken())).data!.node.reference).toBe(
      theirs.reference,
    );
  });

  it('answers a malformed id, an unknown type or an unknown object clearly, never with a server error', async () => {
    const token = app.customerToken(ME);
    for (const id of ['not-an-id!', encode('Coupon:1'), '1', encode('Order:')]) {
      const result = await app.gql(NODE, { id }, token);
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'id' }],
      });
    }
    const missing = await app.gql(NODE, { id: encode('Order:999999') }, token);
    expect(missing).toEqual({ data: { node: null } });
    const bad = await app.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [mine.id, 'x'] },
      token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'ids[1]' }],
    });
  });

  it('refuses a malformed cursor or one of another list with BAD_USER_INPUT on after', async () => {
    const token = app.customerToken(ME);
    const products = await app.gql(`{ products(first: 1) { pageInfo { endCursor } } }`);
    const foreign = products.data!.products.pageInfo.endCursor;
    for (const after of ['garbage', foreign, mine.id]) {
      const result = await app.gql(
        `query($after: String) { orders(after: $after) { nodes { id } } }`,
        { after },
        token,
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after' }],
      });
    }
  });

  it('takes item and shipment ids of another order as not in the order, and changes nothing', async () => {
    const staff = app.backOfficeToken();
    const result = await app.gql(
      `mutation($input: TriggerOrderEventInput!) { triggerOrderEvent(input: $input) {
         __typename ... on ItemsNotInOrderError { ids } } }`,
      { input: { orderReference: mine.reference, event: 'pay', itemIds: [theirs.items[0].id] } },
      staff,
    );
    expect(result.data!.triggerOrderEvent).toEqual({
      __typename: 'ItemsNotInOrderError',
      ids: [theirs.items[0].id],
    });
    const after = await app.gql(
      `query($r: String!) { order(reference: $r) { itemStates } }`,
      { r: theirs.reference },
      staff,
    );
    expect(after.data!.order.itemStates).toEqual(['payment pending']);
  });

  it('returns the changed objects with their ids from mutations, so a normalised cache needs no refetch', async () => {
    const staff = app.backOfficeToken();
    const paid = await app.gql(
      `mutation($input: TriggerOrderEventInput!) { triggerOrderEvent(input: $input) {
         ... on OrderEventTriggered { moved { itemId toState } order { id itemStates items { id state } } } } }`,
      { input: { orderReference: mine.reference, event: 'pay' } },
      staff,
    );
    const triggered = paid.data!.triggerOrderEvent;
    expect(triggered.order.id).toBe(mine.id);
    expect(triggered.moved.map((m: any) => m.itemId)).toEqual(expect.arrayContaining([mine.items[0].id]));
    expect(triggered.order.items.every((i: any) => i.state === 'confirmed')).toBe(true);

    const invoiced = await app.gql(
      `mutation($r: String!) { generateInvoice(orderReference: $r) {
         __typename ... on Invoice { id reference order { id invoices { id } } } } }`,
      { r: mine.reference },
      staff,
    );
    const invoice = invoiced.data!.generateInvoice;
    expect(invoice.__typename).toBe('Invoice');
    expect(invoice.order).toEqual({ id: mine.id, invoices: [{ id: invoice.id }] });
  });
});
