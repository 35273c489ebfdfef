import { createUnionType } from 'type-graphql';
import { OrderNotFoundError } from './order-not-found.error';
import { SalesOrder } from './sales-order.entity';

export const SetCustomOrderReferenceResult = createUnionType({
  name: 'SetCustomOrderReferenceResult',
  description: 'The updated order, or why it could not be updated.',
  types: () => [SalesOrder, OrderNotFoundError] as const,
});
export type SetCustomOrderReferenceResult = typeof SetCustomOrderReferenceResult;
