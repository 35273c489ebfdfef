import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { placeOrder } from '../support/factories';
import { expectStructuredTwin } from '../support/e-invoice-assertions';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';
import { pdfText } from './pdf-text';

let app: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-outbox-'));
  app = await startTestApp({ DATA_DIR: dataDir, INVOICE_BCC: 'archive@shop.example' });
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('without SMTP_URL', () => {
  it('writes the invoice e-mail with its PDF to DATA_DIR/outbox once the window has closed', async () => {
    const order = await placeOrder(app, app.customerToken('DE--O1', 'olga@example.com'));
    await trigger(app, order.reference, 'pay');
    app.clock.advance(30 * 60_000 + 1);
    await app.app.services.timeoutWorker.fireDue();
    await app.app.services.jobWorker.runDueJobs();

    // The order confirmation (src/mails/) lands beside it; this test is about the invoice's e-mail.
    const files = fs
      .readdirSync(path.join(dataDir, 'outbox'))
      .filter((f) => f.endsWith('.eml') && !f.includes('-confirmation-'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(fs.readFileSync(path.join(dataDir, 'outbox', files[0])));
    expect(mail.subject).toMatch(/INV-2026-\d{6}/);
    expect((mail.to as { text: string }).text).toBe('olga@example.com');
    expect((mail.bcc as { text: string }).text).toBe('archive@shop.example');
    expect((await pdfText(mail.attachments[0].content)).text).toContain(order.reference);
    await expectStructuredTwin(app, mail.subject!.match(/INV-2026-\d{6}/)![0]);
  });

  it('keeps an issued invoice immutable, down to the database', async () => {
    await expect(app.dataSource.query(`UPDATE sales_invoice SET snapshot = '{}'::jsonb`)).rejects.toThrow(
      /immutable/,
    );
    await expect(app.dataSource.query(`DELETE FROM sales_invoice`)).rejects.toThrow(/cannot be deleted/);
  });
});
