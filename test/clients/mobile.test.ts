import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { RetryLink } from '@apollo/client/link/retry';
import { placeOrder } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// A mobile app as Apollo Kotlin and Apollo iOS behave: automatic persisted queries (hash first, over GET for
// queries, the full text only when the server asks for it), a non-simple header against CSRF, and mutations retried
// after a connection drops.

let app: TestApp;
const CUSTOMER = 'DE--MOBILE';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const ORDER = gql`
  query MobileOrder($reference: String!) {
    order(reference: $reference) {
      id
      reference
      itemStates
    }
  }
`;

const CANCEL = gql`
  mutation MobileCancel($reference: String!, $idempotencyKey: String) {
    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Order {
        id
        itemStates
        items {
          id
          state
        }
      }
      ... on ErrorResult {
        errorCode
      }
    }
  }
`;

/**
 * A proxy in front of the server that records each request and can let one reach the server and then cut the
 * client's connection instead of answering: the mobile network failing after the server has done the work.
 */
async function flakyProxy(target: string) {
  const seen: { method: string; body: string; url: string }[] = [];
  let dropNext: string | null = null;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    seen.push({ method: req.method!, body, url: req.url! });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    ) as Record<string, string>;
    const upstream = await fetch(new URL(req.url!, target), {
      method: req.method,
      headers,
      body: req.method === 'POST' ? body : undefined,
    });
    const text = await upstream.text();
    const operationName = body ? (JSON.parse(body) as { operationName?: string }).operationName : undefined;
    if (dropNext && operationName === dropNext && !text.includes('PERSISTED_QUERY_NOT_FOUND')) {
      dropNext = null;
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    seen,
    /** The next answered request of this operation reaches the server, but its answer never comes back. */
    dropNext: (operation: string) => {
      dropNext = operation;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function mobileClient(uri: string, token: string) {
  return new ApolloClient({
    link: ApolloLink.from([
      new RetryLink({ delay: { initial: 10, max: 50, jitter: false }, attempts: { max: 3 } }),
      new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
      new HttpLink({
        uri,
        headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      }),
    ]),
    cache: new InMemoryCache(),
  });
}

describe('mobile app', () => {
  it('sends a persisted query over GET: the hash alone once the server knows it', async () => {
    const order = await placeOrder(app, app.customerToken(CUSTOMER));
    const proxy = await flakyProxy(app.url);
    const client = mobileClient(proxy.url, app.customerToken(CUSTOMER));
    try {
      const first = await client.query({ query: ORDER, variables: { reference: order.reference } });
      expect((first.data as any).order.reference).toBe(order.reference);
      // First the hash alone over GET (unknown to the server), then the full text with the hash, which registers it.
      expect(proxy.seen.map((r) => r.method)).toEqual(['GET', 'POST']);
      expect(proxy.seen[0].url).not.toContain('query=');
      expect(JSON.parse(proxy.seen[1].body).query).toContain('MobileOrder');

      const again = await client.query({
        query: ORDER,
        variables: { reference: order.reference },
        fetchPolicy: 'network-only',
      });
      expect((again.data as any).order.id).toBe(order.id);
      expect(proxy.seen).toHaveLength(3);
      expect(proxy.seen[2].method).toBe('GET');
      expect(proxy.seen[2].url).not.toContain('query=');
    } finally {
      client.stop();
      await proxy.close();
    }
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, so the client sends the text', async () => {
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256('{ unknown }') } });
    const response = await fetch(`${app.url}?extensions=${encodeURIComponent(extensions)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a GET without a non-simple header (CSRF) and a mutation over GET', async () => {
    const query = encodeURIComponent('{ shipmentMethods { key } }');
    const simple = await fetch(`${app.url}?query=${query}`);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/Cross-Site Request Forgery/);

    const order = await placeOrder(app, app.customerToken(CUSTOMER));
    const mutation = encodeURIComponent(
      `mutation { cancelOrder(reference: "${order.reference}") { __typename } }`,
    );
    const viaGet = await fetch(`${app.url}?query=${mutation}`, {
      headers: {
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${app.customerToken(CUSTOMER)}`,
      },
    });
    expect(viaGet.status).toBe(405);
    const still = await app.gql(
      `query($r: String!) { order(reference: $r) { itemStates } }`,
      { r: order.reference },
      app.customerToken(CUSTOMER),
    );
    expect(still.data!.order.itemStates).toEqual(['payment pending']);
  });

  it('retries cancelOrder after a dropped connection and gets the same result, cancelled once', async () => {
    const order = await placeOrder(app, app.customerToken(CUSTOMER));
    const proxy = await flakyProxy(app.url);
    const client = mobileClient(proxy.url, app.customerToken(CUSTOMER));
    try {
      proxy.dropNext('MobileCancel');
      const result = await client.mutate({
        mutation: CANCEL,
        variables: { reference: order.reference, idempotencyKey: 'cancel-7f3a' },
      });
      // Hash, then text (answered by the server, but dropped on the way back), then the retry by hash.
      const attempts = proxy.seen.map((r) => JSON.parse(r.body));
      expect(attempts.map((a) => Boolean(a.query))).toEqual([false, true, false]);
      expect(attempts.map((a) => a.variables.idempotencyKey)).toEqual([
        'cancel-7f3a',
        'cancel-7f3a',
        'cancel-7f3a',
      ]);
      const cancelled: any = (result.data as any).cancelOrder;
      expect(cancelled).toMatchObject({ __typename: 'Order', id: order.id, itemStates: ['cancelled'] });

      // The first attempt did the work; the retry changed nothing.
      const [{ n }] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM oms_item_state_history h JOIN sales_order_item i ON i.id = h.item_id
          JOIN sales_order o ON o.id = i.order_id WHERE o.reference = $1 AND h.to_state = 'cancelled'`,
        [order.reference],
      );
      expect(n).toBe(order.items.length);
    } finally {
      client.stop();
      await proxy.close();
    }
  });
});
