/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query BackOfficeFindByCustomReference($customReference: String!, $after: String) {\n    orders(first: 100, after: $after, filter: { customReference: $customReference }) {\n      nodes {\n        reference\n        customReference\n        itemStates\n        manualEvents\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.BackOfficeFindByCustomReferenceDocument,
    "\n  mutation BackOfficeTrigger($input: TriggerOrderEventInput!) {\n    triggerOrderEvent(input: $input) {\n      __typename\n      ... on OrderEventTriggered {\n        order {\n          reference\n          itemStates\n        }\n        skipped {\n          itemId\n          reason\n        }\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n": typeof types.BackOfficeTriggerDocument,
    "\n  query StorefrontHistory($first: Int, $after: String) {\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          createdAt\n          itemStates\n          isCancellable\n          totals {\n            grandTotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StorefrontHistoryDocument,
    "\n  mutation StorefrontCancel($reference: String!, $idempotencyKey: String) {\n    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Order {\n        id\n        itemStates\n        isCancellable\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n": typeof types.StorefrontCancelDocument,
};
const documents: Documents = {
    "\n  query BackOfficeFindByCustomReference($customReference: String!, $after: String) {\n    orders(first: 100, after: $after, filter: { customReference: $customReference }) {\n      nodes {\n        reference\n        customReference\n        itemStates\n        manualEvents\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.BackOfficeFindByCustomReferenceDocument,
    "\n  mutation BackOfficeTrigger($input: TriggerOrderEventInput!) {\n    triggerOrderEvent(input: $input) {\n      __typename\n      ... on OrderEventTriggered {\n        order {\n          reference\n          itemStates\n        }\n        skipped {\n          itemId\n          reason\n        }\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n": types.BackOfficeTriggerDocument,
    "\n  query StorefrontHistory($first: Int, $after: String) {\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          createdAt\n          itemStates\n          isCancellable\n          totals {\n            grandTotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StorefrontHistoryDocument,
    "\n  mutation StorefrontCancel($reference: String!, $idempotencyKey: String) {\n    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Order {\n        id\n        itemStates\n        isCancellable\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n": types.StorefrontCancelDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeFindByCustomReference($customReference: String!, $after: String) {\n    orders(first: 100, after: $after, filter: { customReference: $customReference }) {\n      nodes {\n        reference\n        customReference\n        itemStates\n        manualEvents\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeFindByCustomReference($customReference: String!, $after: String) {\n    orders(first: 100, after: $after, filter: { customReference: $customReference }) {\n      nodes {\n        reference\n        customReference\n        itemStates\n        manualEvents\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeTrigger($input: TriggerOrderEventInput!) {\n    triggerOrderEvent(input: $input) {\n      __typename\n      ... on OrderEventTriggered {\n        order {\n          reference\n          itemStates\n        }\n        skipped {\n          itemId\n          reason\n        }\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeTrigger($input: TriggerOrderEventInput!) {\n    triggerOrderEvent(input: $input) {\n      __typename\n      ... on OrderEventTriggered {\n        order {\n          reference\n          itemStates\n        }\n        skipped {\n          itemId\n          reason\n        }\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorefrontHistory($first: Int, $after: String) {\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          createdAt\n          itemStates\n          isCancellable\n          totals {\n            grandTotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query StorefrontHistory($first: Int, $after: String) {\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          reference\n          createdAt\n          itemStates\n          isCancellable\n          totals {\n            grandTotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontCancel($reference: String!, $idempotencyKey: String) {\n    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Order {\n        id\n        itemStates\n        isCancellable\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontCancel($reference: String!, $idempotencyKey: String) {\n    cancelOrder(reference: $reference, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Order {\n        id\n        itemStates\n        isCancellable\n      }\n      ... on ErrorResult {\n        errorCode\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;