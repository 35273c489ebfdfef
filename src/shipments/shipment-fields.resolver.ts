import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Money, money } from '../common/money';
import type { RequestContext } from '../common/request-context';
import { SalesItem } from '../orders/sales-item.entity';
import { Shipment } from './shipment.entity';

@Resolver(() => Shipment)
export class ShipmentFieldsResolver {
  @FieldResolver(() => [SalesItem], { description: 'The items this shipment delivers.' })
  items(@Root() shipment: Shipment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemsOfShipment(shipment);
  }

  @FieldResolver(() => Money, { description: 'Gross shipping expense charged for this shipment.' })
  async expense(@Root() shipment: Shipment, @Ctx() ctx: RequestContext): Promise<Money> {
    return money(shipment.expenseAmount, (await ctx.loaders.orderOf(shipment)).currencyCode);
  }
}
