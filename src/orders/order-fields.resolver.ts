import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { Shipment } from '../shipments/shipment.entity';
import { OrderTotals, orderTotals } from './order-totals.type';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

@Resolver(() => SalesOrder)
export class OrderFieldsResolver {
  @FieldResolver(() => [SalesItem], { description: 'All items of the order, in placement order.' })
  items(@Root() order: SalesOrder, @Ctx() ctx: RequestContext) {
    ctx.loaders.orderById.prime(order.id, order);
    return ctx.loaders.itemsByOrder.load(order.id);
  }

  @FieldResolver(() => [Shipment], { description: 'Shipments of the order; several for split delivery.' })
  shipments(@Root() order: SalesOrder, @Ctx() ctx: RequestContext) {
    ctx.loaders.orderById.prime(order.id, order);
    return ctx.loaders.shipmentsByOrder.load(order.id);
  }

  @FieldResolver(() => OrderTotals, { description: 'Totals, in the order currency.' })
  totals(@Root() order: SalesOrder): OrderTotals {
    return orderTotals(order);
  }

  @FieldResolver(() => [String], { description: 'The distinct states of the order items, sorted.' })
  async itemStates(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<string[]> {
    const items = await ctx.loaders.itemsByOrder.load(order.id);
    return [...new Set(items.map((i) => i.state))].sort();
  }
}
