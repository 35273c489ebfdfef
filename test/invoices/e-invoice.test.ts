import { PDFDocument } from '@cantoo/pdf-lib';
import { simpleParser } from 'mailparser';
import { expectStructuredTwin, cents } from '../support/e-invoice-assertions';
import { address, placeOrder, placeOrderInput, shipment, PLACE_ORDER } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';
import { formatMoney } from '../../src/invoices/invoice-template-helpers';
import { sampleInvoiceSnapshot } from '../support/sample-invoice-snapshot';
import { pdfText } from './pdf-text';
import { SmtpTestServer, startSmtpTestServer } from './smtp-test-server';

let app: TestApp;
let smtp: SmtpTestServer;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  app = await startTestApp({ SMTP_URL: smtp.url, INVOICE_MAIL_ATTACH_XML: 'true' });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const INVOICES = `query($r: String!) { order(reference: $r) { buyerReference totals { grandTotal { minorUnits } refundTotal { minorUnits } }
  invoices { reference kind pdfUrl xmlUrl grandTotal { minorUnits } } } }`;
const runJobs = () => app.app.services.jobWorker.runDueJobs(100);
const invoicesOf = async (reference: string) =>
  (await app.gql(INVOICES, { r: reference }, app.backOfficeToken())).data!.order;

/** Placed, paid, and invoiced when the cancellation window closes (the default process). */
async function invoicedOrder(customer: string, input: Record<string, unknown>) {
  const order = await placeOrder(
    app,
    app.customerToken(customer, `${customer.toLowerCase()}@example.com`),
    input as any,
  );
  await trigger(app, order.reference, 'pay');
  app.clock.advance(31 * 60_000);
  await app.app.services.timeoutWorker.fireDue();
  await runJobs();
  return order;
}

const day = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(date)
    .replaceAll('-', '');

describe('a split-delivery order with two tax rates and a non-splittable line', () => {
  it('has an EN 16931 invoice and, after a refund, a credit note (381, BT-25) that add up to the cent', async () => {
    const order = await invoicedOrder(
      'DE--E1',
      placeOrderInput(
        [
          shipment([
            { sku: 'TSHIRT-001', quantity: 3 },
            { sku: 'BOOK-003', quantity: 1 },
          ]),
          shipment([{ sku: 'PALLET-005', quantity: 2 }], {
            method: 'freight',
            address: address({ city: 'Kiel' }),
          }),
        ],
        {
          customReference: 'PO-2026-4711',
          billingAddress: address({ company: 'Schmidt & Söhne KG', vatId: 'DE 987 654 321' }),
        },
      ),
    );
    const pallet = order.items.find((i: any) => i.sku === 'PALLET-005');
    expect(pallet).toMatchObject({ quantity: 2, isQuantitySplittable: false });
    const issuedAt = app.clock.now();

    const [invoice] = (await invoicesOf(order.reference)).invoices;
    const twin = await expectStructuredTwin(app, invoice.reference);
    // The order's own figures, to the cent: total, VAT, and net (total less VAT).
    expect(twin.grandTotal).toBe(order.totals.grandTotal.minorUnits);
    const summation =
      twin.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement
        .SpecifiedTradeSettlementHeaderMonetarySummation;
    expect(cents(summation.TaxTotalAmount)).toBe(order.totals.taxTotal.minorUnits);
    expect(cents(summation.TaxBasisTotalAmount)).toBe(
      order.totals.grandTotal.minorUnits - order.totals.taxTotal.minorUnits,
    );
    expect(twin.specification).toBe('urn:cen.eu:en16931:2017');
    expect(twin.embeddedName).toBe('factur-x.xml');
    const transaction = twin.cii.SupplyChainTradeTransaction;
    const agreement = transaction.ApplicableHeaderTradeAgreement;
    const settlement = transaction.ApplicableHeaderTradeSettlement;
    // BT-13: the customer's own reference; BT-14: the order.
    expect(
      agreement.BuyerOrderReferencedDocument.IssuerAssignedReferenceID ??
        agreement.BuyerOrderReferencedDocument.IssuerAssignedID,
    ).toBe('PO-2026-4711');
    expect(agreement.SellerOrderReferencedDocument.IssuerAssignedID).toBe(order.reference);
    expect(agreement.SellerTradeParty.SpecifiedTaxRegistration.map((r: any) => r.ID['#text'])).toEqual([
      'DE123456789',
      '30/123/45678',
    ]);
    expect(agreement.SellerTradeParty.PostalTradeAddress).toMatchObject({
      PostcodeCode: '10115',
      LineOne: 'Julie-Wolfthorn-Straße 1',
      CityName: 'Berlin',
      CountryID: 'DE',
    });
    expect(agreement.BuyerTradeParty.Name).toBe('Schmidt & Söhne KG');
    expect(agreement.BuyerTradeParty.SpecifiedTaxRegistration.ID['#text']).toBe('DE987654321');
    // Nothing had shipped: the date of supply is the invoice date, and the document says so.
    expect(
      transaction.ApplicableHeaderTradeDelivery.ActualDeliverySupplyChainEvent.OccurrenceDateTime
        .DateTimeString['#text'],
    ).toBe(day(issuedAt));
    expect(JSON.stringify(twin.cii.ExchangedDocument.IncludedNote)).toContain(
      'Date of supply: the invoice date',
    );
    // Two rates, net and VAT per rate, and the lines: quantity, unit, net.
    const taxes = settlement.ApplicableTradeTax.map((t: any) => ({
      rate: t.RateApplicablePercent,
      net: cents(t.BasisAmount),
      vat: cents(t.CalculatedAmount),
    }));
    // 19 %: 3 × 19.99 + 2 × 349.00 + standard 4.90 + freight 89.00; 7 %: the book.
    const gross19 = 3 * 1999 + 2 * 34900 + 490 + 8900;
    expect(taxes).toEqual([
      { rate: '19', net: gross19 - taxes[0].vat, vat: taxes[0].vat },
      { rate: '7', net: 2490 - 163, vat: 163 },
    ]);
    const lines = transaction.IncludedSupplyChainTradeLineItem.map((l: any) => ({
      name: l.SpecifiedTradeProduct.Name,
      quantity: l.SpecifiedLineTradeDelivery.BilledQuantity['#text'],
      unit: l.SpecifiedLineTradeDelivery.BilledQuantity['@unitCode'],
      net: cents(
        l.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount,
      ),
    }));
    expect(lines).toContainEqual({
      name: 'Pallet of 500 sparkling water cans',
      quantity: '2',
      unit: 'H87',
      net: 69800 - 11145,
    });
    expect(lines.filter((l: any) => l.name.startsWith('Shipping'))).toHaveLength(2);
    // Payment: SEPA credit transfer to the seller's IBAN, due 14 days after the invoice date.
    expect(settlement.SpecifiedTradeSettlementPaymentMeans).toMatchObject({
      TypeCode: '58',
      PayeePartyCreditorFinancialAccount: { IBANID: 'DE02120300000000202051' },
    });
    expect(settlement.SpecifiedTradePaymentTerms.DueDateDateTime.DateTimeString['#text']).toBe(
      day(new Date(issuedAt.getTime() + 14 * 86_400_000)),
    );

    // The PDF states the same figures (the hybrid one, as mailed), and the mail carries the XML as well.
    const mail = await simpleParser(
      smtp.received.find((m) => m.raw.toString().includes(invoice.reference))!.raw,
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${invoice.reference}.pdf`, 'application/pdf'],
      [`${invoice.reference}.xml`, 'application/xml'],
    ]);
    expect(mail.attachments[1].content.toString('utf8')).toBe(twin.xml);
    const { text } = await pdfText(mail.attachments[0].content);
    // Every figure of the XML, as the PDF prints it (de-DE): VAT per rate, net per rate, due, total.
    const eur = (minor: number) => formatMoney(minor, 'EUR', 'de-DE').replace(/\s/g, ' ');
    for (const t of taxes) {
      expect(text).toContain(eur(t.vat));
      expect(text).toContain(`Nettobetrag zu ${t.rate} %${eur(t.net)}`);
    }
    expect(text).toContain(eur(twin.grandTotal));
    // What §14 UStG asks beyond the old PDF: date of supply (stated as the invoice date), due date and terms,
    // the seller's tax number and bank details, the buyer's VAT ID.
    const longDay = (d: Date) =>
      new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(d);
    for (const expected of [
      'Leistungsdatum',
      `${longDay(issuedAt)} (entspricht dem Rechnungsdatum)`,
      `Fällig am${longDay(new Date(issuedAt.getTime() + 14 * 86_400_000))}`,
      'Zahlbar innerhalb von 14 Tagen',
      'Steuernummer 30/123/45678',
      'Ihre USt-IdNr. DE987654321',
      'IBAN DE02 1203 0000 0000 2020 51',
      'BIC BYLADEM1001',
    ]) {
      expect(text).toContain(expected);
    }

    // Shipped in two parts on two days, delivered, then the pallet is refunded: a credit note with supply dates.
    const [first, second] = order.shipments;
    await trigger(app, order.reference, 'ship', { shipmentId: first.id });
    const firstShipped = app.clock.now();
    app.clock.advance(86_400_000);
    await trigger(app, order.reference, 'ship', { shipmentId: second.id });
    const secondShipped = app.clock.now();
    await trigger(app, order.reference, 'deliver', { itemIds: order.items.map((i: any) => i.id) });
    app.clock.advance(86_400_000);
    await trigger(app, order.reference, 'refund', { itemIds: [pallet.id] });
    await runJobs();

    const after = await invoicesOf(order.reference);
    const creditNote = after.invoices.find((i: any) => i.kind === 'CREDIT_NOTE');
    const note = await expectStructuredTwin(app, creditNote.reference);
    expect(note.typeCode).toBe('381');
    expect(note.grandTotal).toBe(-creditNote.grandTotal.minorUnits); // EN 16931: positive amounts in a 381
    expect(note.grandTotal).toBe(69800 + 8900); // the pallet, and the freight refunded with its shipment's last item
    const noteSettlement = note.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement;
    expect(noteSettlement.InvoiceReferencedDocument.IssuerAssignedID).toBe(invoice.reference); // BT-25
    expect(noteSettlement.InvoiceReferencedDocument.FormattedIssueDateTime.DateTimeString['#text']).toBe(
      day(issuedAt),
    );
    expect(
      note.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeDelivery.ActualDeliverySupplyChainEvent
        .OccurrenceDateTime.DateTimeString['#text'],
    ).toBe(day(secondShipped));
    expect(note.ubl).toMatchObject({
      BillingReference: { InvoiceDocumentReference: { ID: invoice.reference } },
    });
    expect(firstShipped.getTime()).toBeLessThan(secondShipped.getTime());
    // The credit note's PDF dates the supply by the pallet's shipment, not by its own date.
    const notePdf = await fetch(`${app.url.replace(/\/graphql$/, '')}/invoices/${creditNote.reference}.pdf`, {
      headers: { authorization: `Bearer ${app.backOfficeToken()}` },
    });
    const noteText = (await pdfText(Buffer.from(await notePdf.arrayBuffer()))).text;
    expect(noteText).toMatch(new RegExp(`Leistungsdatum\\s*${longDay(secondShipped)}`));
    expect(noteText).not.toContain('entspricht');
    // Invoice less credit note is what the customer owes now: the order's total less its refunds.
    expect(twin.grandTotal - note.grandTotal).toBe(
      after.totals.grandTotal.minorUnits - after.totals.refundTotal.minorUnits,
    );
  });
});

describe('XRechnung', () => {
  it('is the profile when the order carries a buyer reference (Leitweg-ID), in CII, UBL and the PDF', async () => {
    const order = await invoicedOrder(
      'DE--E2',
      placeOrderInput([shipment([{ sku: 'COFFEE-004', quantity: 2 }])], { buyerReference: '991-01234-56' }),
    );
    const { buyerReference, invoices } = await invoicesOf(order.reference);
    expect(buyerReference).toBe('991-01234-56');
    const twin = await expectStructuredTwin(app, invoices[0].reference);
    expect(twin.specification).toBe('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0');
    expect(twin.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference).toBe(
      '991-01234-56',
    );
    expect(twin.embeddedName).toBe('xrechnung.xml');
    expect(twin.ubl.CustomizationID).toBe(twin.specification);
    expect(twin.ubl.BuyerReference).toBe('991-01234-56');
    // XRechnung's own musts (BR-DE-2, -6, -7, BT-34, BT-49): seller contact with phone and e-mail, both endpoints.
    const seller = twin.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.SellerTradeParty;
    expect(seller.DefinedTradeContact.TelephoneUniversalCommunication.CompleteNumber).toBe('+49 30 1234567');
    expect(seller.URIUniversalCommunication.URIID['#text']).toBe('invoices@shop.example');
    expect(twin.ubl.AccountingCustomerParty.Party.EndpointID['#text']).toBe('de--e2@example.com');
    const pdf = await fetch(`${app.url.replace(/\/graphql$/, '')}/invoices/${invoices[0].reference}.pdf`, {
      headers: { authorization: `Bearer ${app.backOfficeToken()}` },
    });
    expect((await pdfText(Buffer.from(await pdf.arrayBuffer()))).text).toContain(
      'Käuferreferenz991-01234-56',
    );
  });

  it('refuses a buyer reference or a VAT ID that cannot be one', async () => {
    const token = app.customerToken('DE--E3');
    for (const [overrides, field] of [
      [{ buyerReference: '991<script>' }, 'buyerReference'],
      [{ buyerReference: 'x'.repeat(101) }, 'buyerReference'],
      [{ billingAddress: address({ vatId: 'DE12345' }) }, 'vatId'],
      [{ billingAddress: address({ vatId: 'not a vat id' }) }, 'vatId'],
    ] as const) {
      const result = await app.gql(PLACE_ORDER, { input: placeOrderInput(undefined, overrides) }, token);
      expect(JSON.stringify(result)).toContain(field);
      expect(result.data?.placeOrder?.__typename).not.toBe('Order');
    }
  });
});

describe('GET /invoices/{reference}.xml', () => {
  it('follows the PDF link rules: its customer, back office and a signed link; nobody else', async () => {
    const order = await invoicedOrder('DE--E4', placeOrderInput());
    const [invoice] = (await invoicesOf(order.reference)).invoices;
    const base = app.url.replace(/\/graphql$/, '');
    const get = (path: string, token?: string) =>
      fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const path = `/invoices/${invoice.reference}.xml`;

    const own = await get(path, app.customerToken('DE--E4'));
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await own.text();
    expect(xml).toContain(`<ram:ID>${invoice.reference}</ram:ID>`);
    expect(await (await get(path, app.backOfficeToken())).text()).toBe(xml); // the same bytes every time

    expect((await get(path, app.customerToken('DE--E5'))).status).toBe(404);
    expect((await get(path)).status).toBe(401);
    expect((await get(`${path}?syntax=pdf`, app.backOfficeToken())).status).toBe(400);
    expect((await get(`/invoices/INV-2026-999999.xml`, app.backOfficeToken())).status).toBe(404);

    const signed = new URL(invoice.xmlUrl);
    expect(signed.pathname).toBe(path);
    const viaLink = await get(`${signed.pathname}${signed.search}`);
    expect(viaLink.status).toBe(200);
    expect(await viaLink.text()).toBe(xml);
    const ubl = await get(`${signed.pathname}${signed.search}&syntax=ubl`);
    expect(await ubl.text()).toMatch(
      /<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/,
    );
    const tampered = `${signed.pathname}?expires=${Number(signed.searchParams.get('expires')) + 1}&signature=${signed.searchParams.get('signature')}`;
    expect((await get(tampered)).status).toBe(403);
    expect((await get(`/invoices/INV-2026-999999.xml${signed.search}`)).status).toBe(403);
    expect(cents('12.3')).toBe(1230);
  });
});

describe('a document stored before e-invoices (snapshot version 1)', () => {
  it('still renders as the plain PDF it was, gets its CII, and is refused the UBL its data do not allow', async () => {
    const order = await placeOrder(app, app.customerToken('DE--E6'));
    const snapshot = sampleInvoiceSnapshot({ lineCount: 3, reference: 'INV-2025-000042' });
    await app.dataSource.query(
      `INSERT INTO sales_invoice (order_id, kind, reference, issue_date, currency_code, grand_total, snapshot, created_at)
       VALUES ((SELECT id FROM sales_order WHERE reference = $1), 'INVOICE', $2, $3, 'EUR', $4, $5, $3)`,
      [
        order.reference,
        snapshot.reference,
        snapshot.issueDate,
        snapshot.totals.grandTotal,
        JSON.stringify(snapshot),
      ],
    );
    const base = app.url.replace(/\/graphql$/, '');
    const get = (path: string) =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${app.backOfficeToken()}` } });

    const pdfResponse = await get(`/invoices/${snapshot.reference}.pdf`);
    expect(pdfResponse.status).toBe(200);
    const pdf = Buffer.from(await pdfResponse.arrayBuffer());
    expect((await PDFDocument.load(pdf)).getAttachments()).toEqual([]); // not made hybrid: rendered as before
    const { text } = await pdfText(pdf);
    expect(text).toContain(snapshot.reference);
    expect(text).not.toContain('Leistungsdatum');

    const cii = await get(`/invoices/${snapshot.reference}.xml`);
    expect(cii.status).toBe(200);
    expect(await cii.text()).toContain(`<ram:ID>${snapshot.reference}</ram:ID>`);
    const ubl = await get(`/invoices/${snapshot.reference}.xml?syntax=ubl`);
    expect(ubl.status).toBe(422);
    expect(((await ubl.json()) as { error: string }).error).toMatch(/do not allow this XML form/);
  });
});
