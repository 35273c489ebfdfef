import { ORDER_FIELDS } from './factories';
import type { TestApp } from './test-app';

export const TRIGGER = `
  mutation Trigger($input: TriggerOrderEventInput!) {
    triggerOrderEvent(input: $input) {
      __typename
      ... on OrderEventTriggered {
        order { reference itemStates }
        moved { itemId fromState toState event }
        skipped { itemId state reason }
      }
      ... on EventNotApplicableError { skipped { itemId state } }
      ... on ErrorResult { errorCode message }
    }
  }`;

export const CANCEL = `
  mutation Cancel($reference: String!) {
    cancelOrder(reference: $reference) {
      __typename
      ... on Order { ${ORDER_FIELDS} isCancellable cancellableUntil }
      ... on OrderNotCancellableError { reason }
      ... on ErrorResult { errorCode message }
    }
  }`;

export const ORDER_WITH_STATE = `
  query One($reference: String!) {
    order(reference: $reference) {
      ${ORDER_FIELDS}
      isCancellable cancellableUntil manualEvents
      items { id state manualEvents stateHistory { fromState toState event source actor createdAt } }
    }
  }`;

/** Fires a manual event as back office; throws on a GraphQL error, returns the union member otherwise. */
export async function trigger(
  app: TestApp,
  orderReference: string,
  event: string,
  extra: Record<string, unknown> = {},
) {
  const result = await app.gql(
    TRIGGER,
    { input: { orderReference, event, ...extra } },
    app.backOfficeToken(),
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.triggerOrderEvent;
}

export async function readOrder(app: TestApp, reference: string, token = app.backOfficeToken()) {
  const result = await app.gql(ORDER_WITH_STATE, { reference }, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.order;
}
