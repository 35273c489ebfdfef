import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testEnv } from '../support/test-env';
import { loadConfig } from '../../src/config';
import { InvoiceTemplates } from '../../src/invoices/invoice-templates';
import { PdfRenderer } from '../../src/invoices/pdf-renderer';
import { sampleInvoiceSnapshot } from '../support/sample-invoice-snapshot';
import { normalise, pdfText } from '../invoices/pdf-text';

let templates: InvoiceTemplates;
let renderer: PdfRenderer;

beforeAll(async () => {
  templates = await InvoiceTemplates.load();
  renderer = new PdfRenderer({ chromePath: loadConfig(testEnv()).chromePath, poolSize: 1 });
});
afterAll(() => renderer.close());

/** The text a reader sees in the real PDF (pdf-parse), labels and values side by side. */
const readPdf = async (snapshot: ReturnType<typeof sampleInvoiceSnapshot>) =>
  (await pdfText(await renderer.render(templates.renderInvoiceHtml(snapshot)))).text;

const creditNote = (locale: string) => {
  const invoice = sampleInvoiceSnapshot({ lineCount: 1, overrides: { locale } });
  const line = { ...invoice.lines[0], sumPrice: -1999, unitPrice: -1999, taxAmount: -319 };
  return {
    ...invoice,
    kind: 'CREDIT_NOTE' as const,
    reference: 'INV-2026-000002',
    correctsReference: 'INV-2026-000001',
    lines: [line],
    expenses: [],
    taxes: [{ rateBp: 1900, taxAmount: -319 }],
    totals: { subtotal: -1999, expenseTotal: 0, taxTotal: -319, grandTotal: -1999 },
  };
};

describe('an invoice in the order locale', () => {
  it('reads German throughout in de-DE: labels, dates, amounts and the country', async () => {
    const text = await readPdf(sampleInvoiceSnapshot({ lineCount: 2, overrides: { locale: 'de-DE' } }));
    for (const expected of [
      'Rechnung INV-2026-000001',
      'USt-IdNr. DE123456789',
      'RECHNUNGSADRESSE', // the label is upper-cased by CSS
      'Deutschland',
      'RechnungsnummerINV-2026-000001',
      'Rechnungsdatum27. November 2026',
      'Ihre ReferenzPO-4711/ERP',
      'ArtikelMengeEinzelpreisUSt.Betrag',
      'Versand: DHL Standard',
      'inkl. 19 % USt.',
      'Gesamtbetrag',
      'Bitte geben Sie bei Zahlungen und Rückfragen die Rechnungsnummer INV-2026-000001 an.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Gesamtbetrag\d+,\d\d €/);
    for (const english of ['Invoice', 'VAT', 'Total', 'Germany', 'November 27']) {
      expect(text).not.toContain(english);
    }
  });

  it('reads English throughout in en-GB, in the same layout', async () => {
    const text = await readPdf(sampleInvoiceSnapshot({ lineCount: 2, overrides: { locale: 'en-GB' } }));
    for (const expected of [
      'Invoice INV-2026-000001',
      'VAT ID DE123456789',
      'BILLING ADDRESS',
      'Germany',
      'Invoice numberINV-2026-000001',
      'Invoice date27 November 2026',
      'Your referencePO-4711/ERP',
      'ItemQtyUnit priceVATAmount',
      'Shipping: DHL Standard',
      'incl. VAT 19%',
      'Please quote invoice number INV-2026-000001 with any payment or question.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Total€\d+\.\d\d/);
    for (const german of ['Rechnung', 'USt', 'Deutschland', 'Dezember', 'November 2026 Bestell']) {
      expect(text).not.toContain(german);
    }
  });

  it('words a credit note in the order locale too', () => {
    const de = normalise(templates.renderInvoiceHtml(creditNote('de-DE')));
    expect(de).toContain('<h1>Rechnungskorrektur</h1>');
    expect(de).toContain('Korrigiert Rechnung</td><td>INV-2026-000001');
    expect(de).toContain("Gutgeschriebener Betrag</td><td class='num'>-19,99 €");
    expect(de).toContain('Diese Rechnungskorrektur berichtigt die Rechnung INV-2026-000001;');
    const en = normalise(templates.renderInvoiceHtml(creditNote('en-GB')));
    expect(en).toContain('<h1>Credit note</h1>');
    expect(en).toContain('Corrects invoice</td><td>INV-2026-000001');
    expect(en).toContain("Total credited</td><td class='num'>-€19.99");
    expect(en).toContain('This credit note corrects invoice INV-2026-000001;');
  });
});

describe('messages with markup', () => {
  it('escape the message and every value but the markup of {{strong}}, in the HTML part only', () => {
    const snapshot = sampleInvoiceSnapshot({
      lineCount: 1,
      overrides: {
        locale: 'en-GB',
        customOrderReference: '<script>alert(1)</script>',
        orderReference: 'DE--<b>1',
      },
    });
    const email = templates.renderInvoiceEmail(snapshot);
    expect(email.html).toContain(
      'thank you for your order <strong>DE--&lt;b&gt;1</strong> (your reference &lt;script&gt;',
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>');
    expect(email.text).toContain(
      'thank you for your order DE--<b>1 (your reference <script>alert(1)</script>) of',
    );
  });
});

describe('an operator template (MAIL_TEMPLATE_DIR)', () => {
  it('may print catalog messages with {{t}} in the order locale', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-templates-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'invoice-email-subject.txt'),
        '{{t "invoice.title"}} {{reference}} · {{date issueDate}}',
      );
      const custom = await InvoiceTemplates.load(dir);
      const subject = (locale: string) =>
        custom.renderInvoiceEmail(sampleInvoiceSnapshot({ lineCount: 1, overrides: { locale } })).subject;
      expect(subject('de-DE')).toBe('Rechnung INV-2026-000001 · 27. November 2026');
      expect(subject('en-GB')).toBe('Invoice INV-2026-000001 · 27 November 2026');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
