import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Environment, fetchQuery, Network, RecordSource, Store } from 'relay-runtime';
import type { GraphQLResponse } from 'relay-runtime';
import HistoryQuery from './relay/__generated__/relayOperationsHistoryQuery.graphql';
import OrderNodeQuery from './relay/__generated__/relayOperationsOrderNodeQuery.graphql';
import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// relay-runtime as an app uses it (Environment, Network, Store; no React), with artifacts made by relay-compiler
// from the committed schema.graphql: the compiler itself checks that the schema has what Relay needs.

let app: TestApp;
const CUSTOMER = 'DE--RELAY';
const orders: any[] = [];

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 3; i += 1) {
    app.clock.advance(60_000);
    orders.push(
      await placeOrder(
        app,
        app.customerToken(CUSTOMER),
        placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 2 }])]),
      ),
    );
  }
});
afterAll(() => app?.close());

function environment(token: string) {
  const network = Network.create(async (operation, variables) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: operation.text, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}

describe('relay-runtime', () => {
  it('has artifacts that relay-compiler makes from the committed schema, unchanged', () => {
    const folder = path.join(__dirname, 'relay');
    const bin = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'relay-compiler');
    // --validate exits non-zero when an artifact would change (run `npm run relay` to refresh them).
    expect(() => execFileSync(bin, ['--validate'], { cwd: folder, stdio: 'pipe' })).not.toThrow();
  });

  it('fetches node(id:) into the store, keyed by the global id', async () => {
    const env = environment(app.customerToken(CUSTOMER));
    const order = orders[0];
    const data: any = await fetchQuery(env, OrderNodeQuery, { id: order.id }).toPromise();
    expect(data.node).toMatchObject({ __typename: 'Order', id: order.id, reference: order.reference });
    expect(data.node.items).toHaveLength(2);
    const record = env.getStore().getSource().get(order.id);
    expect(record).toMatchObject({ __typename: 'Order', reference: order.reference });
    expect(env.getStore().getSource().get(order.items[0].id)).toMatchObject({ __typename: 'SalesItem' });
  });

  it("reads another customer's order as null", async () => {
    const env = environment(app.customerToken('DE--SOMEONE-ELSE'));
    const data: any = await fetchQuery(env, OrderNodeQuery, { id: orders[0].id }).toPromise();
    expect(data.node).toBeNull();
  });

  it('pages a connection forward with its cursors', async () => {
    const env = environment(app.customerToken(CUSTOMER));
    const first: any = await fetchQuery(env, HistoryQuery, { first: 2, after: null }).toPromise();
    expect(first.orders.edges.map((e: any) => e.node.reference)).toEqual([
      orders[2].reference,
      orders[1].reference,
    ]);
    expect(first.orders.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: first.orders.edges[0].cursor,
      endCursor: first.orders.edges[1].cursor,
    });
    const second: any = await fetchQuery(env, HistoryQuery, {
      first: 2,
      after: first.orders.pageInfo.endCursor,
    }).toPromise();
    expect(second.orders.edges.map((e: any) => e.node.reference)).toEqual([orders[0].reference]);
    expect(second.orders.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
