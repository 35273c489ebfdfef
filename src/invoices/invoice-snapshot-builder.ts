import type { Config } from '../config';
import type { Address } from '../orders/address';
import type { SalesItem } from '../orders/sales-item.entity';
import type { SalesOrder } from '../orders/sales-order.entity';
import type { Shipment } from '../shipments/shipment.entity';
import { taxContainedInGross } from '../common/tax';
import { dayIn } from '../shipments/delivery-date-policy';
import { sellerAddressLine } from './seller-config';
import {
  InvoiceAddress,
  InvoiceExpenseLine,
  InvoiceKind,
  InvoiceLine,
  InvoiceSnapshot,
  taxesPerRate,
} from './invoice-snapshot';

export interface SnapshotHeader {
  kind: InvoiceKind;
  reference: string;
  issuedAt: Date;
  correctsReference: string | null;
  /** When the corrected invoice was issued (BT-26); null for an invoice. */
  correctsIssuedAt: Date | null;
  /** When the documented items shipped, first and last; null when none has shipped yet. */
  shipped: { first: Date; last: Date } | null;
}

const address = (a: Address): InvoiceAddress => ({
  salutation: a.salutation,
  firstName: a.firstName,
  lastName: a.lastName,
  company: a.company,
  address1: a.address1,
  address2: a.address2,
  address3: a.address3,
  zipCode: a.zipCode,
  city: a.city,
  country: a.country,
  vatId: a.vatId ?? null,
});

/** Items of one cart line (same SKU and price) print as one line with their quantities added up. */
export function linesOf(items: SalesItem[], sign: 1 | -1): InvoiceLine[] {
  const lines = new Map<string, InvoiceLine>();
  for (const item of items) {
    const key = `${item.lineNumber}|${item.sku}|${item.unitPrice}|${item.taxRateBp}`;
    const line = lines.get(key);
    if (line) {
      line.quantity += item.quantity;
      line.sumPrice += sign * item.sumPrice;
      line.taxAmount += sign * item.taxAmount;
    } else {
      lines.set(key, {
        sku: item.sku,
        name: item.name,
        quantity: item.quantity,
        unitPrice: sign * item.unitPrice,
        sumPrice: sign * item.sumPrice,
        taxRateBp: item.taxRateBp,
        taxAmount: sign * item.taxAmount,
        unitCode: 'H87',
      });
    }
  }
  return [...lines.values()];
}

export function expenseLine(shipment: Shipment, amount: number, sign: 1 | -1): InvoiceExpenseLine {
  return {
    shipmentId: shipment.id,
    name: `${shipment.methodName} (${shipment.carrierName})`,
    amount: sign * amount,
    taxRateBp: shipment.expenseTaxRateBp,
    taxAmount: sign * taxContainedInGross(amount, shipment.expenseTaxRateBp),
  };
}

/** Freezes what a document prints: seller from configuration, the order's addresses and the given lines. */
export function buildSnapshot(
  config: Config,
  order: SalesOrder,
  header: SnapshotHeader,
  lines: InvoiceLine[],
  expenses: InvoiceExpenseLine[],
): InvoiceSnapshot {
  const subtotal = lines.reduce((sum, l) => sum + l.sumPrice, 0);
  const expenseTotal = expenses.reduce((sum, e) => sum + e.amount, 0);
  const priceMode = order.priceMode === 'NET_MODE' ? 'NET_MODE' : 'GROSS_MODE';
  const taxes = taxesPerRate(lines, expenses, priceMode);
  const zone = config.shopTimeZone;
  const issueDay = dayIn(header.issuedAt, zone);
  const { paymentTermDays, ...seller } = config.seller;
  const invoice = header.kind === 'INVOICE';
  const firstShipped = header.shipped && dayIn(header.shipped.first, zone);
  const lastShipped = header.shipped && dayIn(header.shipped.last, zone);
  return {
    version: 2,
    kind: header.kind,
    reference: header.reference,
    issueDate: header.issuedAt.toISOString(),
    correctsReference: header.correctsReference,
    correctsIssueDate: header.correctsIssuedAt?.toISOString() ?? null,
    seller: { ...seller, address: sellerAddressLine(config.seller) },
    orderReference: order.reference,
    orderDate: order.createdAt.toISOString(),
    customOrderReference: order.customReference,
    buyerEmail: order.email,
    buyerReference: order.buyerReference ?? null,
    supplyDate: lastShipped ?? issueDay,
    supplyPeriodStart: firstShipped && firstShipped !== lastShipped ? firstShipped : null,
    supplyDateIsIssueDate: !header.shipped,
    paymentTermDays: invoice ? paymentTermDays : null,
    dueDate: invoice ? addDays(issueDay, paymentTermDays) : null,
    billingAddress: address(order.billingAddress),
    lines,
    expenses,
    taxes,
    totals: {
      subtotal,
      expenseTotal,
      taxTotal: taxes.reduce((sum, t) => sum + t.taxAmount, 0),
      grandTotal: subtotal + expenseTotal,
    },
    priceMode,
    currencyCode: order.currencyCode,
    locale: order.locale,
    // The shop's calendar: an invoice issued at 00:30 in Berlin on 1 January is dated that day, of that year.
    timeZone: config.shopTimeZone,
  };
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
