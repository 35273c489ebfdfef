/**
 * @generated SignedSource<<ce55202bc27e46f93c1492d614290309>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type relayOperationsOrderNodeQuery$variables = {
  id: string;
};
export type relayOperationsOrderNodeQuery$data = {
  readonly node: {
    readonly __typename: string;
    readonly id: string;
    readonly itemStates?: ReadonlyArray<string>;
    readonly items?: ReadonlyArray<{
      readonly id: string;
      readonly sku: string;
      readonly state: string;
    }>;
    readonly reference?: string;
  } | null | undefined;
};
export type relayOperationsOrderNodeQuery = {
  response: relayOperationsOrderNodeQuery$data;
  variables: relayOperationsOrderNodeQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "id"
  }
],
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v2 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "id",
        "variableName": "id"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "node",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "__typename",
        "storageKey": null
      },
      (v1/*:: as any*/),
      {
        "kind": "InlineFragment",
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "reference",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "itemStates",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "SalesItem",
            "kind": "LinkedField",
            "name": "items",
            "plural": true,
            "selections": [
              (v1/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "sku",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "state",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "type": "Order",
        "abstractKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "relayOperationsOrderNodeQuery",
    "selections": (v2/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "relayOperationsOrderNodeQuery",
    "selections": (v2/*:: as any*/)
  },
  "params": {
    "cacheID": "59659525cbc371394f8e27c11b01781b",
    "id": null,
    "metadata": {},
    "name": "relayOperationsOrderNodeQuery",
    "operationKind": "query",
    "text": "query relayOperationsOrderNodeQuery(\n  $id: ID!\n) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Order {\n      reference\n      itemStates\n      items {\n        id\n        sku\n        state\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "910d868127db5652a48d56f5e0df6e8d";

export default node;
