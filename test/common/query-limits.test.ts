import { getIntrospectionQuery, GraphQLSchema, parse } from 'graphql';
import { queryCost, queryLimitViolation, QueryLimits } from '../../src/common/query-limits';
import { loadConfig } from '../../src/config';
import { defaultProcess } from '../../src/oms/default-process';
import { buildAppSchema } from '../../src/schema';
import { placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

const config = loadConfig(testEnv());
const limits: QueryLimits = {
  ...config.query,
  bounds: {
    salesItemsPerOrder: config.maxSalesItemsPerOrder,
    stateChangesPerItem: defaultProcess({ cancellationWindowMs: 60_000 }).transitions.length + 1,
  },
};

// What the clients send: the storefront's order history page (bench/run.ts HISTORY) and its order page, the back
// office's filtered list (bench/run.ts BACK_OFFICE) at the largest page, and its order page.
const STOREFRONT_HISTORY = `query { orders(first: 20) { nodes { reference createdAt itemStates
  totals { subtotal { amount } expenseTotal { amount } taxTotal { amount } grandTotal { amount } }
  items { sku name quantity state unitPrice { amount } sumPrice { amount } }
  shipments { methodName carrierName expense { amount } address { city } } } } }`;
const STOREFRONT_ORDER = `query($ref: String!) { order(reference: $ref) { reference createdAt email itemStates isCancellable
  totals { subtotal { amount } expenseTotal { amount } taxTotal { amount } grandTotal { amount } canceledTotal { amount } }
  billingAddress { firstName lastName address1 zipCode city country }
  items { id sku name quantity state stateDisplayName unitPrice { amount } sumPrice { amount } taxAmount { amount } }
  shipments { id methodName carrierName requestedDeliveryDate expense { amount }
    address { firstName lastName address1 zipCode city country } items { id sku } } } }`;
const BACK_OFFICE_LIST = `query($search: String, $n: Int = 100) { orders(first: $n, filter: { states: ["payment pending"], search: $search },
  sort: { field: CREATED_AT, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor }
  nodes { reference createdAt customerName email itemStates itemCount totals { grandTotal { amount } } } } }`;
const BACK_OFFICE_ORDER = `query($ref: String!) { order(reference: $ref) { reference customReference email manualEvents
  items { id sku state manualEvents stateHistory { fromState toState event source createdAt } }
  shipments { id methodName items { id } } invoices { reference kind } changeLog { description createdAt } } }`;
/** The attack: item → shipment → items, three times over. */
const LOOP = `query($ref: String!) { order(reference: $ref) { items { shipment { items { shipment { items { shipment {
  items { sku } } } } } } } } }`;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const cost = (query: string, variables: Record<string, unknown> = { ref: 'DE--1' }) =>
  queryCost(schema, parse(query), limits.bounds, variables);
const check = (query: string, variables: Record<string, unknown> = { ref: 'DE--1' }) =>
  queryLimitViolation(schema, parse(query), limits, variables);

describe('query cost from the real bounds of lists', () => {
  it('lets the largest queries the storefront and the back office send through', () => {
    const figures = {
      storefrontHistory: cost(STOREFRONT_HISTORY),
      storefrontOrder: cost(STOREFRONT_ORDER),
      backOfficeList: cost(BACK_OFFICE_LIST),
      backOfficeOrder: cost(BACK_OFFICE_ORDER),
    };
    for (const query of [STOREFRONT_HISTORY, STOREFRONT_ORDER, BACK_OFFICE_LIST, BACK_OFFICE_ORDER]) {
      expect(check(query)).toBeNull();
    }
    // Written down in the README's Security section; a change here should change it there.
    process.stdout.write(`legitimate query costs: ${JSON.stringify(figures)} (limit ${limits.maxCost})\n`);
    expect(Math.max(...Object.values(figures))).toBeLessThanOrEqual(limits.maxCost);
    expect(check(getIntrospectionQuery())).toBeNull();
  });

  it('costs an order’s items as MAX_SALES_ITEMS_PER_ORDER entries and a connection by its clamped page size', () => {
    const items = cost(`query { order(reference: "x") { items { sku } } }`);
    expect(items).toBe(1 + 1 + limits.bounds.salesItemsPerOrder * 1);
    const page = (n: number) => cost(`query($n: Int) { orders(first: $n) { nodes { reference } } }`, { n });
    expect(page(10)).toBe(1 + 10 * 2);
    expect(page(1_000_000)).toBe(page(100)); // clamped as the resolver would refuse it anyway
    expect(page(-5)).toBe(page(1));
  });

  it('counts variables’ default values', () => {
    const query = `query($n: Int = 100) { orders(first: $n) { nodes { items { stateHistory { toState } } } } }`;
    expect(cost(query)).toBe(cost(query, { n: 100 }));
    expect(cost(query)).toBeGreaterThan(cost(query, { n: 2 }));
  });

  it('costs shipments → items as a partition of the order’s items, not as their product', () => {
    const partitioned = cost(`query { order(reference: "x") { shipments { id items { id } } } }`);
    expect(partitioned).toBeLessThan(3 * limits.bounds.salesItemsPerOrder + 10);
  });

  it('makes every item → shipment → items loop explode the cost', () => {
    const once = cost(`query { order(reference: "x") { items { shipment { items { sku } } } } }`);
    expect(once).toBeGreaterThan(limits.bounds.salesItemsPerOrder ** 2);
    const violation = check(LOOP, { ref: 'DE--1' });
    expect(violation?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: limits.maxCost });
    expect(violation?.extensions.cost).toBeGreaterThan(1e15);
  });

  it('refuses too many aliases, too deep a query, too many directives and too many introspection roots', () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: shipmentMethods { key }`).join(' ');
    expect(check(`{ ${aliases} }`)?.message).toMatch(/Aliases limit of 15 exceeded/);
    const deep = `{ orders { nodes { shipments { items { shipment { address { city } } } } } } }`;
    expect(check(deep)).toBeNull();
    const deeper = `{ orders { edges { node { shipments { items { shipment { items { shipment { address { city } } } } } } } } } }`;
    expect(check(deeper)?.message).toMatch(/depth limit of 10 exceeded|cost/);
    const directives = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
    expect(check(`{ shipmentMethods ${directives} { key } }`)?.message).toMatch(/Directives limit of 50/);
    expect(check(`{ a: __schema { types { name } } b: __type(name: "Order") { name } }`)).toBeNull();
    expect(
      check(`{ a: __schema { types { name } } b: __schema { types { name } } c: __type(name: "X") { name } }`)
        ?.message,
    ).toMatch(/At most 2 __schema or __type fields/);
  });

  it('refuses exponentially nested fragments quickly', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const started = performance.now();
    const violation = check(`{ ...F0 }\n${fragments}\nfragment F40 on Query { shipmentMethods { key } }`);
    expect(violation?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('allows a few mutations per request and refuses more before any runs', () => {
    const mutation = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `c${i}: cancelOrder(reference: "DE--${i}") { __typename }`).join(' ')} }`;
    expect(check(mutation(limits.maxMutations))).toBeNull();
    expect(check(mutation(limits.maxMutations + 1))?.extensions.code).toBe('TOO_MANY_MUTATIONS');
  });
});

describe('attacks over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const post = (body: unknown, token?: string) =>
    fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const count = async (table: string) =>
    Number((await app.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('refuses the item → shipment → items loop over a 400-unit order in well under a second, and keeps serving', async () => {
    const token = app.customerToken('DE--LOOP');
    const order = await placeOrder(
      app,
      token,
      placeOrderInput([shipment([{ sku: 'TSHIRT-001', quantity: 400 }])]),
    );
    expect(order.items).toHaveLength(400);

    const started = performance.now();
    const response = await post({ query: LOOP, variables: { ref: order.reference } }, token);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      data?: unknown;
      errors: { extensions: Record<string, unknown> }[];
    };
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: limits.maxCost });
    expect(body.errors[0].extensions.cost).toBeGreaterThan(limits.maxCost);
    expect(elapsed).toBeLessThan(1000);
    process.stdout.write(`looping query refused over HTTP in ${elapsed.toFixed(1)} ms\n`);

    const after = await app.gql(STOREFRONT_ORDER, { ref: order.reference }, token);
    expect(after.errors).toBeUndefined();
    expect(after.data!.order.items).toHaveLength(400);
  });

  it('refuses a flood of aliased placeOrder calls before any runs: no order written', async () => {
    const token = app.customerToken('DE--FLOOD');
    const before = await count('sales_order');
    const aliases = Array.from(
      { length: 200 },
      (_, i) => `p${i}: placeOrder(input: $input) { __typename }`,
    ).join(' ');
    const response = await post(
      { query: `mutation($input: PlaceOrderInput!) { ${aliases} }`, variables: { input: placeOrderInput() } },
      token,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toMatch(/QUERY_TOO_COMPLEX|TOO_MANY_MUTATIONS/);
    const six = Array.from({ length: 6 }, (_, i) => `p${i}: placeOrder(input: $input) { __typename }`).join(
      ' ',
    );
    const sixResponse = await post(
      { query: `mutation($input: PlaceOrderInput!) { ${six} }`, variables: { input: placeOrderInput() } },
      token,
    );
    expect(sixResponse.status).toBe(400);
    expect(
      ((await sixResponse.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions
        .code,
    ).toBe('TOO_MANY_MUTATIONS');
    expect(await count('sales_order')).toBe(before);
    await placeOrder(app, token);
    expect(await count('sales_order')).toBe(before + 1);
  });

  it('refuses a document of too many tokens while parsing', async () => {
    const fields = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const response = await post({ query: `{ ${fields} }` });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/5000 tokens/);
    expect((await app.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();
  });
});
