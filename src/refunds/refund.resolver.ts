import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../common/global-id';
import { Money, money } from '../common/money';
import { listCost } from '../common/query-cost';
import type { RequestContext } from '../common/request-context';
import { Invoice } from '../invoices/invoice.entity';
import type { InvoiceService } from '../invoices/invoice.service';
import { itemMoney } from '../orders/item-money';
import { SalesItem } from '../orders/sales-item.entity';
import { SalesOrder } from '../orders/sales-order.entity';
import { Refund } from './refund.entity';
import { refundableAmount, RefundService } from './refund.service';

@Resolver(() => SalesOrder)
export class OrderRefundsResolver {
  constructor(private readonly service: RefundService) {}

  @FieldResolver(() => [Refund], {
    description: 'Refunds of the order, oldest first.',
    complexity: listCost('salesItemsPerOrder'), // each refund pays back at least one item, once
  })
  refunds(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<Refund[]> {
    ctx.loaders.remember(order);
    return this.service.refundsOf(ctx, order.id);
  }
}

@Resolver(() => SalesItem)
export class SalesItemRefundFieldsResolver {
  @FieldResolver(() => Money, {
    description:
      'What was paid for the item less what was cancelled or refunded: what a refund would pay back.',
  })
  refundableAmount(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return itemMoney(ctx, item, refundableAmount(item));
  }

  @FieldResolver(() => Money, { description: 'What refunds paid back for this item.' })
  refundedAmount(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return itemMoney(ctx, item, item.refundedAmount);
  }
}

@Resolver(() => Refund)
export class RefundFieldsResolver {
  constructor(private readonly invoices: InvoiceService) {}

  @FieldResolver(() => Money, { description: 'Everything paid back: items and shipping.' })
  amount(@Root() refund: Refund): Money {
    return money(refund.amount, refund.currencyCode);
  }

  @FieldResolver(() => Money, { description: 'The part paid back for items.' })
  itemAmount(@Root() refund: Refund): Money {
    return money(refund.itemAmount, refund.currencyCode);
  }

  @FieldResolver(() => Money, {
    description: "The part paid back for shipping (with a shipment's last item).",
  })
  expenseAmount(@Root() refund: Refund): Money {
    return money(refund.expenseAmount, refund.currencyCode);
  }

  // Ids rather than the items themselves: a list of items inside the list of refunds would be costed as items ×
  // items (query-cost.ts), though refunds share out an order's items; the items are on the order.
  @FieldResolver(() => [ID], { description: 'Global ids of the items refunded (see Order.items).' })
  itemIds(@Root() refund: Refund): string[] {
    return refund.itemIds.map((id) => toGlobalId('SalesItem', id));
  }

  @FieldResolver(() => Invoice, {
    nullable: true,
    description: 'The credit note it issued; null when the order was not invoiced yet.',
  })
  async creditNote(@Root() refund: Refund, @Ctx() ctx: RequestContext): Promise<Invoice | null> {
    if (refund.creditNoteId == null) return null;
    const documents = await this.invoices.invoicesOfOrder(ctx, refund.orderId);
    return documents.find((d) => d.id === Number(refund.creditNoteId)) ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Back office: who refunded (staff:…, system:…). Null for customers.',
  })
  actor(@Root() refund: Refund, @Ctx() ctx: RequestContext): string | null {
    return ctx.viewer.kind === 'back-office' ? refund.actor : null;
  }
}
