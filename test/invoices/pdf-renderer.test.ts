import { testEnv } from '../support/test-env';
import { formatMoney, formatTaxRate } from '../../src/invoices/invoice-template-helpers';
import { InvoiceTemplates } from '../../src/invoices/invoice-templates';
import { PdfRenderer, PdfRendererClosedError } from '../../src/invoices/pdf-renderer';
import { sampleInvoiceSnapshot } from '../support/sample-invoice-snapshot';
import { loadConfig } from '../../src/config';
import { normalise, pdfText } from './pdf-text';

let templates: InvoiceTemplates;
let renderer: PdfRenderer;

beforeAll(async () => {
  templates = await InvoiceTemplates.load();
  renderer = new PdfRenderer({ chromePath: loadConfig(testEnv()).chromePath, poolSize: 2 });
});
afterAll(() => renderer.close());

describe('PdfRenderer', () => {
  it('renders an invoice to an A4 PDF whose text holds references, address, every line and the totals', async () => {
    const snapshot = sampleInvoiceSnapshot();
    const pdf = await renderer.render(templates.renderInvoiceHtml(snapshot));

    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const money = (minor: number) => normalise(formatMoney(minor, 'EUR', 'de-DE'));
    for (const expected of [
      'INV-2026-000001',
      'DE--1042',
      'PO-4711/ERP',
      'Schmidt & Söhne KG',
      'Ms Anna Schmidt',
      'Hauptstraße 1',
      'Hinterhaus, 2. OG',
      '10115 Berlin',
      'Deutschland',
      'Example Shop GmbH',
      'Rechnung INV-2026-000001',
      'USt-IdNr. DE123456789',
      `Zwischensumme${money(87928)}`,
      `Versandkosten${money(490)}`,
      `inkl. 19 % USt.${money(10904)}`,
      `inkl. 7 % USt.${money(1317)}`,
      `Gesamtbetrag${money(88418)}`,
    ]) {
      expect(text).toContain(expected);
    }
    // pdf-parse joins a row's cells: quantity, unit price, rate and amount read as one run per line.
    for (const line of snapshot.lines) {
      expect(text).toContain(`${line.name} ${line.sku}`);
      const rate = normalise(formatTaxRate(line.taxRateBp, 'de-DE'));
      expect(text).toContain(`${line.quantity}${money(line.unitPrice)}${rate}${money(line.sumPrice)}`);
    }
  });

  it('serves more callers than pages by making them wait, all on one browser', async () => {
    const html = templates.renderInvoiceHtml(sampleInvoiceSnapshot({ lineCount: 3 }));
    const launchesBefore = renderer.launchCount;
    const pdfs = await Promise.all(Array.from({ length: 9 }, () => renderer.render(html)));
    expect(pdfs.every((pdf) => pdf.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    expect(renderer.launchCount).toBe(Math.max(launchesBefore, 1));
  });

  it('launches a new browser after the running one was killed', async () => {
    const html = templates.renderInvoiceHtml(sampleInvoiceSnapshot({ lineCount: 2 }));
    await renderer.render(html);
    const pid = renderer.browserPid()!;
    const launches = renderer.launchCount;
    expect(pid).toEqual(expect.any(Number));

    // The whole process group, as a crash or the OOM killer would take it: the pid may be a wrapper script's.
    process.kill(-pid, 'SIGKILL');
    // No waiting for the crash to be noticed: the renders race the browser's death on purpose.
    const pdfs = await Promise.all([renderer.render(html), renderer.render(html), renderer.render(html)]);
    expect(pdfs.map((pdf) => pdf.subarray(0, 5).toString())).toEqual(['%PDF-', '%PDF-', '%PDF-']);
    expect(renderer.launchCount).toBe(launches + 1);
    expect(renderer.browserPid()).not.toBe(pid);
    expect((await pdfText(pdfs[0])).text).toContain('INV-2026-000001');
  });

  it('refuses renders once closed', async () => {
    const own = new PdfRenderer({ poolSize: 1 });
    await own.render('<p>hello</p>');
    await own.close();
    expect(own.browserPid()).toBeUndefined();
    await expect(own.render('<p>again</p>')).rejects.toBeInstanceOf(PdfRendererClosedError);
  });
});
