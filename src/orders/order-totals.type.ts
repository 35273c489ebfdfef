import { Field, ObjectType } from 'type-graphql';
import { Money, money } from '../common/money';
import type { SalesOrder } from './sales-order.entity';

@ObjectType({
  simpleResolvers: true,
  description: 'Order totals; grandTotal = subtotal + expenseTotal − discountTotal − canceledTotal.',
})
export class OrderTotals {
  @Field(() => Money, { description: 'Sum of all item prices, cancelled ones included.' })
  subtotal!: Money;

  @Field(() => Money, { description: 'Sum of all shipping expenses, cancelled ones included.' })
  expenseTotal!: Money;

  @Field(() => Money, { description: 'Sum of discounts.' })
  discountTotal!: Money;

  @Field(() => Money, { description: 'Tax contained in what is not cancelled.' })
  taxTotal!: Money;

  @Field(() => Money, { description: 'What the customer pays; refunds do not change it (see refundTotal).' })
  grandTotal!: Money;

  @Field(() => Money, { description: 'Sum of cancelled item and expense amounts.' })
  canceledTotal!: Money;

  @Field(() => Money, { description: 'What refunds paid back (items and shipping); see Order.refunds.' })
  refundTotal!: Money;
}

export function orderTotals(order: SalesOrder): OrderTotals {
  const c = order.currencyCode;
  return {
    subtotal: money(order.subtotal, c),
    expenseTotal: money(order.expenseTotal, c),
    discountTotal: money(order.discountTotal, c),
    taxTotal: money(order.taxTotal, c),
    grandTotal: money(order.grandTotal, c),
    canceledTotal: money(order.canceledTotal, c),
    refundTotal: money(order.refundTotal, c),
  };
}
