import { ORDER_FIELDS, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// The same database behind two servers: one executes with graphql-jit (the default), one with graphql-js
// (GRAPHQL_JIT=false). Every answer, errors included, must be the same byte for byte.
let jit: TestApp;
let interpreted: TestApp;
let alice: string;
let bob: string;
let staff: string;

beforeAll(async () => {
  jit = await startTestApp();
  interpreted = await startTestApp({ GRAPHQL_JIT: 'false' }, { sameDatabaseAs: jit });
  expect(jit.config.graphqlJit).toBe(true);
  expect(interpreted.config.graphqlJit).toBe(false);
  alice = jit.customerToken('DE--ALICE');
  bob = jit.customerToken('DE--BOB');
  staff = jit.backOfficeToken();
  for (const quantity of [1, 2, 3]) {
    jit.clock.advance(60_000);
    await placeOrder(
      jit,
      alice,
      placeOrderInput([
        shipment([{ sku: 'TSHIRT-001', quantity }]),
        shipment([{ sku: 'MUG-002', quantity: 1 }], { method: 'express' }),
      ]),
    );
  }
  await placeOrder(jit, bob);
});
afterAll(async () => {
  await interpreted?.close();
  await jit?.close();
});

async function both(body: Record<string, unknown>, token?: string) {
  const ask = async (app: TestApp) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  };
  const [fromJit, fromInterpreter] = await Promise.all([ask(jit), ask(interpreted)]);
  expect(fromJit).toEqual(fromInterpreter);
  return { status: fromJit.status, ...JSON.parse(fromJit.body) } as {
    status: number;
    data?: any;
    errors: any[];
  };
}

const HISTORY = `query History($first: Int, $after: String) {
  orders(first: $first, after: $after) {
    totalCount
    nodes { ${ORDER_FIELDS} changeLog { action } }
    edges { cursor node { reference } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('graphql-jit execution (GRAPHQL_JIT)', () => {
  it('answers a customer history page exactly as graphql-js does, page after page', async () => {
    const first = await both({ query: HISTORY, variables: { first: 2 } }, alice);
    expect(first.data.orders.nodes).toHaveLength(2);
    expect(first.data.orders.nodes[0].items[0].shipment.id).toEqual(expect.any(String));
    const second = await both(
      { query: HISTORY, variables: { first: 2, after: first.data.orders.pageInfo.endCursor } },
      alice,
    );
    expect(second.data.orders.nodes).toHaveLength(1);
    expect(second.data.orders.totalCount).toBe(3);
  });

  it('fills in input-object defaults given through variables (OrderSort.direction)', async () => {
    const query = `query($sort: OrderSort) { orders(first: 10, sort: $sort) { nodes { reference } } }`;
    const byDefault = await both({ query, variables: { sort: { field: 'CREATED_AT' } } }, staff);
    const references = byDefault.data.orders.nodes.map((n: { reference: string }) => n.reference);
    expect(references).toHaveLength(4);
    // The default direction is DESC: newest first.
    expect(references).toEqual([...references].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })));
    const inline = await both(
      { query: `{ orders(first: 10, sort: { field: CREATED_AT }) { nodes { reference } } }` },
      staff,
    );
    expect(inline.data.orders.nodes.map((n: { reference: string }) => n.reference)).toEqual(references);
  });

  it('refuses bad variables with BAD_USER_INPUT and status 400, before anything runs', async () => {
    const wrongType = await both({ query: HISTORY, variables: { first: 'ten' } }, alice);
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badEnum = await both(
      {
        query: `query($sort: OrderSort) { orders(first: 5, sort: $sort) { totalCount } }`,
        variables: { sort: { field: 'NOT_A_FIELD' } },
      },
      staff,
    );
    expect(badEnum.status).toBe(400);
    expect(badEnum.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('resolves unions and interfaces, and keeps other customers out', async () => {
    const mine = await both({ query: `{ orders(first: 1) { nodes { id reference } } }` }, alice);
    const order = mine.data.orders.nodes[0];
    const node = `query($id: ID!) { node(id: $id) { __typename id ... on Order { reference } } }`;
    const asOwner = await both({ query: node, variables: { id: order.id } }, alice);
    expect(asOwner.data.node).toEqual({ __typename: 'Order', id: order.id, reference: order.reference });
    const asStranger = await both({ query: node, variables: { id: order.id } }, bob);
    expect(asStranger.data.node).toBeNull();
    const anonymous = await both({ query: `{ orders(first: 1) { totalCount } }` });
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const failed = await both(
      {
        query: `mutation($reference: String!) { cancelOrder(reference: $reference) {
          __typename ... on ErrorResult { errorCode message } } }`,
        variables: { reference: 'DE--NO-SUCH-ORDER' },
      },
      alice,
    );
    expect(failed.data.cancelOrder.__typename).toBe('OrderNotFoundError');
  });
});
