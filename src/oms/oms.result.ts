import { createUnionType } from 'type-graphql';
import { OrderNotFoundError } from '../orders/order-not-found.error';
import { SalesOrder } from '../orders/sales-order.entity';
import {
  CommandFailedError,
  EventNotApplicableError,
  ItemsNotInOrderError,
  OrderNotCancellableError,
  UnknownEventError,
} from './oms-errors.result';
import { OrderEventTriggered } from './order-event-triggered.type';

// Each union's members are listed once: the schema's union and the service's return type both come from here.

export const TriggerOrderEventResult = createUnionType({
  name: 'TriggerOrderEventResult',
  description: 'Which items moved and which were skipped, or why nothing moved.',
  types: () =>
    [
      OrderEventTriggered,
      OrderNotFoundError,
      UnknownEventError,
      EventNotApplicableError,
      CommandFailedError,
      ItemsNotInOrderError,
    ] as const,
});
export type TriggerOrderEventResult = typeof TriggerOrderEventResult;

export const CancelOrderResult = createUnionType({
  name: 'CancelOrderResult',
  description:
    'The cancelled order (or the unchanged one, if it was cancelled already), or why it cannot be.',
  types: () => [SalesOrder, OrderNotFoundError, OrderNotCancellableError, CommandFailedError] as const,
});
export type CancelOrderResult = typeof CancelOrderResult;
