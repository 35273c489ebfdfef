import { FormatFactoryService, invoiceSchema, type Invoice as EInvoice } from '@e-invoice-eu/core';
import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import { Logger, silentLogger } from '../../common/logger';
import type { InvoiceSnapshot } from '../invoice-snapshot';
import { patchFormatFactory } from './library-fixes';
import { snapshotToEn16931 } from './snapshot-to-en16931';

export type XmlSyntax = 'cii' | 'ubl';

/** What a document becomes: EN 16931 by default, XRechnung when the order carries a buyer reference (BT-10). */
export function profileOf(snapshot: InvoiceSnapshot): 'EN16931' | 'XRECHNUNG' {
  return snapshot.buyerReference ? 'XRECHNUNG' : 'EN16931';
}

/** @e-invoice-eu/core's format names for each profile and output. */
const FORMATS = {
  EN16931: { cii: 'CII', ubl: 'UBL', pdf: 'Factur-X-EN16931' },
  XRECHNUNG: { cii: 'XRECHNUNG-CII', ubl: 'XRECHNUNG-UBL', pdf: 'Factur-X-XRechnung' },
} as const;

export class EInvoiceError extends Error {
  override name = 'EInvoiceError';
}

/**
 * EN 16931 XML (CII or UBL 2.1) and the hybrid ZUGFeRD / Factur-X PDF (PDF/A-3 with the CII XML embedded), both
 * from an invoice's stored snapshot through @e-invoice-eu/core. The XML is a function of the snapshot alone, so it
 * is made on request rather than stored; the embedded one is the same bytes as GET /invoices/{reference}.xml.
 *
 * This does what the library's InvoiceService.generate does (validate the input against the library's JSON schema
 * as the format patches it, fill the format's defaults, write), with one difference: the schema is compiled once
 * per format rather than on every call, which took ~250 ms of the ~300 ms a document cost.
 */
export class EInvoiceGenerator {
  private readonly factory = patchFormatFactory(new FormatFactoryService());
  private readonly validators = new Map<string, ValidateFunction<EInvoice>>();
  private readonly libraryLogger;

  constructor(logger: Logger = silentLogger) {
    this.libraryLogger = {
      log: (m: string) => logger.debug(`e-invoice: ${m}`),
      warn: (m: string) => logger.warn(`e-invoice: ${m}`),
      error: (m: string) => logger.error(`e-invoice: ${m}`),
    };
  }

  async xml(snapshot: InvoiceSnapshot, syntax: XmlSyntax = 'cii'): Promise<string> {
    const out = await this.generate(snapshot, FORMATS[profileOf(snapshot)][syntax]);
    return typeof out === 'string' ? out : Buffer.from(out).toString('utf8');
  }

  /** The rendered PDF made hybrid: PDF/A-3 metadata and the CII XML attached (factur-x.xml / xrechnung.xml). */
  async hybridPdf(snapshot: InvoiceSnapshot, pdf: Buffer): Promise<Buffer> {
    const out = await this.generate(snapshot, FORMATS[profileOf(snapshot)].pdf, {
      buffer: new Uint8Array(pdf),
      filename: `${snapshot.reference}.pdf`,
      mimetype: 'application/pdf',
    });
    return Buffer.from(out as Uint8Array);
  }

  private async generate(
    snapshot: InvoiceSnapshot,
    format: string,
    pdf?: { buffer: Uint8Array; filename: string; mimetype: string },
  ): Promise<string | Uint8Array> {
    const service = this.factory.createFormatService(format, this.libraryLogger);
    const name = this.factory.normalizeFormat(format);
    let validate = this.validators.get(name);
    if (!validate) {
      const schema = structuredClone(invoiceSchema);
      service.patchSchema(schema);
      validate = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile<EInvoice>(schema);
      this.validators.set(name, validate);
    }
    const input = structuredClone(snapshotToEn16931(snapshot));
    if (!validate(input)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
      throw new EInvoiceError(`${format} for ${snapshot.reference}: invalid input: ${problems.join('; ')}`);
    }
    service.fillInvoiceDefaults(input);
    try {
      return await service.generate(input, {
        format: name,
        lang: snapshot.locale.toLowerCase(),
        noWarnings: true,
        ...(pdf ? { pdf } : {}),
      });
    } catch (error) {
      throw new EInvoiceError(`${format} for ${snapshot.reference} failed: ${(error as Error).message}`);
    }
  }
}
