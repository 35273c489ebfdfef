import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Money, money } from '../common/money';
import type { RequestContext } from '../common/request-context';
import { SalesOrder } from '../orders/sales-order.entity';
import type { InvoiceLinks } from './invoice-links';
import { Invoice } from './invoice.entity';
import { InvoiceResult } from './invoice.result';
import { InvoiceService } from './invoice.service';

@Resolver()
export class InvoiceResolver {
  constructor(private readonly invoices: InvoiceService) {}

  @Authorized('back-office')
  @Mutation(() => InvoiceResult, {
    description:
      'Back office: issues the invoice for the whole order now (from "confirmed" on), once per order.',
  })
  generateInvoice(
    @Ctx() ctx: RequestContext,
    @Arg('orderReference', { description: 'Order reference, e.g. DE--42.' }) orderReference: string,
  ) {
    return this.invoices.generate(ctx, orderReference);
  }

  @Authorized('back-office')
  @Mutation(() => InvoiceResult, {
    description: 'Back office: e-mails an invoice or credit note again (to the customer, BCC to the shop).',
  })
  resendInvoice(
    @Ctx() ctx: RequestContext,
    @Arg('reference', { description: 'Invoice or credit note reference, e.g. INV-2026-000001.' })
    reference: string,
  ) {
    return this.invoices.resend(ctx, reference);
  }
}

@Resolver(() => Invoice)
export class InvoiceFieldsResolver {
  constructor(
    private readonly links: InvoiceLinks,
    private readonly invoices: InvoiceService,
  ) {}

  @FieldResolver(() => Money, { description: 'Grand total; negative for a credit note.' })
  grandTotal(@Root() invoice: Invoice): Money {
    return money(invoice.grandTotal, invoice.currencyCode);
  }

  @FieldResolver(() => String, {
    description:
      'Signed link to the PDF that works without a header for 30 days (for e-mails and the mobile app).',
  })
  pdfUrl(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): string {
    return this.links.url(invoice.reference, ctx.clock.now());
  }

  @FieldResolver(() => String, {
    description:
      'Signed link to the EN 16931 XML (CII; add &syntax=ubl for UBL 2.1), valid for 30 days like pdfUrl. XRechnung when the order has a buyer reference.',
  })
  xmlUrl(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): string {
    return this.links.url(invoice.reference, ctx.clock.now(), undefined, 'xml');
  }

  @FieldResolver(() => SalesOrder, {
    description:
      'The order it was issued for (so a mutation result updates the order in a client cache too).',
  })
  order(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<SalesOrder> {
    return ctx.loaders.orderOf(invoice);
  }

  @FieldResolver(() => Invoice, {
    nullable: true,
    description: 'For a credit note: the invoice it corrects.',
  })
  async corrects(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<Invoice | null> {
    if (!invoice.correctsId) return null;
    const all = await this.invoices.invoicesOfOrder(ctx, invoice.orderId);
    return all.find((i) => i.id === invoice.correctsId) ?? null;
  }
}

@Resolver(() => SalesOrder)
export class OrderInvoicesResolver {
  constructor(private readonly service: InvoiceService) {}

  @FieldResolver(() => [Invoice], { description: 'The invoice and any credit notes, oldest first.' })
  invoices(@Root() order: SalesOrder, @Ctx() ctx: RequestContext) {
    return this.service.invoicesOfOrder(ctx, order.id);
  }
}
