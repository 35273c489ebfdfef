import { PLACE_ORDER, placeOrder, placeOrderInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; extensions: Record<string, any> }[];
  };
}

async function post(app: TestApp, query: string, variables: unknown, token?: string): Promise<Answer> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Answer['body'],
  };
}

const place = (app: TestApp, token: string) => post(app, PLACE_ORDER, { input: placeOrderInput() }, token);
const ordersOf = async (app: TestApp, customer: string) =>
  Number(
    (
      await app.dataSource.query(`SELECT count(*) AS n FROM sales_order WHERE customer_reference = $1`, [
        customer,
      ])
    )[0].n,
  );

function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.body.data ?? undefined).toBeUndefined();
  const error = answer.body.errors![0];
  expect(error.extensions.code).toBe('RATE_LIMITED');
  expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect(Number(answer.retryAfter)).toBe(error.extensions.retryAfterSeconds);
}

describe('rate limits per caller and mutation, counted in PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ RATE_LIMIT_PER_MINUTE: '30' });
    // A second API process on the same database, as WEB_CONCURRENCY or a second host would run it.
    b = await startTestApp({ RATE_LIMIT_PER_MINUTE: '30' }, { sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses part of a burst of 100 placements from one customer, writes nothing for them, spares other customers', async () => {
    const token = a.customerToken('DE--BURST');
    const answers: Answer[] = [];
    // Ten clients at a time, as a script hammering the API would.
    for (let round = 0; round < 10; round += 1) {
      answers.push(...(await Promise.all(Array.from({ length: 10 }, () => place(a, token)))));
    }
    const placed = answers.filter((x) => x.body.data?.placeOrder?.__typename === 'Order');
    const refused = answers.filter((x) => x.status === 429);
    expect(placed).toHaveLength(30);
    expect(refused).toHaveLength(70);
    refused.forEach(expectRateLimited);
    expect(await ordersOf(a, 'DE--BURST')).toBe(30);

    // Another customer, at the same moment, is not affected; the server answers as before.
    await placeOrder(a, a.customerToken('DE--CALM'));
    expect(await ordersOf(a, 'DE--CALM')).toBe(1);
    expect((await a.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();
  });

  it('holds across two API processes on the same database', async () => {
    const token = a.customerToken('DE--TWO');
    const answers: Answer[] = [];
    for (let i = 0; i < 20; i += 1) answers.push(await place(i % 2 ? b : a, token));
    for (let i = 0; i < 20; i += 1) answers.push(await place(i % 2 ? a : b, token));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(30);
    answers.filter((x) => x.status !== 200).forEach(expectRateLimited);
    expect(await ordersOf(a, 'DE--TWO')).toBe(30);
    // Cancelling has a count of its own: the customer can still cancel what they placed.
    const [reference] = (
      await a.dataSource.query(
        `SELECT reference FROM sales_order WHERE customer_reference = 'DE--TWO' LIMIT 1`,
      )
    ).map((r: { reference: string }) => r.reference);
    const cancelled = await post(
      b,
      `mutation($r: String!) { cancelOrder(reference: $r) { __typename } }`,
      { r: reference },
      token,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.errors).toBeUndefined();
  });

  it('refuses a request whose several placements would cross the limit as a whole: none of them runs', async () => {
    const token = a.customerToken('DE--MULTI');
    for (let i = 0; i < 28; i += 1) expect((await place(a, token)).status).toBe(200);
    const three = `mutation($input: PlaceOrderInput!) { a: placeOrder(input: $input) { __typename }
      b: placeOrder(input: $input) { __typename } c: placeOrder(input: $input) { __typename } }`;
    expectRateLimited(await post(b, three, { input: placeOrderInput() }, token));
    expect(await ordersOf(a, 'DE--MULTI')).toBe(28);
  });

  it('counts anonymous callers by IP address on every mutation', async () => {
    const cancel = `mutation { cancelOrder(reference: "DE--1") { __typename } }`;
    const answers: Answer[] = [];
    for (let i = 0; i < 32; i += 1) answers.push(await post(a, cancel, {}));
    expect(answers.slice(0, 30).map((x) => x.body.errors?.[0].extensions.code)).toEqual(
      Array(30).fill('UNAUTHENTICATED'),
    );
    answers.slice(30).forEach(expectRateLimited);
    expect((await a.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();
  });

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const off = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' }, { sameDatabaseAs: a });
    try {
      const token = off.customerToken('DE--BURST'); // over its limit on the other two
      expect((await place(off, token)).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});
