import type { FormatFactoryService, Invoice as EInvoice } from '@e-invoice-eu/core';

/**
 * Two gaps of @e-invoice-eu/core 2.3.4's CII writer, closed on the format services our own factory creates (nothing
 * global is changed). Both are pinned by test/invoices/e-invoice.test.ts, so a library upgrade that fixes or moves them
 * shows up there.
 *
 * 1. It marks BT-13 (the buyer's purchase order reference, ram:BuyerOrderReferencedDocument) as EXTENDED-only, so
 *    its Factur-X EN 16931 writer drops it, although EN 16931 and every Factur-X profile carry it. Its full CII
 *    writer (the one behind format "CII") keeps it and writes the same EN 16931 elements otherwise, under the same
 *    specification identifier: the Factur-X EN 16931 service gets that writer, and the XML embedded in the PDF is
 *    byte for byte GET …xml.
 * 2. It reads the preceding invoice reference (BT-25, BT-26) from the wrong level of its own input
 *    (cac:BillingReference/cbc:ID instead of cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID), so a credit
 *    note's CII would not name its invoice. The CII is completed after the library built it, in the place the
 *    CII schema puts it (after the monetary summation).
 */
export function patchFormatFactory(factory: FormatFactoryService): FormatFactoryService {
  const create = factory.createFormatService.bind(factory);
  factory.createFormatService = (format, logger) => {
    const service = create(format, logger) as unknown as CiiService;
    if (service.syntax !== 'CII') return service as never;
    if (typeof service.postProcess !== 'function') {
      throw new Error('@e-invoice-eu/core changed inside: review src/invoices/e-invoice/library-fixes.ts');
    }
    if (factory.normalizeFormat(format) === 'factur-x-en16931') {
      Object.defineProperty(service, 'fxProfile', { value: FULL_CII });
    }
    let input: EInvoice | undefined;
    const generate = service.generate.bind(service);
    service.generate = (invoice, options) => {
      input = invoice;
      return generate(invoice, options);
    };
    const postProcess = service.postProcess.bind(service);
    service.postProcess = (cii) => {
      postProcess(cii);
      addPrecedingInvoice(cii, input);
    };
    return service as never;
  };
  return factory;
}

/** The library's bit for "write every CII element", the profile behind its plain CII and XRechnung formats. */
const FULL_CII = 0x1;

interface CiiService {
  syntax: string;
  generate(invoice: EInvoice, options: unknown): Promise<string | Uint8Array>;
  postProcess(cii: Record<string, any>): void;
}

function addPrecedingInvoice(cii: Record<string, any>, input: EInvoice | undefined): void {
  const preceding = input?.['ubl:Invoice']['cac:BillingReference']?.[0]?.['cac:InvoiceDocumentReference'];
  const transaction = cii['rsm:CrossIndustryInvoice']?.['rsm:SupplyChainTradeTransaction'];
  const settlement = transaction?.['ram:ApplicableHeaderTradeSettlement'];
  if (!preceding || !settlement || settlement['ram:InvoiceReferencedDocument']) return;
  const reference: Record<string, unknown> = { 'ram:IssuerAssignedID': preceding['cbc:ID'] };
  if (preceding['cbc:IssueDate']) {
    reference['ram:FormattedIssueDateTime'] = {
      'qdt:DateTimeString': preceding['cbc:IssueDate'].replaceAll('-', ''),
      'qdt:DateTimeString@format': '102',
    };
  }
  // Rebuilt so that the element lands where the CII schema's sequence wants it: right after the summation.
  const rebuilt: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settlement)) {
    rebuilt[key] = value;
    if (key === 'ram:SpecifiedTradeSettlementHeaderMonetarySummation') {
      rebuilt['ram:InvoiceReferencedDocument'] = reference;
    }
  }
  transaction['ram:ApplicableHeaderTradeSettlement'] = rebuilt;
}
