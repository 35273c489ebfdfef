import { simpleParser } from 'mailparser';
import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';
import { makeRetriesDue } from '../jobs/job-database';
import { expectStructuredTwin } from '../support/e-invoice-assertions';
import { pdfText } from './pdf-text';
import { SmtpTestServer, startSmtpTestServer } from './smtp-test-server';

let app: TestApp;
let smtp: SmtpTestServer;
const BCC = ['archive@shop.example', 'books@shop.example'];

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  app = await startTestApp({
    SMTP_URL: smtp.url,
    INVOICE_BCC: BCC.join(','),
    ORDER_CANCELLATION_WINDOW: '30m',
  });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.onConnect = () => null;
  smtp.onData = () => null;
});

const INVOICE_FIELDS = `reference kind issueDate emailSentAt pdfUrl grandTotal { minorUnits amount } corrects { reference }`;
const GENERATE = `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename
  ... on Invoice { ${INVOICE_FIELDS} } ... on ErrorResult { errorCode message } } }`;
const RESEND = `mutation($r: String!) { resendInvoice(reference: $r) { __typename ... on Invoice { reference } ... on ErrorResult { errorCode } } }`;
const INVOICES = `query($r: String!) { order(reference: $r) { totals { grandTotal { minorUnits } canceledTotal { minorUnits } }
  invoices { ${INVOICE_FIELDS} } } }`;

const runJobs = () => app.app.services.jobWorker.runDueJobs(100);
const invoicesOf = async (reference: string, token = app.backOfficeToken()) =>
  (await app.gql(INVOICES, { r: reference }, token)).data!.order;

async function confirmed(customer: string, input = placeOrderInput()) {
  const order = await placeOrder(
    app,
    app.customerToken(customer, `${customer.toLowerCase()}@example.com`),
    input,
  );
  await trigger(app, order.reference, 'pay');
  // The order confirmation (src/mails/) goes out first; these tests are about the invoice's e-mail.
  await runJobs();
  smtp.received.length = 0;
  return order;
}

describe('invoice issued when the cancellation window closes', () => {
  it('mails the PDF to the customer, BCC to the shop in the envelope only, and the PDF reads right', async () => {
    const order = await confirmed(
      'DE--I1',
      placeOrderInput(
        [
          shipment([
            { sku: 'TSHIRT-001', quantity: 2 },
            { sku: 'BOOK-003', quantity: 1 },
          ]),
          shipment([{ sku: 'PALLET-005', quantity: 1 }], {
            method: 'freight',
            address: address({ city: 'Kiel' }),
          }),
        ],
        {
          customReference: 'PO-2026-0815',
          billingAddress: address({
            company: 'Schmidt & Söhne KG',
            address1: 'Lindenallee 7',
            zipCode: '50667',
            city: 'Köln',
          }),
        },
      ),
    );
    expect((await invoicesOf(order.reference)).invoices).toEqual([]);
    app.clock.advance(31 * 60_000);
    await app.app.services.timeoutWorker.fireDue();

    const [invoice] = (await invoicesOf(order.reference)).invoices;
    expect(invoice).toMatchObject({ kind: 'INVOICE', emailSentAt: null, corrects: null });
    expect(invoice.reference).toMatch(/^INV-2026-\d{6}$/);
    expect(invoice.grandTotal.minorUnits).toBe(order.totals.grandTotal.minorUnits);

    expect(await runJobs()).toMatchObject({ done: 1 });
    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message.rcptTo.sort()).toEqual(['de--i1@example.com', ...BCC].sort());
    const raw = message.raw.toString('utf8');
    for (const hidden of BCC) expect(raw).not.toContain(hidden);
    const mail = await simpleParser(message.raw);
    expect(mail.subject).toContain(invoice.reference);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].contentType).toBe('application/pdf');

    const { text } = await pdfText(mail.attachments[0].content);
    for (const expected of [
      invoice.reference,
      order.reference,
      'PO-2026-0815',
      'Schmidt & Söhne KG',
      'Lindenallee 7',
      '50667 Köln',
      'TSHIRT-001',
      'Organic cotton T-shirt',
      'BOOK-003',
      'PALLET-005',
      '39,98 €', // 2 × 19.99
      '24,90 €',
      '349,00 €',
      '4,90 €',
      '89,00 €',
      '507,78 €', // grand total: 39.98 + 24.90 + 349.00 + 4.90 + 89.00
    ]) {
      expect(text).toContain(expected);
    }

    const twin = await expectStructuredTwin(app, invoice.reference);
    expect(twin.grandTotal).toBe(order.totals.grandTotal.minorUnits);

    const after = (await invoicesOf(order.reference)).invoices[0];
    expect(after.emailSentAt).toBe(app.clock.now().toISOString());
    // A later run sends nothing again.
    await runJobs();
    expect(smtp.received).toHaveLength(1);
  });
});

describe('generateInvoice', () => {
  it('issues one invoice per order: a second attempt is refused and creates nothing', async () => {
    const order = await confirmed('DE--I2');
    const first = (await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken())).data!
      .generateInvoice;
    expect(first.__typename).toBe('Invoice');
    const again = await Promise.all(
      Array.from({ length: 5 }, () => app.gql(GENERATE, { r: order.reference }, app.backOfficeToken())),
    );
    for (const result of again) {
      expect(result.data!.generateInvoice).toMatchObject({ errorCode: 'INVOICE_ALREADY_ISSUED' });
    }
    // The window closing later does not issue another either.
    app.clock.advance(31 * 60_000);
    await app.app.services.timeoutWorker.fireDue();
    expect((await invoicesOf(order.reference)).invoices.map((i: any) => i.reference)).toEqual([
      first.reference,
    ]);
    await expectStructuredTwin(app, first.reference);
  });

  it('shows the new invoice to a later field of the same request that had read the invoices before', async () => {
    const order = await confirmed('DE--I4');
    const both = await app.gql(
      `mutation($r: String!) {
        first: setCustomOrderReference(orderReference: $r, customReference: "PO-I4") {
          ... on Order { invoices { reference } } }
        issued: generateInvoice(orderReference: $r) { ... on Invoice { reference order { invoices { reference } } } }
      }`,
      { r: order.reference },
      app.backOfficeToken(),
    );
    expect(both.errors).toBeUndefined();
    expect(both.data!.first.invoices).toEqual([]);
    const issued = both.data!.issued;
    expect(issued.order.invoices).toEqual([{ reference: issued.reference }]);
    await expectStructuredTwin(app, issued.reference);
  });

  it('is refused before the order is confirmed, and for customers', async () => {
    const order = await placeOrder(app, app.customerToken('DE--I3'));
    const early = (await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken())).data!
      .generateInvoice;
    expect(early).toMatchObject({ errorCode: 'INVOICE_NOT_POSSIBLE' });
    const asCustomer = await app.gql(GENERATE, { r: order.reference }, app.customerToken('DE--I3'));
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('numbers 50 invoicings at the same moment consecutively, without gaps or duplicates', async () => {
    const orders = [];
    for (let i = 0; i < 50; i++) orders.push(await confirmed(`DE--N${i}`));
    const results = await Promise.all(
      orders.map((o) => app.gql(GENERATE, { r: o.reference }, app.backOfficeToken())),
    );
    const numbers = results
      .map((r) => Number(r.data!.generateInvoice.reference.slice(-6)))
      .sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers[49] - numbers[0]).toBe(49);
    const [{ max }] = await app.dataSource.query(
      `SELECT max(substring(reference from 10)::int) AS max FROM sales_invoice WHERE kind = 'INVOICE'`,
    );
    expect(max).toBe(numbers[49]);
    // Each of the 50 has its structured twin (two at a time: rendering is CPU-bound).
    const references = results.map((r) => r.data!.generateInvoice.reference as string);
    for (let i = 0; i < references.length; i += 2) {
      await Promise.all(references.slice(i, i + 2).map((reference) => expectStructuredTwin(app, reference)));
    }
  });
});

describe('delivery', () => {
  it('survives an SMTP outage: refused, then accepted, delivered exactly once', async () => {
    await runJobs(); // what earlier tests left queued
    const order = await confirmed('DE--I4');
    const invoice = (await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken())).data!
      .generateInvoice;
    smtp.onData = () => ({ code: 451, message: 'try again later' });
    expect(await runJobs()).toMatchObject({ retried: 1 });
    expect((await runJobs()).claimed).toBe(0); // backing off, by PostgreSQL's clock
    smtp.onConnect = () => ({ code: 421, message: 'service not available' });
    smtp.onData = () => null;
    await makeRetriesDue(app.dataSource);
    expect(await runJobs()).toMatchObject({ retried: 1 });
    expect((await invoicesOf(order.reference)).invoices[0].emailSentAt).toBeNull();
    smtp.onConnect = () => null;
    await makeRetriesDue(app.dataSource);
    expect(await runJobs()).toMatchObject({ done: 1 });
    await makeRetriesDue(app.dataSource);
    await runJobs();
    expect(smtp.received.filter((m) => m.raw.toString().includes(invoice.reference))).toHaveLength(1);
    expect((await invoicesOf(order.reference)).invoices[0].emailSentAt).not.toBeNull();
    await expectStructuredTwin(app, invoice.reference);

    const resent = (await app.gql(RESEND, { r: invoice.reference }, app.backOfficeToken())).data!
      .resendInvoice;
    expect(resent.__typename).toBe('Invoice');
    await runJobs();
    const sent = smtp.received.filter((m) => m.raw.toString().includes(invoice.reference));
    expect(sent).toHaveLength(2);
    // The resend is the same message as far as any mail client can tell.
    const [first, second] = await Promise.all(sent.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(first).toMatch(new RegExp(`^<${invoice.reference}\\.[0-9a-f]{16}@`));
    expect(second).toBe(first);
  });
});

describe('PDF download', () => {
  it('serves the stored PDF to its customer, back office and a signed link; refuses everyone else', async () => {
    const order = await confirmed('DE--I5');
    const invoice = (await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken())).data!
      .generateInvoice;
    const base = app.url.replace(/\/graphql$/, '');
    const get = (path: string, token?: string) =>
      fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const path = `/invoices/${invoice.reference}.pdf`;

    const own = await get(path, app.customerToken('DE--I5'));
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await own.arrayBuffer());
    expect((await pdfText(pdf)).text).toContain(invoice.reference);
    const again = Buffer.from(await (await get(path, app.backOfficeToken())).arrayBuffer());
    expect(again.equals(pdf)).toBe(true); // stored once, served as stored

    expect((await get(path, app.customerToken('DE--I6'))).status).toBe(404);
    expect((await get(path)).status).toBe(401);

    const signed = new URL(invoice.pdfUrl);
    expect((await get(`${signed.pathname}${signed.search}`)).status).toBe(200);
    const tampered = `${signed.pathname}?expires=${Number(signed.searchParams.get('expires')) + 1}&signature=${signed.searchParams.get('signature')}`;
    expect((await get(tampered)).status).toBe(403);
    const otherDoc = `/invoices/INV-2026-999999.pdf${signed.search}`;
    expect((await get(otherDoc)).status).toBe(403);
    app.clock.advance(31 * 86_400_000);
    expect((await get(`${signed.pathname}${signed.search}`)).status).toBe(410);
  });
});

describe('credit notes', () => {
  it('keep invoice plus credit notes equal to what the customer owes, step by step', async () => {
    const order = await confirmed(
      'DE--I8',
      placeOrderInput([
        shipment([{ sku: 'TSHIRT-001', quantity: 1 }]),
        shipment(
          [
            { sku: 'COFFEE-004', quantity: 1 },
            { sku: 'BOOK-003', quantity: 1 },
          ],
          { method: 'express' },
        ),
        shipment([{ sku: 'MUG-002', quantity: 2 }], {
          method: 'standard',
          address: address({ city: 'Bonn' }),
        }),
      ]),
    );
    const [shirt, coffee, book, mug1, mug2] = order.items.map((i: any) => i.id);
    const settled = async () => {
      const { totals, invoices } = await invoicesOf(order.reference);
      const documents = invoices.reduce((sum: number, i: any) => sum + i.grandTotal.minorUnits, 0);
      return { owed: totals.grandTotal.minorUnits, documents, count: invoices.length };
    };
    // Cancelled before the invoice: never invoiced, never credited (its shipping neither).
    await trigger(app, order.reference, 'cancel', { itemIds: [shirt] });
    await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken());
    let state = await settled();
    expect(state.documents).toBe(state.owed);

    await trigger(app, order.reference, 'cancel', { itemIds: [coffee] });
    state = await settled();
    expect(state).toMatchObject({ count: 2, documents: state.owed });

    // After invoicing, a mug moves into the express shipment; the Bonn shipment empties and hands on its charge.
    const express = order.shipments[1].id;
    const MOVE = `mutation($s: ID!, $i: [ID!]!) { moveItemsToShipment(shipmentId: $s, itemIds: $i) { __typename } }`;
    await app.gql(MOVE, { s: express, i: [mug1, mug2] }, app.backOfficeToken());
    expect((await settled()).owed).toBe(state.owed);

    await trigger(app, order.reference, 'cancel', { itemIds: [book, mug1] });
    state = await settled();
    expect(state).toMatchObject({ count: 3, documents: state.owed });
    await trigger(app, order.reference, 'cancel', { itemIds: [mug2] });
    state = await settled();
    expect(state).toMatchObject({ count: 4, owed: 0, documents: 0 });
    // Each document has its twin, and the twins net to zero as the documents do.
    const twins = [];
    for (const document of (await invoicesOf(order.reference)).invoices) {
      twins.push(await expectStructuredTwin(app, document.reference));
    }
    expect(twins.map((t) => t.typeCode)).toEqual(['380', '381', '381', '381']);
    expect(twins.reduce((sum, t) => sum + (t.typeCode === '381' ? -t.grandTotal : t.grandTotal), 0)).toBe(0);
  });

  it('nets to exactly what back office cancelled after invoicing, and points at the invoice', async () => {
    const order = await confirmed(
      'DE--I7',
      placeOrderInput([
        shipment([{ sku: 'TSHIRT-001', quantity: 2 }]),
        shipment([{ sku: 'COFFEE-004', quantity: 1 }], { method: 'express' }),
      ]),
    );
    const invoice = (await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken())).data!
      .generateInvoice;
    const before = await invoicesOf(order.reference);
    const [shirt1, , coffee] = order.items.map((i: any) => i.id);
    await trigger(app, order.reference, 'cancel', { itemIds: [shirt1, coffee] });
    const after = await invoicesOf(order.reference);

    const cancelledNow = after.totals.canceledTotal.minorUnits - before.totals.canceledTotal.minorUnits;
    expect(cancelledNow).toBe(1999 + 1799 + 1290); // a T-shirt, the coffee, and the express shipping it emptied
    const [, creditNote] = after.invoices;
    expect(creditNote).toMatchObject({ kind: 'CREDIT_NOTE', corrects: { reference: invoice.reference } });
    expect(creditNote.reference).toMatch(/^CN-2026-\d{6}$/);
    expect(creditNote.grandTotal.minorUnits).toBe(-cancelledNow);
    expect(invoice.grandTotal.minorUnits + creditNote.grandTotal.minorUnits).toBe(
      after.totals.grandTotal.minorUnits,
    );

    await runJobs();
    const mail = smtp.received.find((m) => m.raw.toString().includes(creditNote.reference));
    const parsed = await simpleParser(mail!.raw);
    const { text } = await pdfText(parsed.attachments[0].content);
    expect(text).toContain(invoice.reference);
    expect(text).toContain('-50,88 €');
    await expectStructuredTwin(app, invoice.reference);
    const twin = await expectStructuredTwin(app, creditNote.reference);
    expect(twin).toMatchObject({ typeCode: '381', grandTotal: cancelledNow });
    expect(
      twin.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.InvoiceReferencedDocument,
    ).toMatchObject({
      IssuerAssignedID: invoice.reference,
    });
  });
});
