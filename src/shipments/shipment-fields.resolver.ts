import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Money, money } from '../common/money';
import { shipmentItemsCost } from '../common/query-cost';
import type { RequestContext } from '../common/request-context';
import { SalesItem } from '../orders/sales-item.entity';
import { Shipment } from './shipment.entity';

@Resolver(() => Shipment)
export class ShipmentFieldsResolver {
  @FieldResolver(() => [SalesItem], {
    description: 'The items this shipment delivers.',
    complexity: shipmentItemsCost,
  })
  items(@Root() shipment: Shipment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemsOfShipment(shipment);
  }

  @FieldResolver(() => Money, { description: 'Gross shipping expense charged for this shipment.' })
  expense(@Root() shipment: Shipment, @Ctx() ctx: RequestContext): Money | Promise<Money> {
    // Synchronous when the order is already known, as it is below an order.
    const currency = ctx.loaders.knownCurrency(shipment.orderId);
    if (currency !== undefined) return money(shipment.expenseAmount, currency);
    return ctx.loaders.orderOf(shipment).then((order) => money(shipment.expenseAmount, order.currencyCode));
  }
}
