/**
 * Everything an invoice or credit note prints, frozen when it is issued and stored with it (as JSON), so the
 * document can be rendered again byte for byte whatever happens to the order later. Amounts are integer minor
 * units of `currencyCode`; a credit note carries them negated. Instants are ISO 8601 strings, since the snapshot
 * lives in a jsonb column and a Date would not survive the round trip as a Date.
 */
export interface InvoiceSnapshot {
  /** Bumped when the shape changes, so old snapshots can still be read. */
  version: 1;
  kind: InvoiceKind;
  /** e.g. INV-2026-000001. */
  reference: string;
  issueDate: string;
  /** A credit note names the invoice it corrects; an invoice has null. */
  correctsReference: string | null;
  seller: InvoiceSeller;
  orderReference: string;
  orderDate: string;
  /** The buyer's own PO / ERP number, if any. */
  customOrderReference: string | null;
  billingAddress: InvoiceAddress;
  lines: InvoiceLine[];
  expenses: InvoiceExpenseLine[];
  taxes: InvoiceTaxLine[];
  totals: InvoiceTotals;
  /** GROSS_MODE: prices contain the tax; NET_MODE: tax is added on top. Decides the wording of the totals. */
  priceMode: 'GROSS_MODE' | 'NET_MODE';
  /** ISO 4217, e.g. EUR. */
  currencyCode: string;
  /** BCP 47, e.g. de-DE: how amounts and dates are written. */
  locale: string;
  /** IANA zone in which dates are printed (an invoice issued at 00:30 in Berlin is dated that day); UTC if unset. */
  timeZone?: string;
}

export type InvoiceKind = 'INVOICE' | 'CREDIT_NOTE';

export interface InvoiceSeller {
  name: string;
  /** One line, as configured (SELLER_ADDRESS). */
  address: string;
  vatId: string;
}

export interface InvoiceAddress {
  salutation: string | null;
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  address3: string | null;
  zipCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface InvoiceLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  /** unitPrice × quantity. */
  sumPrice: number;
  /** Basis points: 19 % = 1900, as stored on the order. */
  taxRateBp: number;
  /** The tax contained in (gross) or added to (net) sumPrice. */
  taxAmount: number;
}

/** A shipment's cost, one per shipment. */
export interface InvoiceExpenseLine {
  /** The order's shipment this charge belongs to, so that a later credit note credits each charge once. */
  shipmentId?: number;
  name: string;
  amount: number;
  taxRateBp: number;
  taxAmount: number;
}

/** The tax of all lines and expenses at one rate: what tax law asks an invoice to show per rate. */
export interface InvoiceTaxLine {
  rateBp: number;
  taxAmount: number;
}

export interface InvoiceTotals {
  subtotal: number;
  expenseTotal: number;
  taxTotal: number;
  grandTotal: number;
}

/** Tax per rate over lines and expenses, highest rate first; integer sums, so it adds up to the cent. */
export function taxesPerRate(lines: InvoiceLine[], expenses: InvoiceExpenseLine[]): InvoiceTaxLine[] {
  const byRate = new Map<number, number>();
  for (const { taxRateBp, taxAmount } of [...lines, ...expenses]) {
    byRate.set(taxRateBp, (byRate.get(taxRateBp) ?? 0) + taxAmount);
  }
  return [...byRate]
    .map(([rateBp, taxAmount]) => ({ rateBp, taxAmount }))
    .sort((a, b) => b.rateBp - a.rateBp);
}
