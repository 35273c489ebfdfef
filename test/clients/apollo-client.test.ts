import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// A storefront as teams set one up from Apollo Client 4's documentation, unchanged: InMemoryCache with
// relayStylePagination, which sends `after: null` on the first page and explicit nulls for unset variables.

let app: TestApp;
const CUSTOMER = 'DE--APOLLO';
const HISTORY_SIZE = 23;

beforeAll(async () => {
  app = await startTestApp();
  const token = app.customerToken(CUSTOMER);
  for (let i = 0; i < HISTORY_SIZE; i += 1) {
    app.clock.advance(60_000);
    await placeOrder(app, token, placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 + (i % 3) }])]));
  }
  // Someone else's orders, which must never appear in this customer's history.
  await placeOrder(app, app.customerToken('DE--OTHER'));
});
afterAll(() => app?.close());

function storefrontClient(token: string) {
  return new ApolloClient({
    link: new HttpLink({ uri: app.url, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({
      typePolicies: { Query: { fields: { orders: relayStylePagination(['filter', 'sort']) } } },
    }),
  });
}

const HISTORY = gql`
  query History($first: Int, $after: String, $filter: OrderFilter, $sort: OrderSort) {
    orders(first: $first, after: $after, filter: $filter, sort: $sort) {
      edges {
        cursor
        node {
          id
          reference
          itemStates
          isCancellable
          totals {
            grandTotal {
              amount
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

const PLACE = gql`
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on Order {
        id
        reference
        itemStates
        isCancellable
        items {
          id
          state
          shipment {
            id
          }
        }
        shipments {
          id
          methodName
          items {
            id
          }
        }
      }
      ... on ErrorResult {
        errorCode
        message
      }
    }
  }
`;

const CANCEL = gql`
  mutation Cancel($reference: String!, $idempotencyKey: String) {
    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Order {
        id
        itemStates
        isCancellable
        items {
          id
          state
        }
      }
      ... on ErrorResult {
        errorCode
        message
      }
    }
  }
`;

describe('Apollo Client 4 storefront', () => {
  it("pages a customer's whole history with fetchMore and relayStylePagination", async () => {
    const client = storefrontClient(app.customerToken(CUSTOMER));
    // What a storefront's first request sends: every variable, unset ones as null.
    const variables = { first: 10, after: null, filter: null, sort: null };
    const firstPage = await client.query({ query: HISTORY, variables });
    expect(firstPage.error).toBeUndefined();
    const observable = client.watchQuery({ query: HISTORY, variables });
    const subscription = observable.subscribe(() => undefined);
    try {
      let data: any = firstPage.data;
      expect(data.orders.edges).toHaveLength(10);
      expect(data.orders.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      while (data.orders.pageInfo.hasNextPage) {
        await observable.fetchMore({ variables: { after: data.orders.pageInfo.endCursor } });
        data = client.readQuery({ query: HISTORY, variables });
      }
      const references: string[] = data.orders.edges.map((e: any) => e.node.reference);
      expect(references).toHaveLength(HISTORY_SIZE);
      expect(new Set(references).size).toBe(HISTORY_SIZE);
      const numbers = references.map((r) => Number(r.split('--')[1]));
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a)); // newest first, as placed
      const result = await client.query({ query: HISTORY, variables, fetchPolicy: 'cache-only' });
      expect((result.data as any).orders.edges).toHaveLength(HISTORY_SIZE);
    } finally {
      subscription.unsubscribe();
      client.stop();
    }
  });

  it('places a split-delivery order and sees its cancellation from the mutation result alone', async () => {
    const client = storefrontClient(app.customerToken(CUSTOMER));
    try {
      const placed = await client.mutate({
        mutation: PLACE,
        variables: {
          input: placeOrderInput(
            [
              shipment([{ sku: 'TSHIRT-001', quantity: 2 }]),
              shipment([{ sku: 'PALLET-005', quantity: 1 }], {
                method: 'freight',
                address: address({ city: 'Kiel', zipCode: '24103' }),
                requestedDeliveryDate: null,
              }),
            ],
            { customReference: null, idempotencyKey: null },
          ),
        },
      });
      const order: any = (placed.data as any).placeOrder;
      expect(order.__typename).toBe('Order');
      expect(order.shipments).toHaveLength(2);
      expect(order.items).toHaveLength(3);

      // The history page is in the cache, with this order on it.
      const page = await client.query({ query: HISTORY, variables: { first: 5 } });
      const cached: any = (page.data as any).orders.edges.find((e: any) => e.node.id === order.id).node;
      expect(cached.isCancellable).toBe(true);

      const requestsBefore = app.queries.count;
      const cancelled = await client.mutate({
        mutation: CANCEL,
        variables: { reference: order.reference, idempotencyKey: null },
      });
      expect((cancelled.data as any).cancelOrder.__typename).toBe('Order');
      const statementsOfTheCancel = app.queries.count - requestsBefore;
      expect(statementsOfTheCancel).toBeGreaterThan(0);

      // No refetch: the cache answers alone, normalised by the Order's and items' global ids.
      const after = app.queries.count;
      const fromCache = await client.query({
        query: HISTORY,
        variables: { first: 5 },
        fetchPolicy: 'cache-only',
      });
      const node: any = (fromCache.data as any).orders.edges.find((e: any) => e.node.id === order.id).node;
      expect(node.itemStates).toEqual(['cancelled']);
      expect(node.isCancellable).toBe(false);
      const item: any = (client.cache.extract() as any)[`SalesItem:${order.items[0].id}`];
      expect(item.state).toBe('cancelled');
      expect(app.queries.count).toBe(after);
    } finally {
      client.stop();
    }
  });
});
