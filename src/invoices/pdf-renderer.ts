import type { Browser, Page } from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../common/chrome';
import { Logger, silentLogger } from '../common/logger';
import { pdfRenderDuration } from '../ops/metrics';

export interface PdfRendererOptions {
  /** CHROME_PATH; else the Chromium from npm (see findChrome). */
  chromePath?: string;
  /** Pages rendering at the same time; callers beyond it wait for a page. */
  poolSize?: number;
  /** A page is closed and replaced after this many documents, so whatever Chromium keeps per page cannot grow. */
  pageMaxUses?: number;
  /** Upper bound for loading the HTML and for printing it, each. */
  renderTimeoutMs?: number;
  logger?: Logger;
}

export class PdfRendererClosedError extends Error {
  override name = 'PdfRendererClosedError';
  constructor() {
    super('the PDF renderer has been closed');
  }
}

interface PooledPage {
  page: Page;
  browser: Browser;
  uses: number;
  crashed: boolean;
}

/**
 * HTML → A4 PDF through one headless Chromium per process, launched on first use, with a bounded pool of pages
 * that are reused (a new page costs ~70–120 ms, a reused one ~20 ms). A browser that crashes or is killed is
 * replaced on the next render; a render caught by the crash is retried once on the new browser.
 */
export class PdfRenderer {
  private readonly poolSize: number;
  private readonly pageMaxUses: number;
  private readonly timeout: number;
  private readonly logger: Logger;
  private browserPromise: Promise<Browser> | undefined;
  private currentBrowser: Browser | undefined;
  private idle: PooledPage[] = [];
  private freeSlots: number;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private launches = 0;
  private blocked = 0;

  constructor(private readonly options: PdfRendererOptions = {}) {
    this.poolSize = options.poolSize ?? 4;
    if (!Number.isInteger(this.poolSize) || this.poolSize < 1)
      throw new Error('poolSize must be a whole number ≥ 1');
    this.pageMaxUses = options.pageMaxUses ?? 100;
    this.timeout = options.renderTimeoutMs ?? 30_000;
    this.logger = options.logger ?? silentLogger;
    this.freeSlots = this.poolSize;
  }

  /** How many browsers this renderer has started: 1 in a healthy process, one more per crash. */
  get launchCount(): number {
    return this.launches;
  }

  /** Requests the pages made and were refused (anything but data: URLs and the page itself). */
  get blockedRequestCount(): number {
    return this.blocked;
  }

  /** Process id of the running browser (the leader of its process group), if one runs: for health checks and tests. */
  browserPid(): number | undefined {
    return this.currentBrowser?.connected ? this.currentBrowser.process()?.pid : undefined;
  }

  render(html: string): Promise<Buffer> {
    if (this.closed) return Promise.reject(new PdfRendererClosedError());
    const end = pdfRenderDuration.startTimer();
    const run = this.renderInSlot(html);
    this.inFlight.add(run);
    return run.finally(() => {
      end();
      this.inFlight.delete(run);
    });
  }

  /** Lets renders in progress finish, then closes the browser. Later renders are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    const browser = await this.browserPromise?.catch(() => undefined);
    this.browserPromise = undefined;
    this.currentBrowser = undefined;
    this.idle = [];
    if (browser?.connected) await browser.close().catch(() => undefined);
    // Its helpers (zygote, GPU, renderers) can outlive the browser process for a moment: none may stay behind.
    if (browser) killBrowserTree(browser);
  }

  private async renderInSlot(html: string): Promise<Buffer> {
    await this.acquireSlot();
    try {
      try {
        return await this.renderOnce(html);
      } catch (error) {
        if (this.closed || !(error instanceof BrowserGoneError)) throw unwrap(error);
        this.logger.warn('the browser went away during a render; retrying once on a new one', error.cause);
      }
      try {
        return await this.renderOnce(html);
      } catch (error) {
        throw unwrap(error);
      }
    } finally {
      this.releaseSlot();
    }
  }

  private async renderOnce(html: string): Promise<Buffer> {
    const pooled = await this.takePage();
    let healthy = false;
    try {
      await pooled.page.setContent(html, { waitUntil: 'load', timeout: this.timeout });
      const pdf = await pooled.page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        timeout: this.timeout,
      });
      healthy = true;
      return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } catch (error) {
      if (!pooled.browser.connected || pooled.page.isClosed() || pooled.crashed)
        throw new BrowserGoneError(error);
      throw error;
    } finally {
      this.returnPage(pooled, healthy);
    }
  }

  private async takePage(): Promise<PooledPage> {
    for (let pooled = this.idle.pop(); pooled; pooled = this.idle.pop()) {
      if (pooled.browser.connected && !pooled.page.isClosed() && !pooled.crashed) return pooled;
    }
    const browser = await this.getBrowser();
    try {
      const page = await browser.newPage();
      const pooled: PooledPage = { page, browser, uses: 0, crashed: false };
      page.on('error', () => (pooled.crashed = true));
      // Invoices are static documents: no script runs, whatever a template or a customer's text contains.
      await page.setJavaScriptEnabled(false);
      // Nor does the page fetch anything: a template or a text that names a URL (an intranet address, the cloud
      // metadata service, file:///etc/passwd) must not make this machine's browser load it. data: URLs (fonts,
      // images embedded in the template) and the page itself are all a document needs.
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url === 'about:blank') void request.continue().catch(() => undefined);
        else {
          this.blocked += 1;
          this.logger.warn('the invoice page asked for a URL; blocked', { scheme: url.split(':', 1)[0] });
          void request.abort('blockedbyclient').catch(() => undefined);
        }
      });
      return pooled;
    } catch (error) {
      throw browser.connected ? error : new BrowserGoneError(error);
    }
  }

  private returnPage(pooled: PooledPage, healthy: boolean): void {
    pooled.uses += 1;
    const reusable = healthy && !this.closed && pooled.browser.connected && pooled.uses < this.pageMaxUses;
    if (reusable) this.idle.push(pooled);
    else if (pooled.browser.connected) void pooled.page.close().catch(() => undefined);
  }

  private async getBrowser(): Promise<Browser> {
    // Two rounds at most: the browser we knew may have died without its 'disconnected' event having arrived yet.
    for (let round = 0; round < 2; round += 1) {
      if (this.closed) throw new PdfRendererClosedError();
      const current = (this.browserPromise ??= this.launch());
      let browser: Browser;
      try {
        browser = await current;
      } catch (error) {
        if (this.browserPromise === current) this.browserPromise = undefined;
        throw error;
      }
      if (browser.connected) return browser;
      if (this.browserPromise === current) this.browserPromise = undefined;
    }
    throw new Error('the browser disconnected right after it was launched');
  }

  private async launch(): Promise<Browser> {
    const { executablePath } = await findChrome(this.options.chromePath);
    // Loaded on the first render: an API process that never renders a PDF does not carry Puppeteer.
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: CHROME_ARGS,
      timeout: this.timeout,
      protocolTimeout: this.timeout * 2,
      // The process decides when the browser goes (after the jobs using it), not Puppeteer's own signal handlers.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Over a pipe, not a WebSocket: Chromium exits when the pipe closes, so it never outlives a killed server.
      pipe: true,
    });
    this.launches += 1;
    this.currentBrowser = browser;
    browser.once('disconnected', () => {
      this.idle = this.idle.filter((p) => p.browser !== browser);
      // A browser that lost its connection but still runs would hold memory for ever.
      killBrowserTree(browser);
      if (!this.closed) this.logger.warn('the browser disconnected; the next render launches a new one');
    });
    if (this.closed) {
      await browser.close();
      throw new PdfRendererClosedError();
    }
    this.logger.info(`browser started: ${executablePath} (pid ${browser.process()?.pid})`);
    return browser;
  }

  private acquireSlot(): Promise<void> {
    if (this.freeSlots > 0) {
      this.freeSlots -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A freed slot goes straight to the longest waiter, so callers are served in order. */
  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.freeSlots += 1;
  }
}

/** Marks a render that failed because its browser or page died: worth one retry on a new browser. */
class BrowserGoneError extends Error {
  constructor(override readonly cause: unknown) {
    super(`browser gone: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Kills the browser with every process it started. Puppeteer starts it as the leader of its own process group, and
 * the group matters: Debian's /usr/bin/chromium-headless-shell is a shell wrapper that does not `exec`, so the
 * process Puppeteer knows is the wrapper, not Chromium.
 */
function killBrowserTree(browser: Browser): void {
  const pid = browser.process()?.pid;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const unwrap = (error: unknown) => (error instanceof BrowserGoneError ? error.cause : error);
