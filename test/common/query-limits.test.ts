import { getIntrospectionQuery, GraphQLSchema, parse } from 'graphql';
import { MAX_QUERY_COST, queryLimitViolation } from '../../src/common/query-limits';
import { buildAppSchema } from '../../src/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const check = (query: string, variables: Record<string, unknown> = {}) =>
  queryLimitViolation(schema, parse(query), variables)?.message ?? null;

describe('query depth and cost limits', () => {
  it('lets real client queries through: a history page, a back-office page of 100, the playground introspection', () => {
    expect(
      check(`{ orders(first: 20) { nodes { reference totals { grandTotal { amount } }
        items { sku unitPrice { amount } stateHistory { toState } shipment { id } }
        shipments { methodName items { id } } } } }`),
    ).toBeNull();
    expect(
      check(`query($n: Int) { orders(first: $n) { totalCount nodes { reference itemStates itemCount } } }`, {
        n: 100,
      }),
    ).toBeNull();
    expect(check(getIntrospectionQuery())).toBeNull();
  });

  it('refuses pages that multiply beyond the budget, counting page sizes from literals and variables', () => {
    const wide = `{ orders(first: 100) { nodes { items { stateHistory { fromState toState event source createdAt } sku name state } } } }`;
    expect(check(wide)).toMatch(/cost/);
    const deepPage = `query($n: Int) { orders(first: $n) {
      nodes { items { stateHistory { fromState toState event source createdAt } } } } }`;
    expect(check(deepPage, { n: 100 })).toMatch(/cost/);
    expect(check(deepPage, { n: 5 })).toBeNull();
  });

  it('cannot be fooled by a negative page size on one alias', () => {
    const aliases = Array.from(
      { length: 200 },
      (_, i) => `p${i}: products(first: 100) { nodes { sku name } }`,
    );
    expect(check(`{ ${aliases.join(' ')} }`)).toMatch(/cost/);
    expect(check(`{ ${aliases.join(' ')} bad: products(first: -100000000) { nodes { sku } } }`)).toMatch(
      /cost/,
    );
  });

  it('counts introspection, so a flood of schema queries is refused', () => {
    const flood = Array.from(
      { length: 2000 },
      (_, i) => `s${i}: __schema { types { name fields { name } } }`,
    );
    expect(check(`{ ${flood.join(' ')} }`)).toMatch(/At most 2 __schema or __type fields/);
    expect(check(`{ a: __schema { types { name } } b: __type(name: "Order") { name } }`)).toBeNull();
  });

  it('refuses exponentially nested fragments quickly', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const started = performance.now();
    expect(check(`{ ...F0 }\n${fragments}\nfragment F40 on Query { shipmentMethods { key } }`)).toMatch(
      /cost/,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses queries nested too deep', () => {
    const deep = `{ orders { nodes { items { shipment { items { shipment { items { shipment { items { shipment { items { shipment { id } } } } } } } } } } } } }`;
    expect(check(deep)).toMatch(/nested 1\d levels deep|cost/);
  });

  it('has a budget a page of 100 back-office orders fits in', () => {
    expect(MAX_QUERY_COST).toBeGreaterThanOrEqual(100 * 50);
  });
});

describe('over HTTP', () => {
  it('refuses a too costly query before any resolver runs, with a 400 and QUERY_TOO_COMPLEX', async () => {
    const { startTestApp } = await import('../support/test-app');
    const app = await startTestApp();
    try {
      const aliases = Array.from(
        { length: 300 },
        (_, i) => `p${i}: products(first: 100) { nodes { sku name } }`,
      );
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ ${aliases.join(' ')} }` }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[]; data?: unknown };
      expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.data).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
