import { PDFDocument } from '@cantoo/pdf-lib';
import { FormatFactoryService, invoiceSchema } from '@e-invoice-eu/core';
import Ajv2019 from 'ajv/dist/2019';
import { XMLParser } from 'fast-xml-parser';
import type { DataSource } from 'typeorm';
import { snapshotToEn16931 } from '../../src/invoices/e-invoice/snapshot-to-en16931';
import type { InvoiceSnapshot } from '../../src/invoices/invoice-snapshot';

/**
 * The proof that an issued invoice or credit note has a valid structured twin, checked the way a buyer's system
 * would see it, through the real routes:
 * - the library's own input validation: its JSON schema (as patched for the syntax), on what the snapshot maps to;
 * - GET /invoices/{ref}.xml read back with an XML parser, and the EN 16931 totals rules BR-CO-10 to BR-CO-16 (and
 *   BR-S-08, net per rate) recomputed from the parsed figures, in integer cents;
 * - the XML embedded in the stored hybrid PDF extracted with a PDF library: byte for byte GET …xml;
 * - the UBL form (?syntax=ubl) carrying the same payable amount.
 */
export interface StructuredTwin {
  xml: string;
  /** The parsed CII document (namespace prefixes removed). */
  cii: any;
  snapshot: InvoiceSnapshot;
  typeCode: string;
  /** BT-24: urn:cen.eu:en16931:2017, with #compliant#…xrechnung_3.0 for XRechnung. */
  specification: string;
  /** BT-112 and BT-115 in cents: positive for an invoice and for a credit note alike. */
  grandTotal: number;
  duePayable: number;
  ubl: any;
  embeddedName: string;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false, // amounts stay text: "10.50" must not become 10.5, nor a float at all
  isArray: (name) =>
    ['IncludedSupplyChainTradeLineItem', 'ApplicableTradeTax', 'SpecifiedTradeAllowanceCharge'].includes(
      name,
    ),
});

/** "1234.5" / "-0.07" → cents, by string arithmetic: no float anywhere. */
export function cents(value: unknown): number {
  const text = typeof value === 'object' && value !== null ? (value as any)['#text'] : value;
  if (text === undefined) return 0;
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  if (!match) throw new Error(`not an amount with at most 2 decimals: ${String(text)}`);
  const value100 = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -value100 : value100;
}

let compiled: ReturnType<Ajv2019['compile']> | undefined;
/** The library's schema compiled once per test file, with the options the library compiles it with. */
function schemaValidator() {
  if (compiled) return compiled;
  const schema = structuredClone(invoiceSchema);
  new FormatFactoryService()
    .createFormatService('UBL', { log: () => {}, warn: () => {}, error: () => {} })
    .patchSchema(schema as any);
  compiled = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
  return compiled;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export async function expectStructuredTwin(
  app: { url: string; dataSource: DataSource; backOfficeToken(): string },
  reference: string,
): Promise<StructuredTwin> {
  const base = app.url.replace(/\/graphql$/, '');
  const auth = { authorization: `Bearer ${app.backOfficeToken()}` };
  const [{ snapshot }] = await app.dataSource.query(
    `SELECT snapshot FROM sales_invoice WHERE reference = $1`,
    [reference],
  );

  // 1. The library's JSON schema, as it patches it for UBL (the strictest: both parties' electronic addresses).
  const validate = schemaValidator();
  const input = snapshotToEn16931(snapshot);
  const valid = validate(structuredClone(input)) as boolean;
  expect({ reference, valid, schemaErrors: validate.errors ?? [] }).toEqual({
    reference,
    valid: true,
    schemaErrors: [],
  });

  // 2. The XML as served, parsed.
  const response = await fetch(`${base}/invoices/${reference}.xml`, { headers: auth });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  const bytes = Buffer.from(await response.arrayBuffer());
  const xml = bytes.toString('utf8');
  const cii = parser.parse(xml).CrossIndustryInvoice;
  expect(cii).toBeDefined();
  const transaction = cii.SupplyChainTradeTransaction;
  const settlement = transaction.ApplicableHeaderTradeSettlement;
  const totals = settlement.SpecifiedTradeSettlementHeaderMonetarySummation;
  const lines: any[] = transaction.IncludedSupplyChainTradeLineItem;
  const lineNet = lines.map((l) =>
    cents(l.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount),
  );
  const charges = (settlement.SpecifiedTradeAllowanceCharge ?? []) as any[];
  const isCharge = (c: any) => String(c.ChargeIndicator.Indicator) === 'true';
  const taxes: any[] = settlement.ApplicableTradeTax;
  const taxTotal = (
    Array.isArray(totals.TaxTotalAmount) ? totals.TaxTotalAmount : [totals.TaxTotalAmount]
  ).find((t: any) => t['@currencyID'] === settlement.InvoiceCurrencyCode);

  expect(cii.ExchangedDocument.ID).toBe(reference);
  // BR-CO-10: sum of line net amounts = BT-106.
  expect(sum(lineNet)).toBe(cents(totals.LineTotalAmount));
  // BR-CO-11 and BR-CO-12: document allowances and charges add up to BT-107 and BT-108.
  expect(sum(charges.filter((c) => !isCharge(c)).map((c) => cents(c.ActualAmount)))).toBe(
    cents(totals.AllowanceTotalAmount),
  );
  expect(sum(charges.filter(isCharge).map((c) => cents(c.ActualAmount)))).toBe(
    cents(totals.ChargeTotalAmount),
  );
  // BR-CO-13: BT-109 = BT-106 − BT-107 + BT-108.
  expect(cents(totals.TaxBasisTotalAmount)).toBe(
    cents(totals.LineTotalAmount) - cents(totals.AllowanceTotalAmount) + cents(totals.ChargeTotalAmount),
  );
  // BR-CO-14: BT-110 = Σ BT-117.
  expect(cents(taxTotal)).toBe(sum(taxes.map((t) => cents(t.CalculatedAmount))));
  // BR-CO-15: BT-112 = BT-109 + BT-110.
  expect(cents(totals.GrandTotalAmount)).toBe(cents(totals.TaxBasisTotalAmount) + cents(taxTotal));
  // BR-CO-16: BT-115 = BT-112 − BT-113 + BT-114.
  expect(cents(totals.DuePayableAmount)).toBe(
    cents(totals.GrandTotalAmount) - cents(totals.TotalPrepaidAmount) + cents(totals.RoundingAmount),
  );
  // BR-S-08 (and BR-AA-08 alike): per rate, the taxable amount is the lines' net at that rate.
  const rateOf = (l: any) =>
    String(l.SpecifiedLineTradeSettlement.ApplicableTradeTax[0].RateApplicablePercent);
  for (const tax of taxes) {
    const atRate = lines.flatMap((l, i) =>
      rateOf(l) === String(tax.RateApplicablePercent) ? [lineNet[i]] : [],
    );
    expect(sum(atRate)).toBe(cents(tax.BasisAmount));
  }
  // The figures are the snapshot's, to the cent (the PDF prints the same integers; a credit note's are negated).
  const sign = snapshot.kind === 'CREDIT_NOTE' ? -1 : 1;
  expect(cents(totals.GrandTotalAmount)).toBe(sign * snapshot.totals.grandTotal);
  expect(cents(taxTotal)).toBe(sign * snapshot.totals.taxTotal);
  const typeCode = String(cii.ExchangedDocument.TypeCode);
  expect(typeCode).toBe(snapshot.kind === 'CREDIT_NOTE' ? '381' : '380');

  // 3. The stored PDF is hybrid, and what it embeds is exactly GET …xml.
  const pdfResponse = await fetch(`${base}/invoices/${reference}.pdf`, { headers: auth });
  expect(pdfResponse.status).toBe(200);
  const pdf = Buffer.from(await pdfResponse.arrayBuffer());
  const attachments = (await PDFDocument.load(pdf, { updateMetadata: false })).getAttachments();
  const embedded = attachments.find((a) => /^(factur-x|xrechnung)\.xml$/.test(a.name));
  expect(embedded).toBeDefined();
  expect(Buffer.from(embedded!.data).equals(bytes)).toBe(true);
  const pdfText = pdf.toString('latin1');
  expect(pdfText).toMatch(/pdfaid:part>3</); // PDF/A-3
  expect(pdfText).toMatch(
    embedded!.name === 'xrechnung.xml' ? /ConformanceLevel>XRECHNUNG</ : /ConformanceLevel>EN 16931</,
  );
  // BR-CO-25: an amount due needs a due date or payment terms (a credit note says it is paid out).
  if (cents(totals.DuePayableAmount) > 0) {
    expect(
      settlement.SpecifiedTradePaymentTerms?.Description ??
        settlement.SpecifiedTradePaymentTerms?.DueDateDateTime,
    ).toBeDefined();
  }

  // 4. UBL 2.1: an Invoice or CreditNote with the same amount due.
  const ublResponse = await fetch(`${base}/invoices/${reference}.xml?syntax=ubl`, { headers: auth });
  expect(ublResponse.status).toBe(200);
  const ublDoc = parser.parse(await ublResponse.text());
  const ubl = ublDoc.Invoice ?? ublDoc.CreditNote;
  expect(cents(ubl.LegalMonetaryTotal.PayableAmount)).toBe(cents(totals.DuePayableAmount));

  return {
    xml,
    cii,
    snapshot,
    typeCode,
    specification: String(cii.ExchangedDocumentContext.GuidelineSpecifiedDocumentContextParameter.ID),
    grandTotal: cents(totals.GrandTotalAmount),
    duePayable: cents(totals.DuePayableAmount),
    ubl,
    embeddedName: embedded!.name,
  };
}
