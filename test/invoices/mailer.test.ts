import { testEnv } from '../support/test-env';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config';
import { InvoiceTemplates } from '../../src/invoices/invoice-templates';
import { Mailer, MailRejectedError } from '../../src/invoices/mailer';
import { PdfRenderer } from '../../src/invoices/pdf-renderer';
import { sampleInvoiceSnapshot } from '../support/sample-invoice-snapshot';
import { JobQueue } from '../../src/jobs/job-queue';
import { INVOICE_DELIVERY_QUEUE } from '../../src/jobs/job-settings';
import { JobWorker } from '../../src/jobs/job-worker';
import { createJobDatabase, makeRetriesDue, recordingLogger } from '../jobs/job-database';
import { pdfText } from './pdf-text';
import { SmtpTestServer, startSmtpTestServer } from './smtp-test-server';

const BCC = ['accounting@shop.example', 'archive@shop.example'];
const CUSTOMER = 'anna@example.com';

let smtp: SmtpTestServer;
let templates: InvoiceTemplates;
let pdf: Buffer;
const snapshot = sampleInvoiceSnapshot();
const tempDirs: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  templates = await InvoiceTemplates.load();
  const renderer = new PdfRenderer({ poolSize: 1 });
  pdf = await renderer.render(templates.renderInvoiceHtml(snapshot));
  await renderer.close();
});
afterAll(async () => {
  await smtp.close();
  tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.onConnect = () => null;
  smtp.onData = () => null;
  smtp.onRcptTo = () => null;
});

const tempDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-mail-'));
  tempDirs.push(dir);
  return dir;
};

/** A mailer built from configuration exactly as the server builds it. */
const mailerFor = (env: Record<string, string>) =>
  Mailer.fromConfig(
    loadConfig({
      ...testEnv(),
      INVOICE_BCC: BCC.join(','),
      MAIL_FROM: 'Example Shop <orders@shop.example>',
      ...env,
    }),
    templates,
  );

describe('Mailer over SMTP', () => {
  it('delivers the invoice PDF to the customer, with the BCC addresses in the envelope and in no header', async () => {
    const mailer = mailerFor({ SMTP_URL: smtp.url });
    const receipt = await mailer.sendInvoice({ to: CUSTOMER, snapshot, pdf });
    mailer.close();

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message.mailFrom).toBe('orders@shop.example');
    expect(message.rcptTo).toEqual([CUSTOMER, ...BCC]);
    expect(receipt).toMatchObject({ accepted: [CUSTOMER, ...BCC], rejected: [], outboxFile: null });
    expect(receipt.response).toMatch(/^250/);

    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe('Rechnung INV-2026-000001 zu Ihrer Bestellung DE--1042');
    expect(parsed.to).toMatchObject({ value: [{ address: CUSTOMER }] });
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.bcc).toBeUndefined();
    for (const address of BCC) expect(message.raw.toString('latin1')).not.toContain(address);
    expect(parsed.text).toContain('Anbei erhalten Sie die Rechnung INV-2026-000001.');
    expect(parsed.html).toContain('INV-2026-000001');

    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment.contentType).toBe('application/pdf');
    expect(attachment.filename).toBe('INV-2026-000001.pdf');
    expect(attachment.content.equals(pdf)).toBe(true);
    const { text } = await pdfText(attachment.content);
    for (const expected of [
      'INV-2026-000001',
      'DE--1042',
      'PO-4711/ERP',
      'Hauptstraße 1',
      'Gesamtbetrag884,18 €',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('gives every send of one document the same Message-ID, derived from it, at the MAIL_FROM domain', async () => {
    const mailer = mailerFor({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://orders.example.com' });
    await mailer.sendInvoice({ to: CUSTOMER, snapshot, pdf });
    await mailer.sendInvoice({ to: CUSTOMER, snapshot, pdf });
    const other = { ...snapshot, reference: 'INV-2026-000002' };
    await mailer.sendInvoice({ to: CUSTOMER, snapshot: other, pdf });
    mailer.close();
    const ids = await Promise.all(smtp.received.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(ids[0]).toMatch(/^<INV-2026-000001\.[0-9a-f]{16}@shop\.example>$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toMatch(/^<INV-2026-000002\.[0-9a-f]{16}@shop\.example>$/);
    expect(ids[2]!.split('.')[1]).not.toBe(ids[0]!.split('.')[1]);

    const { messageIdDomain } = await import('../../src/invoices/message-id');
    expect(messageIdDomain('orders', 'https://orders.example.com/x')).toBe('orders.example.com');
  });

  it('fails when the server refuses the customer, even if it took the shop copies', async () => {
    smtp.onRcptTo = (address) => (address === CUSTOMER ? { code: 550, message: 'No such user' } : null);
    const mailer = mailerFor({ SMTP_URL: smtp.url });
    await expect(mailer.sendInvoice({ to: CUSTOMER, snapshot, pdf })).rejects.toBeInstanceOf(
      MailRejectedError,
    );
    mailer.close();
  });

  it('delivers exactly once through the job queue while the server first refuses, then accepts', async () => {
    const db = await createJobDatabase();
    try {
      const dataSource = await db.open();
      const mailer = mailerFor({ SMTP_URL: smtp.url });
      const queue = new JobQueue(dataSource, recordingLogger());
      const worker = new JobWorker(queue, recordingLogger()).register<{ reference: string }>(
        INVOICE_DELIVERY_QUEUE,
        async () => void (await mailer.sendInvoice({ to: CUSTOMER, snapshot, pdf })),
      );
      await dataSource.transaction((m) =>
        queue.enqueue(m, INVOICE_DELIVERY_QUEUE, { reference: snapshot.reference }),
      );

      // Attempt 1: the server turns the connection away. Attempt 2: it takes the message but refuses it at DATA.
      let connections = 0;
      smtp.onConnect = () => (++connections === 1 ? { code: 421, message: 'Service not available' } : null);
      let dataCommands = 0;
      smtp.onData = () => (++dataCommands === 1 ? { code: 451, message: 'Try again later' } : null);

      expect(await worker.runDueJobs()).toMatchObject({ claimed: 1, retried: 1 });
      expect((await worker.runDueJobs()).claimed).toBe(0); // backing off
      await makeRetriesDue(dataSource);
      expect(await worker.runDueJobs()).toMatchObject({ claimed: 1, retried: 1 });
      expect(smtp.received).toHaveLength(0);
      expect((await worker.runDueJobs()).claimed).toBe(0);
      await makeRetriesDue(dataSource);
      expect(await worker.runDueJobs()).toMatchObject({ claimed: 1, done: 1 });
      await makeRetriesDue(dataSource);
      expect((await worker.runDueJobs()).claimed).toBe(0);
      mailer.close();

      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].rcptTo).toEqual([CUSTOMER, ...BCC]);
    } finally {
      await db.close();
    }
  });
});

describe('Mailer without SMTP_URL', () => {
  it('writes the message as an .eml file into DATA_DIR/outbox, creating the folder', async () => {
    const dataDir = tempDataDir();
    const mailer = mailerFor({ DATA_DIR: dataDir });
    expect(mailer.mode).toBe('outbox');
    const receipt = await mailer.sendInvoice({ to: CUSTOMER, snapshot, pdf });

    const outbox = path.join(dataDir, 'outbox');
    expect(fs.readdirSync(outbox)).toEqual([path.basename(receipt.outboxFile!)]);
    expect(receipt.outboxFile).toMatch(/INV-2026-000001-[0-9a-f]{8}\.eml$/);
    const parsed = await simpleParser(fs.readFileSync(receipt.outboxFile!));
    expect(parsed.subject).toBe('Rechnung INV-2026-000001 zu Ihrer Bestellung DE--1042');
    expect(parsed.to).toMatchObject({ value: [{ address: CUSTOMER }] });
    // A pickup file has no envelope: the hidden copies are kept as a Bcc header for the agent that delivers it.
    expect(parsed.bcc).toMatchObject({ value: BCC.map((address) => ({ address })) });
    expect(parsed.attachments[0].contentType).toBe('application/pdf');
    expect(parsed.attachments[0].content.equals(pdf)).toBe(true);
    expect(smtp.received).toHaveLength(0);
  });
});
