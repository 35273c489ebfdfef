// E-invoice benchmark: `npm run bench:e-invoices [-- N]`. For N realistic invoices (20 lines, version 2 snapshots)
// writes the CII and the UBL XML and makes one rendered PDF hybrid (Factur-X, PDF/A-3), one after the other, and
// prints the time per document of each step. The first call of each format (schema compile, warm-up) is timed
// apart.
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { EInvoiceGenerator } from '../src/invoices/e-invoice/e-invoice-generator';
import { InvoiceTemplates } from '../src/invoices/invoice-templates';
import { PdfRenderer } from '../src/invoices/pdf-renderer';
import { sampleInvoiceSnapshotV2 } from '../test/support/sample-invoice-snapshot';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? process.env.INVOICES ?? '200');
  if (!Number.isInteger(count) || count < 1) throw new Error(`invoice count must be a whole number ≥ 1`);
  const config = loadConfig();
  const generator = new EInvoiceGenerator();
  const snapshotFor = (i: number) =>
    sampleInvoiceSnapshotV2({ lineCount: 20, reference: `INV-2026-${String(i + 1).padStart(6, '0')}` });
  const renderer = new PdfRenderer({ chromePath: config.chromePath, poolSize: 1 });
  const templates = await InvoiceTemplates.load(config.invoiceTemplateDir);
  const pdf = await renderer.render(templates.renderInvoiceHtml(snapshotFor(0)));
  await renderer.close();

  const time = async (step: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await step();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const first = {
    cii: await time(() => generator.xml(snapshotFor(0), 'cii')),
    ubl: await time(() => generator.xml(snapshotFor(0), 'ubl')),
    hybrid: await time(() => generator.hybridPdf(snapshotFor(0), pdf)),
  };
  const totals = { cii: 0, ubl: 0, hybrid: 0 };
  for (let i = 0; i < count; i++) {
    const snapshot = snapshotFor(i);
    totals.cii += await time(() => generator.xml(snapshot, 'cii'));
    totals.ubl += await time(() => generator.xml(snapshot, 'ubl'));
    totals.hybrid += await time(() => generator.hybridPdf(snapshot, pdf));
  }
  const line = (name: keyof typeof totals) =>
    `${name.padEnd(7)} first ${first[name].toFixed(0).padStart(5)} ms   then ${(totals[name] / count).toFixed(1)} ms per document`;
  console.log(`${count} invoices of 20 lines (PDF ${(pdf.length / 1024).toFixed(0)} KiB)`);
  for (const name of ['cii', 'ubl', 'hybrid'] as const) console.log(line(name));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
