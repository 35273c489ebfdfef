import { taxContainedInGross } from '../../src/common/tax';
import { DEMO_SELLER, sellerAddressLine } from '../../src/invoices/seller-config';
import {
  InvoiceExpenseLine,
  InvoiceLine,
  InvoiceSnapshot,
  taxesPerRate,
} from '../../src/invoices/invoice-snapshot';

// A shop's worth of plausible articles: mixed VAT rates (books at 7 %), umlauts, an ampersand that must be escaped.
const ARTICLES: { sku: string; name: string; unitPrice: number; taxRateBp: number }[] = [
  { sku: 'TSHIRT-001', name: 'Organic cotton T-shirt, navy, M', unitPrice: 1999, taxRateBp: 1900 },
  { sku: 'MUG-002', name: 'Stoneware mug “Morgenrot”', unitPrice: 1250, taxRateBp: 1900 },
  { sku: 'BOOK-003', name: 'Grundkurs Buchhaltung (3. Auflage)', unitPrice: 2490, taxRateBp: 700 },
  { sku: 'SOCKS-004', name: 'Merino socks, 3 pairs', unitPrice: 1495, taxRateBp: 1900 },
  { sku: 'BAG-005', name: 'Canvas tote bag & pouch set', unitPrice: 2250, taxRateBp: 1900 },
  { sku: 'TEA-006', name: 'Darjeeling first flush, 100 g', unitPrice: 899, taxRateBp: 700 },
  { sku: 'LAMP-007', name: 'Desk lamp with USB-C port', unitPrice: 5990, taxRateBp: 1900 },
  { sku: 'PEN-008', name: 'Fountain pen, fine nib', unitPrice: 3450, taxRateBp: 1900 },
  { sku: 'NOTE-009', name: 'Dotted notebook A5, 192 pages', unitPrice: 1150, taxRateBp: 1900 },
  { sku: 'COFFEE-010', name: 'Espresso beans, 1 kg', unitPrice: 2190, taxRateBp: 700 },
];

export interface SampleInvoiceOptions {
  lineCount?: number;
  reference?: string;
  overrides?: Partial<InvoiceSnapshot>;
}

/**
 * A complete, internally consistent invoice snapshot (gross prices, tax per line, totals to the cent) for
 * template previews, tests and the rendering benchmark.
 */
export function sampleInvoiceSnapshot({
  lineCount = 20,
  reference = 'INV-2026-000001',
  overrides = {},
}: SampleInvoiceOptions = {}): InvoiceSnapshot {
  const lines: InvoiceLine[] = Array.from({ length: lineCount }, (_, i) => {
    const article = ARTICLES[i % ARTICLES.length];
    const quantity = (i % 3) + 1;
    const sumPrice = article.unitPrice * quantity;
    return {
      sku: i < ARTICLES.length ? article.sku : `${article.sku}-${i}`,
      name: article.name,
      quantity,
      unitPrice: article.unitPrice,
      sumPrice,
      taxRateBp: article.taxRateBp,
      taxAmount: taxContainedInGross(sumPrice, article.taxRateBp),
    };
  });
  const expenses: InvoiceExpenseLine[] = [
    { name: 'DHL Standard', amount: 490, taxRateBp: 1900, taxAmount: taxContainedInGross(490, 1900) },
  ];
  // A version 1 snapshot, as stored before e-invoices: tax per rate without the net amount.
  const taxes = taxesPerRate(lines, expenses).map(({ rateBp, taxAmount }) => ({ rateBp, taxAmount }));
  const subtotal = lines.reduce((sum, l) => sum + l.sumPrice, 0);
  const expenseTotal = expenses.reduce((sum, e) => sum + e.amount, 0);
  return {
    version: 1,
    kind: 'INVOICE',
    reference,
    issueDate: '2026-11-27T10:30:00.000Z',
    correctsReference: null,
    seller: {
      name: 'Example Shop GmbH',
      address: 'Julie-Wolfthorn-Straße 1, 10115 Berlin, DE',
      vatId: 'DE123456789',
    },
    orderReference: 'DE--1042',
    orderDate: '2026-11-27T09:58:12.000Z',
    customOrderReference: 'PO-4711/ERP',
    billingAddress: {
      salutation: 'Ms',
      firstName: 'Anna',
      lastName: 'Schmidt',
      company: 'Schmidt & Söhne KG',
      address1: 'Hauptstraße 1',
      address2: 'Hinterhaus, 2. OG',
      address3: null,
      zipCode: '10115',
      city: 'Berlin',
      country: 'DE',
    },
    lines,
    expenses,
    taxes,
    totals: {
      subtotal,
      expenseTotal,
      taxTotal: taxes.reduce((sum, t) => sum + t.taxAmount, 0),
      grandTotal: subtotal + expenseTotal,
    },
    priceMode: 'GROSS_MODE',
    currencyCode: 'EUR',
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

/** The same sample as a version 2 snapshot: what an invoice issued today stores for its EN 16931 XML. */
export function sampleInvoiceSnapshotV2(options: SampleInvoiceOptions = {}): InvoiceSnapshot {
  const v1 = sampleInvoiceSnapshot(options);
  const { paymentTermDays, ...seller } = DEMO_SELLER;
  return {
    ...v1,
    version: 2,
    seller: { ...seller, address: sellerAddressLine(DEMO_SELLER) },
    buyerEmail: 'anna.schmidt@example.com',
    buyerReference: null,
    correctsIssueDate: null,
    supplyDate: '2026-11-27',
    supplyPeriodStart: null,
    supplyDateIsIssueDate: true,
    paymentTermDays,
    dueDate: '2026-12-11',
    taxes: taxesPerRate(v1.lines, v1.expenses),
    ...options.overrides,
  };
}
