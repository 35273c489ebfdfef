import { testEnv } from '../support/test-env';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { formatMoney, formatTaxRate } from '../../src/invoices/invoice-template-helpers';
import { InvoiceTemplates, TEMPLATE_FILES } from '../../src/invoices/invoice-templates';
import { sampleInvoiceSnapshot } from '../support/sample-invoice-snapshot';
import { normalise } from './pdf-text';

let templates: InvoiceTemplates;
beforeAll(async () => {
  templates = await InvoiceTemplates.load();
});

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-templates-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('money and rate formatting', () => {
  it('formats integer minor units for the locale and currency, exactly, without floats', () => {
    expect(normalise(formatMoney(123450, 'EUR', 'de-DE'))).toBe('1.234,50 €');
    expect(formatMoney(123450, 'EUR', 'en-IE')).toBe('€1,234.50');
    expect(formatMoney(-1, 'EUR', 'en-US')).toBe('-€0.01');
    expect(formatMoney(1234, 'JPY', 'ja-JP')).toBe('￥1,234');
    expect(normalise(formatMoney(1234567, 'KWD', 'en-US'))).toBe('KWD 1,234.567');
    // 2^53 − 1 cents: a float detour would print …40.99 or …41.00.
    expect(formatMoney(9007199254740991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    expect(() => formatMoney(10.5, 'EUR', 'de-DE')).toThrow('integer minor units');
  });

  it('prints tax rates from basis points', () => {
    expect(normalise(formatTaxRate(1900, 'de-DE'))).toBe('19 %');
    expect(formatTaxRate(750, 'en-US')).toBe('7.5%');
  });
});

describe('renderInvoiceHtml', () => {
  it('prints every line, address, reference and total in the order locale, with a doctype', () => {
    const snapshot = sampleInvoiceSnapshot();
    const html = templates.renderInvoiceHtml(snapshot);
    const text = normalise(html);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const expected of [
      'INV-2026-000001',
      'DE--1042',
      'PO-4711/ERP',
      'Schmidt &amp; Söhne KG',
      'Hauptstraße 1',
      '10115 Berlin',
      'Deutschland',
      'USt-IdNr. DE123456789',
      '27. November 2026',
      '879,28 €',
      '884,18 €',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/inkl\. 19 % USt\.<\/td> <td class=.num.>109,04 €/);
    expect(text).toMatch(/inkl\. 7 % USt\.<\/td> <td class=.num.>13,17 €/);
    for (const line of snapshot.lines) expect(text).toContain(line.sku);
  });

  it('escapes whatever a customer or back office typed', () => {
    const snapshot = sampleInvoiceSnapshot({
      lineCount: 1,
      overrides: { customOrderReference: '<script>alert(1)</script>' },
    });
    snapshot.lines[0].name = '<img src=x onerror=alert(1)>';
    const html = templates.renderInvoiceHtml(snapshot);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders a credit note with the invoice it corrects and negative amounts', () => {
    const invoice = sampleInvoiceSnapshot({ lineCount: 1 });
    const line = { ...invoice.lines[0], sumPrice: -1999, unitPrice: -1999, taxAmount: -319 };
    const html = normalise(
      templates.renderInvoiceHtml({
        ...invoice,
        kind: 'CREDIT_NOTE',
        reference: 'INV-2026-000002',
        correctsReference: 'INV-2026-000001',
        lines: [line],
        expenses: [],
        taxes: [{ rateBp: 1900, taxAmount: -319 }],
        totals: { subtotal: -1999, expenseTotal: 0, taxTotal: -319, grandTotal: -1999 },
      }),
    );
    expect(html).toContain('<h1>Rechnungskorrektur</h1>');
    expect(html).toContain('Korrigiert Rechnung</td><td>INV-2026-000001');
    expect(html).toContain('-19,99 €');
  });

  it('formats for another locale and currency', () => {
    const html = normalise(
      templates.renderInvoiceHtml(
        sampleInvoiceSnapshot({ lineCount: 1, overrides: { locale: 'en-US', currencyCode: 'USD' } }),
      ),
    );
    expect(html).toContain('$19.99');
    expect(html).toContain('November 27, 2026');
  });
});

describe('renderInvoiceEmail', () => {
  it('names the invoice in the subject; the text body is plain text, the HTML body escaped', () => {
    const snapshot = sampleInvoiceSnapshot();
    snapshot.billingAddress.lastName = "O'Brien & Co";
    const email = templates.renderInvoiceEmail(snapshot);
    expect(email.subject).toBe('Rechnung INV-2026-000001 zu Ihrer Bestellung DE--1042');
    expect(email.text).toContain("Hallo Anna O'Brien & Co,");
    expect(email.text).toContain('(Ihre Referenz PO-4711/ERP)');
    expect(normalise(email.text)).toContain('Gesamtbetrag: 884,18 €');
    expect(email.html).toContain('O&#x27;Brien &amp; Co');
  });

  it('words a credit note as one', () => {
    const snapshot = sampleInvoiceSnapshot({
      overrides: { kind: 'CREDIT_NOTE', reference: 'INV-2026-000007', correctsReference: 'INV-2026-000001' },
    });
    const email = templates.renderInvoiceEmail(snapshot);
    expect(email.subject).toBe('Rechnungskorrektur INV-2026-000007 zu Ihrer Bestellung DE--1042');
    expect(email.text).toContain('Sie berichtigt die Rechnung INV-2026-000001.');
  });
});

describe('template overrides (INVOICE_TEMPLATE_DIR)', () => {
  it('replaces the templates present in the directory and keeps the built-in ones for the rest', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, TEMPLATE_FILES.invoice),
      '<p>Rechnung {{reference}}: {{money totals.grandTotal}}</p>',
    );
    fs.writeFileSync(path.join(dir, TEMPLATE_FILES.emailSubject), 'Ihre Rechnung {{reference}}');
    const config = loadConfig({ ...testEnv(), INVOICE_TEMPLATE_DIR: dir });
    const custom = await InvoiceTemplates.load(config.invoiceTemplateDir);
    const snapshot = sampleInvoiceSnapshot();

    expect(normalise(custom.renderInvoiceHtml(snapshot))).toBe(
      '<!doctype html> <p>Rechnung INV-2026-000001: 884,18 €</p>',
    );
    expect(custom.renderInvoiceEmail(snapshot).subject).toBe('Ihre Rechnung INV-2026-000001');
    expect(custom.renderInvoiceEmail(snapshot).text).toBe(templates.renderInvoiceEmail(snapshot).text);
    expect(custom.renderInvoiceHtml({ ...snapshot, kind: 'CREDIT_NOTE' })).toContain(
      '<h1>Rechnungskorrektur</h1>',
    );
    // The built-in template prints both kinds; a credit-note.hbs of the operator's takes the credit notes over.
    expect(templates.renderInvoiceHtml(snapshot)).not.toContain('Korrigiert');
    fs.writeFileSync(path.join(dir, TEMPLATE_FILES.creditNote), '<p>Gutschrift zu {{correctsReference}}</p>');
    const withCreditNote = await InvoiceTemplates.load(dir);
    const creditNote = { ...snapshot, kind: 'CREDIT_NOTE' as const, correctsReference: 'INV-2026-000001' };
    expect(normalise(withCreditNote.renderInvoiceHtml(creditNote))).toBe(
      '<!doctype html> <p>Gutschrift zu INV-2026-000001</p>',
    );
  });

  it('refuses at load a missing directory or a template that does not compile', async () => {
    await expect(InvoiceTemplates.load('/nonexistent/templates')).rejects.toThrow(
      'INVOICE_TEMPLATE_DIR "/nonexistent/templates" is not a readable directory',
    );
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, TEMPLATE_FILES.creditNote), '{{#each lines}}unclosed');
    await expect(InvoiceTemplates.load(dir)).rejects.toThrow(/credit-note\.hbs does not compile/);
  });

  it('fails a render that names a field the snapshot does not have, rather than printing a blank', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, TEMPLATE_FILES.invoice), '<p>{{totals.grandTotl}}</p>');
    const custom = await InvoiceTemplates.load(dir);
    expect(() => custom.renderInvoiceHtml(sampleInvoiceSnapshot())).toThrow(
      /invoice\.hbs failed for INV-2026-000001/,
    );
  });
});
