/**
 * A storefront's order history and cancel flow with Apollo Client 4, typed by GraphQL Code Generator.
 *
 *   API_URL=http://localhost:4000/graphql TOKEN=<customer token> node -r @swc-node/register examples/storefront-history.ts
 *
 * Pages the signed-in customer's whole history with relayStylePagination and fetchMore, then cancels the newest
 * order that can still be cancelled and shows its new state from the cache, without a refetch.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { graphql } from './gql';

const History = graphql(`
  query StorefrontHistory($first: Int, $after: String) {
    orders(first: $first, after: $after) {
      edges {
        node {
          id
          reference
          createdAt
          itemStates
          isCancellable
          totals {
            grandTotal {
              amount
              currencyCode
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Cancel = graphql(`
  mutation StorefrontCancel($reference: String!, $idempotencyKey: String) {
    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Order {
        id
        itemStates
        isCancellable
      }
      ... on ErrorResult {
        errorCode
        message
      }
    }
  }
`);

export interface StorefrontReport {
  references: string[];
  cancelled: string | null;
  statesAfterCancel: string[] | null;
}

export async function storefrontHistory(apiUrl: string, token: string): Promise<StorefrontReport> {
  const client = new ApolloClient({
    link: new HttpLink({ uri: apiUrl, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { orders: relayStylePagination() } } } }),
  });
  try {
    const variables = { first: 20, after: null };
    const observable = client.watchQuery({ query: History, variables });
    const subscription = observable.subscribe(() => undefined);
    let page = (await client.query({ query: History, variables })).data!;
    while (page.orders.pageInfo.hasNextPage) {
      await observable.fetchMore({ variables: { after: page.orders.pageInfo.endCursor } });
      page = client.readQuery({ query: History, variables })!;
    }
    subscription.unsubscribe();
    const orders = page.orders.edges.map((edge) => edge.node);

    const cancellable = orders.find((order) => order.isCancellable);
    if (!cancellable)
      return { references: orders.map((o) => o.reference), cancelled: null, statesAfterCancel: null };
    const result = await client.mutate({
      mutation: Cancel,
      // A key of one's own, so that a retry after a dropped connection is recognised as the same request.
      variables: { reference: cancellable.reference, idempotencyKey: `cancel-${cancellable.reference}` },
    });
    const outcome = result.data!.cancelOrder;
    if (outcome.__typename !== 'Order')
      throw new Error(`${cancellable.reference} was not cancelled: ${outcome.__typename}`);
    // The mutation result updated Order:<id> in the cache; the history page reads the new state from there.
    const cached = client.readQuery({ query: History, variables })!;
    const again = cached.orders.edges.find((edge) => edge.node.id === cancellable.id)!.node;
    return {
      references: orders.map((o) => o.reference),
      cancelled: cancellable.reference,
      statesAfterCancel: again.itemStates,
    };
  } finally {
    client.stop();
  }
}

if (require.main === module) {
  storefrontHistory(process.env.API_URL ?? 'http://localhost:4000/graphql', process.env.TOKEN ?? '')
    .then((report) => process.stdout.write(`${JSON.stringify(report, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
