import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParsedMail, simpleParser } from 'mailparser';
import type { Logger } from '../../src/common/logger';
import { BUILT_IN_CATALOG_DIR } from '../../src/i18n/message-catalogs';
import { PLACE_ORDER, placeOrder, placeOrderInput } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';
import { pdfText } from '../invoices/pdf-text';
import { SmtpTestServer, startSmtpTestServer } from '../invoices/smtp-test-server';

let app: TestApp;
let smtp: SmtpTestServer;
let catalogDir: string;
const warnings: { message: string; detail: unknown }[] = [];

/** Every line the app logs at warn level is kept; the rest is dropped. */
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, detail) => warnings.push({ message, detail }),
  error: () => {},
};

beforeAll(async () => {
  // An operator's French catalog: a handful of messages; the rest falls back to the store's (de-DE), then en-GB.
  catalogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-catalogs-'));
  fs.writeFileSync(
    path.join(catalogDir, 'fr-FR.json'),
    JSON.stringify({
      'mail.greeting': 'Bonjour {firstName} {lastName},',
      'confirmationMail.subject': 'Votre commande {reference} chez {shop}',
      'confirmationMail.body': 'merci pour votre commande {reference} du {date}.',
      'mail.closing': 'Cordialement,',
    }),
  );
  smtp = await startSmtpTestServer();
  app = await startTestApp({ SMTP_URL: smtp.url, MESSAGE_CATALOG_DIR: catalogDir }, { logger });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  fs.rmSync(catalogDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await runJobs();
  smtp.received.length = 0;
  warnings.length = 0;
});

const runJobs = async () => {
  while ((await app.app.services.jobWorker.runDueJobs(100)).claimed > 0);
};
const token = () => app.customerToken('CUST-LANG', 'lang@example.com');

/** Messages the SMTP server received about this reference (order or invoice), parsed, in order of arrival. */
async function mailsAbout(reference: string): Promise<ParsedMail[]> {
  const raw = smtp.received.filter((m) => m.raw.toString().includes(reference));
  return Promise.all(raw.map((m) => simpleParser(m.raw)));
}
/** Intl's no-break spaces as plain ones, so expectations read as the customer sees them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const LOCALE_OF = `query($r: String!) { order(reference: $r) { reference locale } }`;

describe('the order locale', () => {
  it('defaults to the store locale and is kept as asked when a catalog exists; guest orders too', async () => {
    const german = await placeOrder(app, token());
    const english = await placeOrder(app, token(), placeOrderInput(undefined, { locale: 'en-gb' }));
    const guest = await app.gql(PLACE_ORDER, {
      input: placeOrderInput(undefined, { email: 'gast@example.com', locale: 'en-GB' }),
    });
    expect(guest.data!.placeOrder.__typename).toBe('Order');
    const read = async (reference: string) =>
      (await app.gql(LOCALE_OF, { r: reference }, app.backOfficeToken())).data!.order.locale;
    expect(await read(german.reference)).toBe('de-DE');
    expect(await read(english.reference)).toBe('en-GB'); // canonical case
    expect(await read(guest.data!.placeOrder.reference)).toBe('en-GB');
    expect(warnings).toEqual([]);
  });

  it('sends the order confirmation in the order language, over SMTP: German and English', async () => {
    const german = await placeOrder(app, token());
    const english = await placeOrder(app, token(), placeOrderInput(undefined, { locale: 'en-GB' }));
    await runJobs();

    const [de] = await mailsAbout(german.reference);
    expect(de.subject).toBe(`Ihre Bestellung ${german.reference} bei Example Shop GmbH`);
    const deText = plain(de.text!);
    expect(deText).toContain('Hallo Anna Schmidt,');
    expect(deText).toContain(`vielen Dank für Ihre Bestellung ${german.reference} vom 27. November 2026.`);
    expect(deText).toContain('Versandkosten: 4,90 €');
    expect(deText).toMatch(/Gesamtbetrag: [\d,]+ € \(enthält [\d,]+ € USt\.\)/);
    expect(deText).toContain('Hauptstraße 1, 10115 Berlin, Deutschland');
    expect(deText).toContain('Mit freundlichen Grüßen');
    expect(plain(de.html as string)).toContain(
      `vielen Dank für Ihre Bestellung <strong>${german.reference}</strong>`,
    );
    expect(de.html).toContain("lang='de-DE'");

    const [en] = await mailsAbout(english.reference);
    expect(en.subject).toBe(`Your order ${english.reference} at Example Shop GmbH`);
    const enText = plain(en.text!);
    expect(enText).toContain('Hello Anna Schmidt,');
    expect(enText).toContain(`thank you for your order ${english.reference} of 27 November 2026.`);
    expect(enText).toContain('Shipping: €4.90');
    expect(enText).toMatch(/Total: €[\d.]+ \(contains €[\d.]+ tax\)/);
    expect(enText).toContain('Hauptstraße 1, 10115 Berlin, Germany');
    expect(enText).toContain('Kind regards,');
    for (const german of ['Deutschland', 'Bestellung', 'Grüße', 'November 2026 vom']) {
      expect(enText).not.toContain(german);
    }
  });

  it('writes the invoice, its PDF and its e-mail in the order language', async () => {
    const order = await placeOrder(app, token(), placeOrderInput(undefined, { locale: 'en-GB' }));
    await trigger(app, order.reference, 'pay');
    await runJobs();
    smtp.received.length = 0;
    const issued = await app.gql(
      `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename ... on Invoice { reference } } }`,
      { r: order.reference },
      app.backOfficeToken(),
    );
    const reference = issued.data!.generateInvoice.reference as string;
    await runJobs();

    const [{ snapshot }] = await app.dataSource.query(
      `SELECT snapshot FROM sales_invoice WHERE reference = $1`,
      [reference],
    );
    expect(snapshot.locale).toBe('en-GB');
    const [mail] = await mailsAbout(reference);
    expect(mail.subject).toBe(`Invoice ${reference} for your order ${order.reference}`);
    expect(plain(mail.text!)).toContain(`Attached is invoice ${reference}.`);
    const { text } = await pdfText(mail.attachments[0].content);
    expect(text).toContain(`Invoice ${reference}`);
    expect(text).toContain('Germany');
    expect(text).toContain('Invoice date27 November 2026');
    expect(text).toMatch(/Total€\d+\.\d\d/);
    expect(text).not.toContain('Rechnung');

    // Cancelling the item after the invoice issues a credit note: English as well, from the same order locale.
    smtp.received.length = 0;
    await trigger(app, order.reference, 'cancel', { itemIds: [order.items[0].id] });
    await runJobs();
    const [credit] = await app.dataSource.query(
      `SELECT reference, snapshot FROM sales_invoice WHERE kind = 'CREDIT_NOTE' AND snapshot->>'correctsReference' = $1`,
      [reference],
    );
    expect(credit.snapshot.locale).toBe('en-GB');
    const [creditMail] = await mailsAbout(credit.reference);
    expect(creditMail.subject).toBe(`Credit note ${credit.reference} for your order ${order.reference}`);
    expect(plain(creditMail.text!)).toContain(`It corrects invoice ${reference}.`);
    const creditPdf = (await pdfText(creditMail.attachments[0].content)).text;
    expect(creditPdf).toContain(`Credit note ${credit.reference}`);
    expect(creditPdf).toContain(`Corrects invoice${reference}`);
    expect(creditPdf).toMatch(/Total credited-€\d+\.\d\d/);
  });

  it('falls back for a language without a catalog, with a warning in the log and no error for the customer', async () => {
    const swedish = await placeOrder(app, token(), placeOrderInput(undefined, { locale: 'sv-SE' }));
    expect(swedish.__typename).toBe('Order');
    const austrian = await placeOrder(app, token(), placeOrderInput(undefined, { locale: 'de-AT' }));
    const read = async (reference: string) =>
      (await app.gql(LOCALE_OF, { r: reference }, app.backOfficeToken())).data!.order.locale;
    expect(await read(swedish.reference)).toBe('de-DE'); // the store's
    expect(await read(austrian.reference)).toBe('de-DE'); // the same language
    expect(warnings).toEqual([
      {
        message: 'placeOrder: no message catalog for locale "sv-SE"; the order is written in de-DE',
        detail: expect.objectContaining({ requestedLocale: 'sv-SE', locale: 'de-DE' }),
      },
      {
        message: 'placeOrder: no message catalog for locale "de-AT"; the order is written in de-DE',
        detail: expect.objectContaining({ requestedLocale: 'de-AT', locale: 'de-DE' }),
      },
    ]);
    await runJobs();
    const [mail] = await mailsAbout(swedish.reference);
    expect(mail.subject).toBe(`Ihre Bestellung ${swedish.reference} bei Example Shop GmbH`);
  });

  it.each(['not a tag!', 'de_DE', 'x', 'de-DE-1996-u-ca-gregory', "de'); DROP TABLE sales_order;--"])(
    'refuses the malformed tag %j with a validation error, writing nothing',
    async (locale) => {
      const count = async () =>
        Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`))[0].n);
      const before = await count();
      const result = await app.gql(PLACE_ORDER, { input: placeOrderInput(undefined, { locale }) }, token());
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.fields).toEqual([
        expect.objectContaining({ field: 'locale', messages: [expect.stringContaining('language tag')] }),
      ]);
      expect(await count()).toBe(before);
      expect(warnings).toEqual([]);
    },
  );

  it('uses a catalog added through MESSAGE_CATALOG_DIR; its missing messages come from the store catalog', async () => {
    expect(fs.readdirSync(BUILT_IN_CATALOG_DIR)).not.toContain('fr-FR.json');
    const order = await placeOrder(app, token(), placeOrderInput(undefined, { locale: 'fr-FR' }));
    const read = await app.gql(LOCALE_OF, { r: order.reference }, app.backOfficeToken());
    expect(read.data!.order.locale).toBe('fr-FR');
    expect(warnings).toEqual([]);
    await runJobs();
    const [mail] = await mailsAbout(order.reference);
    expect(mail.subject).toBe(`Votre commande ${order.reference} chez Example Shop GmbH`);
    const text = plain(mail.text!);
    expect(text).toContain('Bonjour Anna Schmidt,');
    // Dates, amounts and countries in French from Intl; a message fr-FR.json lacks comes from de-DE.
    expect(text).toContain(`merci pour votre commande ${order.reference} du 27 novembre 2026.`);
    expect(text).toContain('10115 Berlin, Allemagne');
    expect(text).toContain('Versandkosten: 4,90 €');
    expect(text).toContain('Cordialement,');
  });
});
