/**
 * Everything an invoice or credit note prints, frozen when it is issued and stored with it (as JSON), so the
 * document can be rendered again byte for byte whatever happens to the order later. Amounts are integer minor
 * units of `currencyCode`; a credit note carries them negated. Instants are ISO 8601 strings, since the snapshot
 * lives in a jsonb column and a Date would not survive the round trip as a Date.
 */
export interface InvoiceSnapshot {
  /**
   * Bumped when the shape changes, so old snapshots can still be read. 2 added what EN 16931 and §14 UStG ask for:
   * the structured seller, buyer reference and VAT ID, date of supply, net per line and rate, due date. A version 1
   * snapshot lacks those fields (see `withDerivedFields`).
   */
  version: 1 | 2;
  kind: InvoiceKind;
  /** e.g. INV-2026-000001. */
  reference: string;
  issueDate: string;
  /** A credit note names the invoice it corrects; an invoice has null. */
  correctsReference: string | null;
  seller: InvoiceSeller;
  orderReference: string;
  orderDate: string;
  /** The buyer's own PO / ERP number, if any: the purchase order reference (BT-13). */
  customOrderReference: string | null;
  /** v2: the order's e-mail address: the buyer's electronic address (BT-49). */
  buyerEmail?: string;
  /** v2: the buyer reference (BT-10), e.g. a public buyer's Leitweg-ID; its presence makes the XML an XRechnung. */
  buyerReference?: string | null;
  /** v2: the issue date of the invoice a credit note corrects (BT-26). */
  correctsIssueDate?: string | null;
  /**
   * v2: the date of supply (YYYY-MM-DD in the shop's zone): the last shipment of the invoiced items, or the invoice
   * date when nothing has shipped yet (`supplyDateIsIssueDate`), which the document then says.
   */
  supplyDate?: string;
  /** v2: the first shipment's date when the items shipped on several days (a delivery period, BG-14). */
  supplyPeriodStart?: string | null;
  supplyDateIsIssueDate?: boolean;
  /** v2: payment terms: days and the due date (YYYY-MM-DD); null for a credit note. */
  paymentTermDays?: number | null;
  dueDate?: string | null;
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
  /** One line: as configured (v1, SELLER_ADDRESS), or made of the structured fields (v2). */
  address: string;
  vatId: string;
  /** v2: the structured address and the rest of the seller's settings (src/invoices/seller-config.ts). */
  street?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  taxNumber?: string | null;
  electronicAddress?: string;
  phone?: string;
  iban?: string;
  bic?: string | null;
  bankName?: string | null;
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
  /** v2: the buyer's VAT ID (B2B, BT-48). */
  vatId?: string | null;
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
  /** v2: UN/ECE rec. 20 unit of the quantity: H87 (piece). */
  unitCode?: string;
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
  /** v2: the net amount taxed at this rate (BT-116): gross less tax, summed like the tax. */
  netAmount?: number;
}

export interface InvoiceTotals {
  /** Gross in GROSS_MODE: the lines' sumPrice added up. */
  subtotal: number;
  expenseTotal: number;
  taxTotal: number;
  grandTotal: number;
}

/** A line's or charge's net amount: what it costs without the tax, in the order's price mode. */
export const netOf = (gross: number, tax: number, priceMode: InvoiceSnapshot['priceMode']) =>
  priceMode === 'NET_MODE' ? gross : gross - tax;

/**
 * Tax and net per rate over lines and expenses, highest rate first; integer sums of the lines' own figures, so
 * they add up to the cent with the lines and with the order.
 */
export function taxesPerRate(
  lines: InvoiceLine[],
  expenses: InvoiceExpenseLine[],
  priceMode: InvoiceSnapshot['priceMode'] = 'GROSS_MODE',
): InvoiceTaxLine[] {
  const byRate = new Map<number, { taxAmount: number; netAmount: number }>();
  const add = (rateBp: number, gross: number, tax: number) => {
    const sum = byRate.get(rateBp) ?? { taxAmount: 0, netAmount: 0 };
    sum.taxAmount += tax;
    sum.netAmount += netOf(gross, tax, priceMode);
    byRate.set(rateBp, sum);
  };
  for (const l of lines) add(l.taxRateBp, l.sumPrice, l.taxAmount);
  for (const e of expenses) add(e.taxRateBp, e.amount, e.taxAmount);
  return [...byRate].map(([rateBp, sum]) => ({ rateBp, ...sum })).sort((a, b) => b.rateBp - a.rateBp);
}
