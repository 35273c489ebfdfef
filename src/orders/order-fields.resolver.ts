import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { listCost, orderShipmentsCost } from '../common/query-cost';
import type { RequestContext } from '../common/request-context';
import { selectedBeside } from '../common/selection';
import { Shipment } from '../shipments/shipment.entity';
import { OrderChange } from './order-change.entity';
import { OrderTotals, orderTotals } from './order-totals.type';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

/** The distinct states of the items, sorted by code point as the batch of its own sorts them. */
function distinctSorted(items: SalesItem[]): string[] {
  // Orders mostly have items in one or two states: a short array beats a Set, and needs sorting only when longer.
  const states: string[] = [];
  for (const { state } of items) if (!states.includes(state)) states.push(state);
  return states.length > 1 ? states.sort() : states;
}

@Resolver(() => SalesOrder)
export class OrderFieldsResolver {
  // A page that shows both items and shipments reads them in one statement (OrderLoaders.contentsByOrder).
  @FieldResolver(() => [SalesItem], {
    description: 'All items of the order, in placement order.',
    complexity: listCost('salesItemsPerOrder'),
  })
  items(@Root() order: SalesOrder, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    ctx.loaders.remember(order);
    return ctx.loaders.itemsOf(order.id, selectedBeside(info, 'shipments'));
  }

  @FieldResolver(() => [Shipment], {
    description: 'Shipments of the order; several for split delivery.',
    complexity: orderShipmentsCost,
  })
  shipments(@Root() order: SalesOrder, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    ctx.loaders.remember(order);
    return ctx.loaders.shipmentsOf(order.id, selectedBeside(info, 'items'));
  }

  @FieldResolver(() => OrderTotals, { description: 'Totals, in the order currency.' })
  totals(@Root() order: SalesOrder): OrderTotals {
    return orderTotals(order);
  }

  // A list read them with the order. Otherwise its own batch rather than the items': a list of big B2B orders shows
  // their states without loading the items. But when the same query shows the items anyway, they answer it.
  @FieldResolver(() => [String], { description: 'The distinct states of the order items, sorted.' })
  itemStates(
    @Root() order: SalesOrder,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): string[] | Promise<string[]> {
    // Sorted by code point here, not by the database's collation, like the other two ways.
    const known = order.knownItemStates;
    if (known) return known.length > 1 ? [...known].sort() : known;
    if (!selectedBeside(info, 'items')) return ctx.loaders.itemStatesByOrder.load(order.id);
    ctx.loaders.remember(order);
    const items = ctx.loaders.itemsOf(order.id, selectedBeside(info, 'shipments'));
    return Array.isArray(items) ? distinctSorted(items) : items.then(distinctSorted);
  }

  @FieldResolver(() => Int, {
    description: 'Number of sales items (a split line counts once per unit, a non-splittable line once).',
  })
  itemCount(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.loaders.itemCountByOrder.load(order.id);
  }

  @FieldResolver(() => String, {
    description: "The customer's name as on the billing address: first name, then last name.",
  })
  customerName(@Root() order: SalesOrder): string {
    return `${order.billingAddress.firstName} ${order.billingAddress.lastName}`;
  }

  @FieldResolver(() => [OrderChange], {
    description:
      'Back office: changes to the order beyond item states (shipments, custom reference), oldest first. Empty for customers.',
  })
  async changeLog(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<OrderChange[]> {
    return ctx.viewer.kind === 'back-office' ? ctx.loaders.changesByOrder.load(order.id) : [];
  }
}
