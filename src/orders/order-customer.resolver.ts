import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { requestLoader } from '../common/request-loader';
import { OrderCustomerRepository } from './order-customer.repository';
import { OrderCustomer } from './order-customer.type';
import { SalesOrder } from './sales-order.entity';

@Resolver(() => SalesOrder)
export class OrderCustomerResolver {
  // The order counts of a page's customers in one statement, whatever the page size.
  @FieldResolver(() => OrderCustomer, {
    nullable: true,
    description:
      'Back office: who placed the order and how many orders they have placed. Null for customers.',
  })
  async customer(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<OrderCustomer | null> {
    if (ctx.viewer.kind !== 'back-office') return null;
    const orderCount = await requestLoader<string, number>(
      ctx,
      'orderCountByCustomer',
      async (references) => {
        const counts = await new OrderCustomerRepository(ctx.manager).orderCountsOfCustomers(references);
        return references.map((r) => counts.get(r) ?? 0);
      },
    ).load(order.customerReference);
    return {
      reference: order.customerReference,
      email: order.email,
      name: `${order.billingAddress.firstName} ${order.billingAddress.lastName}`,
      orderCount,
    };
  }
}
