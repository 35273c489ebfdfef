// The operations the Relay test sends, as an app would write them. relay-compiler turns each into an artifact in
// __generated__/ (committed; test/clients/relay-runtime.test.ts fails when they are stale). Nothing imports this
// file at run time: without babel-plugin-relay, the test imports the artifacts directly.
import { graphql } from 'relay-runtime';

export const orderNode = graphql`
  query relayOperationsOrderNodeQuery($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Order {
        reference
        itemStates
        items {
          id
          sku
          state
        }
      }
    }
  }
`;

export const history = graphql`
  query relayOperationsHistoryQuery($first: Int, $after: String) {
    orders(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          reference
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
