import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParsedMail, simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config';
import { OrderMailRepository } from '../../src/mails/order-mail.repository';
import { OrderMailTemplates } from '../../src/mails/order-mail-templates';
import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { CANCEL, trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';
import { makeRetriesDue } from '../jobs/job-database';
import { SmtpTestServer, startSmtpTestServer } from '../invoices/smtp-test-server';

let app: TestApp;
let smtp: SmtpTestServer;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  app = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://shop.example' });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});
beforeEach(async () => {
  await runJobs();
  smtp.received.length = 0;
  smtp.onConnect = () => null;
  smtp.onData = () => null;
});

const runJobs = async () => {
  let total = { claimed: 0, done: 0, retried: 0, failed: 0 };
  for (;;) {
    const round = await app.app.services.jobWorker.runDueJobs(100);
    total = {
      claimed: total.claimed + round.claimed,
      done: total.done + round.done,
      retried: total.retried + round.retried,
      failed: total.failed + round.failed,
    };
    if (round.claimed === 0) return total;
  }
};

/** Messages the SMTP server accepted for this order, parsed, in order of arrival. */
async function mailsOf(reference: string): Promise<ParsedMail[]> {
  const raw = smtp.received.filter((m) => m.raw.toString().includes(reference));
  return Promise.all(raw.map((m) => simpleParser(m.raw)));
}

const recipient = (mail: ParsedMail) => (mail.to as { text: string }).text;
/** Intl puts a no-break space between amount and currency sign in de-DE. */
const eur = (text: string) => text.replace(/ €/g, '\u00a0€');

function twoShipmentInput() {
  return placeOrderInput([
    shipment([{ sku: 'TSHIRT-001', quantity: 2 }], { method: 'standard' }),
    shipment([{ sku: 'MUG-002', quantity: 1 }], { method: 'express', address: address({ city: 'Hamburg' }) }),
  ]);
}

describe('order confirmation', () => {
  it('is mailed once to the customer: reference in the subject, HTML and text parts, amounts in the shop format', async () => {
    const order = await placeOrder(app, app.customerToken('DE--E1', 'erika@example.com'));
    expect(await runJobs()).toMatchObject({ done: 1 });
    const [mail, ...more] = await mailsOf(order.reference);
    expect(more).toHaveLength(0);
    expect(recipient(mail)).toBe('erika@example.com');
    expect(mail.subject).toBe(`Ihre Bestellung ${order.reference} bei Example Shop GmbH`);
    expect(mail.html).toContain(`<strong>${order.reference}</strong>`);
    expect(mail.text).toContain(eur('1 × Organic cotton T-shirt (TSHIRT-001): 19,99 €'));
    expect(mail.text).toContain(eur('Gesamtbetrag: 24,89 €'));
    expect(mail.html).toContain(eur('24,89 €'));
    expect(mail.text).not.toContain('token=');
    expect(mail.attachments).toHaveLength(0);
  });

  it('carries a guest the link to their order, which opens it', async () => {
    const placed = await app.gql(
      `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { ... on Order { reference } } }`,
      { input: placeOrderInput(undefined, { email: 'gast@example.com' }) },
    );
    const reference = placed.data!.placeOrder.reference;
    await runJobs();
    const [mail] = await mailsOf(reference);
    expect(recipient(mail)).toBe('gast@example.com');
    const token = new RegExp(`https://shop\\.example/orders/${reference}\\?token=([A-Za-z0-9_-]{43})`).exec(
      mail.text!,
    )![1];
    const read = await app.gql(`query G($t: String!) { guestOrder(accessToken: $t) { reference } }`, {
      t: token,
    });
    expect(read.data!.guestOrder.reference).toBe(reference);
  });
});

describe('shipping notification', () => {
  it('goes out once per shipment as its items ship, with its method, address and items', async () => {
    const order = await placeOrder(app, app.customerToken('DE--E2'), twoShipmentInput());
    await trigger(app, order.reference, 'pay');
    await trigger(app, order.reference, 'close cancellation window');
    await runJobs();
    smtp.received.length = 0;

    const [first, second] = order.shipments;
    // One of the first shipment's two items, then the other: one e-mail for that shipment.
    const firstItems = order.items.filter((i: any) => i.shipment.id === first.id);
    await trigger(app, order.reference, 'ship', { itemIds: [firstItems[0].id] });
    await trigger(app, order.reference, 'ship', { itemIds: [firstItems[1].id] });
    await runJobs();
    let mails = await mailsOf(order.reference);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Ihre Bestellung ${order.reference} ist unterwegs`);
    expect(mails[0].text).toContain('Standard (DHL)');
    expect(mails[0].text).toContain('Hauptstraße 1, 10115 Berlin, Deutschland');
    expect(mails[0].text).toContain('2 × Organic cotton T-shirt (TSHIRT-001)');
    expect(mails[0].text).not.toContain('MUG-002');

    await trigger(app, order.reference, 'ship', { shipmentId: second.id });
    await runJobs();
    mails = await mailsOf(order.reference);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('Hamburg');
    expect(mails[1].text).toContain('1 × ');
    expect(mails[1].text).toContain('MUG-002');
    expect(mails[1].html).toContain('MUG-002');
  });
});

describe('cancellation confirmation', () => {
  it('names the cancelled items and the new totals, once per cancellation', async () => {
    const token = app.customerToken('DE--E3');
    const order = await placeOrder(app, token, twoShipmentInput());
    await runJobs();
    smtp.received.length = 0;
    const mug = order.items.find((i: any) => i.sku === 'MUG-002');
    await trigger(app, order.reference, 'cancel', { itemIds: [mug.id] });
    await runJobs();
    let mails = await mailsOf(order.reference);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Stornierung Ihrer Bestellung ${order.reference}`);
    expect(mails[0].text).toContain('MUG-002');
    expect(mails[0].text).not.toContain('TSHIRT-001');
    // 2 × 19.99 + 4.90 standard shipping remain.
    expect(mails[0].text).toContain(eur('Neuer Gesamtbetrag: 44,88 €'));

    // Back office cancels the rest (a customer may not, once part is cancelled): both T-shirt items, one e-mail.
    const cancelled = await app.gql(CANCEL, { reference: order.reference }, app.backOfficeToken());
    expect(cancelled.data!.cancelOrder.__typename).toBe('Order');
    await runJobs();
    mails = await mailsOf(order.reference);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('TSHIRT-001');
    expect(mails[1].text).toContain(eur('Neuer Gesamtbetrag: 0,00 €'));
  });
});

describe('exactly once', () => {
  it('survives an SMTP outage and a repeated job: one message, and a replay of the event records nothing new', async () => {
    smtp.onData = () => ({ code: 451, message: 'try again later' });
    const order = await placeOrder(app, app.customerToken('DE--E4'));
    expect(await runJobs()).toMatchObject({ retried: 1 });
    smtp.onData = () => null;
    await makeRetriesDue(app.dataSource);
    expect(await runJobs()).toMatchObject({ done: 1 });
    await makeRetriesDue(app.dataSource);
    await runJobs();
    expect(await mailsOf(order.reference)).toHaveLength(1);

    // The same job run again (an expired lease, a duplicate delivery) sends nothing.
    const repo = new OrderMailRepository(app.dataSource.manager);
    const [orderRow] = await app.dataSource.query(`SELECT id FROM sales_order WHERE reference = $1`, [
      order.reference,
    ]);
    const [mail] = await repo.ofOrder(Number(orderRow.id));
    expect(mail).toMatchObject({ kind: 'confirmation', eventKey: 'placed' });
    expect(mail.sentAt).not.toBeNull();
    await app.app.services.orderMailDelivery.deliver({ mailId: mail.id });
    await app.app.services.orderMails.enqueue(
      { ...systemContext(), manager: app.dataSource.manager },
      mail.orderId,
      'confirmation',
      'placed',
    );
    await runJobs();
    expect(await mailsOf(order.reference)).toHaveLength(1);
    expect(await repo.ofOrder(mail.orderId)).toHaveLength(1);
  });
});

function systemContext(): any {
  return { viewer: { kind: 'system', name: 'test' }, source: 'system', clock: app.clock, scoped: [] };
}

describe('templates', () => {
  it('are overridden one file at a time by MAIL_TEMPLATE_DIR, and INVOICE_TEMPLATE_DIR still names the folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-mail-templates-'));
    try {
      fs.writeFileSync(path.join(dir, 'order-shipped-email-subject.txt'), 'On its way: {{reference}}\n');
      expect(loadConfig({ ...testEnv(), MAIL_TEMPLATE_DIR: dir }).mailTemplateDir).toBe(dir);
      expect(loadConfig({ ...testEnv(), INVOICE_TEMPLATE_DIR: dir }).mailTemplateDir).toBe(dir);
      const templates = await OrderMailTemplates.load(dir);
      const view = {
        reference: 'DE--77',
        customReference: null,
        locale: 'de-DE',
        currencyCode: 'EUR',
        timeZone: 'Europe/Berlin',
        shopName: 'Shop',
        firstName: 'A',
        lastName: 'B',
        orderDate: '2026-11-27T10:00:00.000Z',
        guestLink: null,
        items: [],
        totals: { subtotal: 0, expenseTotal: 0, taxTotal: 0, grandTotal: 0, canceledTotal: 0 },
        shipments: [],
        shipment: {
          methodName: 'Standard',
          carrierName: 'DHL',
          deliveryTime: null,
          address: address({ salutation: null, company: null, address2: null, address3: null }) as any,
          items: [],
        },
        cancelledItems: [],
      };
      const shipped = templates.render('shipped', view);
      expect(shipped.subject).toBe('On its way: DE--77');
      expect(shipped.text).toContain('ein Teil Ihrer Bestellung DE--77 ist unterwegs'); // built-in text part
      expect(templates.render('confirmation', view).subject).toBe('Ihre Bestellung DE--77 bei Shop');
      await expect(OrderMailTemplates.load('/nonexistent/mail-templates')).rejects.toThrow(
        'MAIL_TEMPLATE_DIR "/nonexistent/mail-templates" is not a readable directory',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
