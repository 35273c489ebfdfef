// Invoice rendering benchmark: `npm run bench:invoices [-- N]` (or INVOICES=N). Renders N realistic invoices
// (20 lines each) from snapshot to PDF through the real template loader and page pool, 4 at a time, and prints the
// throughput and the memory of this process and of the browser along the way, to show that memory stays flat.
import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from '../src/config';
import { InvoiceTemplates } from '../src/invoices/invoice-templates';
import { PdfRenderer } from '../src/invoices/pdf-renderer';
import { sampleInvoiceSnapshot } from '../test/support/sample-invoice-snapshot';

const CONCURRENCY = 4;
const TARGET_PER_SECOND = 25;
const MiB = 1024 * 1024;

function countFromArguments(): number {
  const raw = process.argv[2] ?? process.env.INVOICES ?? '1000';
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`invoice count must be a whole number ≥ 1, got "${raw}"`);
  return count;
}

/**
 * Memory of every process in the browser's process group (Chromium runs a browser, a GPU/utility and one renderer
 * process per page), as PSS: pages shared between them are split among them rather than counted once per process.
 */
function browserPss(groupId: number | undefined): number {
  if (!groupId) return 0;
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== groupId) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'));
      if (pss) total += Number(pss[1]) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const count = countFromArguments();
  const config = loadConfig();
  const templates = await InvoiceTemplates.load(config.invoiceTemplateDir);
  const renderer = new PdfRenderer({ chromePath: config.chromePath, poolSize: CONCURRENCY });
  const snapshotFor = (i: number) =>
    sampleInvoiceSnapshot({ lineCount: 20, reference: `INV-2026-${String(i + 1).padStart(6, '0')}` });

  // Warm-up outside the timing: launching the browser and opening the pool's pages happen once per process.
  const launchStarted = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      renderer.render(templates.renderInvoiceHtml(snapshotFor(i))),
    ),
  );
  console.log(`browser launched and ${CONCURRENCY} pages warmed in ${Date.now() - launchStarted} ms`);

  const checkpoints = new Set([100, 500, 1000, 2000, 5000, count].filter((n) => n <= count));
  let peakNode = 0;
  let peakBrowser = 0;
  const sample = () => {
    const { rss: node, heapUsed } = process.memoryUsage();
    const browser = browserPss(renderer.browserPid());
    peakNode = Math.max(peakNode, node);
    peakBrowser = Math.max(peakBrowser, browser);
    return { node, heapUsed, browser };
  };
  const sampler = setInterval(sample, 250);

  let next = 0;
  let finished = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const pdf = await renderer.render(templates.renderInvoiceHtml(snapshotFor(i)));
      bytes += pdf.length;
      finished += 1;
      if (checkpoints.has(finished)) {
        const { node, heapUsed, browser } = sample();
        const rate = (finished / elapsedMs()) * 1000;
        console.log(
          `${String(finished).padStart(6)} invoices  ${rate.toFixed(1).padStart(6)}/s  ` +
            `node RSS ${mib(node).padStart(10)} (heap ${mib(heapUsed)})  browser PSS ${mib(browser).padStart(10)}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const totalMs = elapsedMs();
  clearInterval(sampler);
  sample();

  const perSecond = (count / totalMs) * 1000;
  console.log('');
  console.log(
    `invoices:        ${count} (20 lines, A4, ${CONCURRENCY} concurrent renders through a pool of ${CONCURRENCY})`,
  );
  console.log(`time:            ${(totalMs / 1000).toFixed(2)} s`);
  console.log(`throughput:      ${perSecond.toFixed(1)} invoices/s (target ≥ ${TARGET_PER_SECOND})`);
  console.log(`per invoice:     ${((totalMs * CONCURRENCY) / count).toFixed(1)} ms in a page`);
  console.log(`average PDF:     ${(bytes / count / 1024).toFixed(1)} KiB`);
  console.log(`peak node RSS:   ${mib(peakNode)}`);
  console.log(`peak browser PSS: ${mib(peakBrowser)} (all Chromium processes together)`);
  console.log(`browser launches: ${renderer.launchCount}`);
  await renderer.close();
  if (perSecond < TARGET_PER_SECOND) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
