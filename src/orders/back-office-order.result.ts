import { createUnionType } from 'type-graphql';
import { OrderComment } from './order-comment.entity';
import { OrderNotFoundError } from './order-not-found.error';
import { SalesOrder } from './sales-order.entity';

export const UpdateBillingAddressResult = createUnionType({
  name: 'UpdateBillingAddressResult',
  description: 'The order with its new billing address, or why it could not be updated.',
  types: () => [SalesOrder, OrderNotFoundError] as const,
});
export type UpdateBillingAddressResult = typeof UpdateBillingAddressResult;

export const AddOrderCommentResult = createUnionType({
  name: 'AddOrderCommentResult',
  description: 'The comment as stored, or why it could not be added.',
  types: () => [OrderComment, OrderNotFoundError] as const,
});
export type AddOrderCommentResult = typeof AddOrderCommentResult;
