import type { Logger } from '../../src/common/logger';
import { makeRetriesDue } from '../jobs/job-database';
import { SmtpTestServer, startSmtpTestServer } from '../invoices/smtp-test-server';
import { placeOrder } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

const CUSTOMER_EMAIL = 'private.person@example.com';
const lines: string[] = [];
const capture: Logger = (() => {
  const emit = (message: string, detail?: unknown) =>
    lines.push(
      `${message} ${JSON.stringify(detail instanceof Error ? { message: detail.message, stack: detail.stack } : detail)}`,
    );
  return { debug: emit, info: emit, warn: emit, error: emit };
})();

let smtp: SmtpTestServer;
let app: TestApp;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
  app = await startTestApp({ SMTP_URL: smtp.url, INVOICE_BCC: 'archive@shop.example' }, { logger: capture });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

describe('the server’s logs', () => {
  it('name no e-mail address and no token, even when a mail server refuses the customer by address', async () => {
    const token = app.customerToken('DE--PRIVATE', CUSTOMER_EMAIL);
    const order = await placeOrder(app, token);
    await trigger(app, order.reference, 'pay');
    smtp.onRcptTo = (address) =>
      address === CUSTOMER_EMAIL ? { code: 550, message: `No such user ${address}` } : null;
    const generated = await app.gql(
      `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename } }`,
      { r: order.reference },
      app.backOfficeToken(),
    );
    expect(generated.data!.generateInvoice.__typename).toBe('Invoice');
    await app.app.services.jobWorker.runDueJobs(10); // refused by the SMTP server: logged as a failed attempt
    smtp.onRcptTo = () => null;
    // The order confirmation (src/mails/) was refused too: two jobs to retry, both logged with the address masked.
    expect(await makeRetriesDue(app.dataSource)).toBe(2); // pg-boss keeps its own (database) time
    await app.app.services.jobWorker.runDueJobs(10); // delivered

    expect(smtp.received.map((m) => m.rcptTo)).toContainEqual([CUSTOMER_EMAIL, 'archive@shop.example']);
    const log = lines.join('\n');
    expect(log).toMatch(/failed; pg-boss retries it/); // the refusal was logged …
    expect(log).toContain('***@example.com'); // … with the address masked
    expect(log).not.toMatch(/private\.person@|archive@shop/);
    expect(log).not.toContain(token);
  });
});
