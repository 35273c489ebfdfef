import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { InvoiceTemplates } from '../../src/invoices/invoice-templates';
import { PdfRenderer } from '../../src/invoices/pdf-renderer';
import { sampleInvoiceSnapshot } from '../support/sample-invoice-snapshot';
import { placeOrder } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';
import { pdfText } from './pdf-text';

// A server standing in for whatever a hostile template would reach: an intranet page, the cloud metadata service.
let hits: string[] = [];
const target = http.createServer((req, res) => {
  hits.push(req.url ?? '');
  res.writeHead(200, { 'content-type': 'image/png' }).end();
});
let origin: string;
let renderer: PdfRenderer;
let secretFile: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  renderer = new PdfRenderer({ chromePath: loadConfig(testEnv()).chromePath, poolSize: 1 });
  secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'om-pdf-')), 'secret.css');
  fs.writeFileSync(secretFile, 'body::after { content: "LEAKED-FILE-CONTENT" }');
});
afterAll(async () => {
  await renderer.close();
  await new Promise((resolve) => target.close(resolve));
  fs.rmSync(path.dirname(secretFile), { recursive: true, force: true });
});
beforeEach(() => {
  hits = [];
});

describe('the PDF page fetches nothing', () => {
  it('blocks every URL a template names (images, styles, imports, frames, file://) and still renders', async () => {
    const blockedBefore = renderer.blockedRequestCount;
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${origin}/style.css">
      <link rel="stylesheet" href="file://${secretFile}">
      <style>@import url("${origin}/import.css"); body { background: url("${origin}/background.png"); }</style>
      </head><body>
      <h1>Invoice INV-2026-000001</h1>
      <img src="${origin}/pixel.png"> <img src="file:///etc/passwd">
      <iframe src="${origin}/frame.html"></iframe> <object data="${origin}/object.pdf"></object>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      </body></html>`;
    const pdf = await renderer.render(html);
    const { text } = await pdfText(pdf);
    expect(text).toContain('Invoice INV-2026-000001');
    expect(text).not.toContain('LEAKED-FILE-CONTENT');
    expect(hits).toEqual([]);
    expect(renderer.blockedRequestCount - blockedBefore).toBeGreaterThanOrEqual(5);

    // The renderer (and its page pool) keeps working for the next, ordinary invoice.
    const templates = await InvoiceTemplates.load();
    const next = await renderer.render(templates.renderInvoiceHtml(sampleInvoiceSnapshot()));
    expect(next.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('renders a customer address holding markup as text, without fetching it', async () => {
    const templates = await InvoiceTemplates.load();
    const snapshot = sampleInvoiceSnapshot();
    snapshot.billingAddress.address1 = `<img src="${origin}/from-address.png"> Hauptstraße 1`;
    const { text } = await pdfText(await renderer.render(templates.renderInvoiceHtml(snapshot)));
    expect(text).toContain('<img src=');
    expect(hits).toEqual([]);
  });
});

describe('through the server', () => {
  it('issues an invoice from a template that names URLs and local files without fetching any', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-templates-'));
    fs.writeFileSync(
      path.join(dir, 'invoice.hbs'),
      `<link rel="stylesheet" href="${origin}/template.css"><img src="${origin}/logo.png">
       <img src="file:///etc/passwd"><h1>Invoice {{reference}}</h1>`,
    );
    // DATA_DIR in the temporary folder too: without SMTP_URL the invoice mail goes to DATA_DIR/outbox.
    const app = await startTestApp({ INVOICE_TEMPLATE_DIR: dir, DATA_DIR: path.join(dir, 'data') });
    try {
      const order = await placeOrder(app, app.customerToken('DE--PDF'));
      await trigger(app, order.reference, 'pay');
      const staff = app.backOfficeToken();
      const issued = await app.gql(
        `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename ... on Invoice { reference } } }`,
        { r: order.reference },
        staff,
      );
      expect(issued.data!.generateInvoice.__typename).toBe('Invoice');
      await app.app.services.jobWorker.runDueJobs(10); // renders the PDF and mails it (to the outbox)
      const invoice = issued.data!.generateInvoice;
      const pdf = await fetch(app.url.replace(/\/graphql$/, `/invoices/${invoice.reference}.pdf`), {
        headers: { authorization: `Bearer ${staff}` },
      });
      expect(pdf.status).toBe(200);
      const { text } = await pdfText(Buffer.from(await pdf.arrayBuffer()));
      expect(text).toContain(`Invoice ${invoice.reference}`);
      expect(hits).toEqual([]);
      expect((await app.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
