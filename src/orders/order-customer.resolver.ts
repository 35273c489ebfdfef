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
      'Back office: who placed the order and how many orders they have placed (a guest: orders with the same e-mail address). Null for customers.',
  })
  async customer(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<OrderCustomer | null> {
    if (ctx.viewer.kind !== 'back-office') return null;
    const customers = new OrderCustomerRepository(ctx.manager);
    // A guest has no reference: their orders are those placed with the same e-mail address.
    const orderCount =
      order.customerReference === null
        ? await requestLoader<string, number>(ctx, 'orderCountByEmail', async (emails) => {
            const counts = await customers.orderCountsOfEmails(emails);
            return emails.map((e) => counts.get(e) ?? 0);
          }).load(order.email)
        : await requestLoader<string, number>(ctx, 'orderCountByCustomer', async (references) => {
            const counts = await customers.orderCountsOfCustomers(references);
            return references.map((r) => counts.get(r) ?? 0);
          }).load(order.customerReference);
    return {
      reference: order.customerReference,
      email: order.email,
      name: `${order.billingAddress.firstName} ${order.billingAddress.lastName}`,
      orderCount,
    };
  }
}
