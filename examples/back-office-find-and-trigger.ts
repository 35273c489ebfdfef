/**
 * A back-office script: finds the orders carrying a buyer's custom reference (a PO number) and fires an order
 * process event at each, e.g. "pay" once the bank statement shows the payment.
 *
 *   API_URL=http://localhost:4000/graphql TOKEN=<back-office token> \
 *     node -r @swc-node/register examples/back-office-find-and-trigger.ts PO-4711 pay
 *
 * Plain fetch with typed documents from GraphQL Code Generator: no client library needed for a script.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { graphql } from './gql';

const FindByCustomReference = graphql(`
  query BackOfficeFindByCustomReference($customReference: String!, $after: String) {
    orders(first: 100, after: $after, filter: { customReference: $customReference }) {
      nodes {
        reference
        customReference
        itemStates
        manualEvents
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Trigger = graphql(`
  mutation BackOfficeTrigger($input: TriggerOrderEventInput!) {
    triggerOrderEvent(input: $input) {
      __typename
      ... on OrderEventTriggered {
        order {
          reference
          itemStates
        }
        skipped {
          itemId
          reason
        }
      }
      ... on ErrorResult {
        errorCode
        message
      }
    }
  }
`);

async function request<R, V>(
  apiUrl: string,
  token: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<R> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(body.errors?.map((e) => e.message).join('; ') ?? 'no data');
  return body.data;
}

export interface TriggerReport {
  reference: string;
  outcome: string;
  itemStates: string[] | null;
}

export async function findAndTrigger(apiUrl: string, token: string, customReference: string, event: string) {
  const reports: TriggerReport[] = [];
  let after: string | null = null;
  for (;;) {
    const { orders }: Awaited<ReturnType<typeof findPage>> = await findPage(after);
    for (const order of orders.nodes) {
      if (!order.manualEvents.includes(event)) {
        reports.push({
          reference: order.reference,
          outcome: `"${event}" not offered`,
          itemStates: order.itemStates,
        });
        continue;
      }
      const { triggerOrderEvent: result } = await request(apiUrl, token, Trigger, {
        input: { orderReference: order.reference, event },
      });
      reports.push({
        reference: order.reference,
        outcome: result.__typename,
        itemStates: result.__typename === 'OrderEventTriggered' ? result.order.itemStates : null,
      });
    }
    if (!orders.pageInfo.hasNextPage) return reports;
    after = orders.pageInfo.endCursor ?? null;
  }

  function findPage(cursor: string | null) {
    return request(apiUrl, token, FindByCustomReference, { customReference, after: cursor });
  }
}

if (require.main === module) {
  const [customReference, event = 'pay'] = process.argv.slice(2);
  if (!customReference) {
    process.stderr.write('usage: back-office-find-and-trigger.ts <custom reference> [event]\n');
    process.exit(2);
  }
  findAndTrigger(
    process.env.API_URL ?? 'http://localhost:4000/graphql',
    process.env.TOKEN ?? '',
    customReference,
    event,
  )
    .then((reports) => process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
