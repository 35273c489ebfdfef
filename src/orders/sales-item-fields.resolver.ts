import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import { Money } from '../common/money';
import type { RequestContext } from '../common/request-context';
import { percentFromBasisPoints } from '../common/tax';
import { Shipment } from '../shipments/shipment.entity';
import { itemMoney } from './item-money';
import { SalesItem } from './sales-item.entity';

@Resolver(() => SalesItem)
export class SalesItemFieldsResolver {
  @FieldResolver(() => Money, { description: 'Gross price of one unit.' })
  unitPrice(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return itemMoney(ctx, item, item.unitPrice);
  }

  @FieldResolver(() => Money, { description: 'The unit price × quantity.' })
  sumPrice(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return itemMoney(ctx, item, item.sumPrice);
  }

  @FieldResolver(() => Float, { description: 'Tax rate in percent, e.g. 19.' })
  taxRate(@Root() item: SalesItem): number {
    return percentFromBasisPoints(item.taxRateBp);
  }

  @FieldResolver(() => Money, { description: 'Tax contained in sumPrice, rounded per item.' })
  taxAmount(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return itemMoney(ctx, item, item.taxAmount);
  }

  @FieldResolver(() => Money, { description: 'The part of sumPrice that was cancelled.' })
  canceledAmount(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return itemMoney(ctx, item, item.canceledAmount);
  }

  @FieldResolver(() => Shipment, { description: 'The shipment that delivers this item.' })
  async shipment(@Root() item: SalesItem, @Ctx() ctx: RequestContext): Promise<Shipment> {
    const shipment = await ctx.loaders.shipmentOf(item);
    if (!shipment) throw new Error(`shipment ${item.shipmentId} of item ${item.id} is missing`);
    return shipment;
  }
}
