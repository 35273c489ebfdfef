import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { Config } from '../config';
import { PermanentJobError } from '../jobs/job-queue';
import { catalogsFor } from '../i18n/message-catalogs';
import { OrderRepository } from '../orders/order.repository';
import type { InvoiceTemplates } from './invoice-templates';
import type { Invoice } from './invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import type { DeliverInvoicePayload } from './invoice.service';
import type { Mailer } from './mailer';
import { PdfRenderer } from './pdf-renderer';
import type { EInvoiceGenerator, XmlSyntax } from './e-invoice/e-invoice-generator';

/**
 * What happens after an invoice commits: render its PDF once and store it, then mail it (to the order's e-mail,
 * BCC to the shop). Runs as a durable job, so an SMTP outage or a browser crash means a retry, never a loss; and
 * `emailSentAt` is written only after the mail server accepted the message, so a retry after success sends nothing.
 */
export class InvoiceDelivery {
  private resources: Promise<{ templates: InvoiceTemplates; mailer: Mailer }> | undefined;
  private eInvoices: Promise<EInvoiceGenerator> | undefined;

  constructor(
    private readonly config: Config,
    private readonly dataSource: DataSource,
    private readonly renderer: PdfRenderer,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Templates are compiled on first use (or by `prepare` at start-up, so a broken override fails early). */
  prepare(): Promise<{ templates: InvoiceTemplates; mailer: Mailer }> {
    // Handlebars and nodemailer load here, not with the module: an API-only process never needs them.
    this.resources ??= (async () => {
      const { InvoiceTemplates } = await import('./invoice-templates');
      const { Mailer } = await import('./mailer');
      const templates = await InvoiceTemplates.load(this.config.invoiceTemplateDir, catalogsFor(this.config));
      return { templates, mailer: Mailer.fromConfig(this.config, templates, this.logger) };
    })();
    return this.resources;
  }

  /** The e-invoice library loads on first use, like the templates: an API-only process may never need it. */
  private generator(): Promise<EInvoiceGenerator> {
    this.eInvoices ??= import('./e-invoice/e-invoice-generator').then(
      ({ EInvoiceGenerator }) => new EInvoiceGenerator(this.logger),
    );
    return this.eInvoices;
  }

  /** The document's EN 16931 XML (CII, or UBL 2.1), made from its snapshot: the same bytes every time. */
  async xmlOf(invoice: Invoice, syntax: XmlSyntax = 'cii'): Promise<string> {
    return (await this.generator()).xml(invoice.snapshot, syntax);
  }

  /**
   * The stored PDF; rendered and stored first if the delivery job has not done it yet. Never re-rendered. From
   * snapshot version 2 on it is a hybrid ZUGFeRD / Factur-X PDF (PDF/A-3, the CII XML embedded); a version 1
   * snapshot, which lacks what the XML needs, still renders as the plain PDF it always was.
   */
  async pdfOf(invoice: Invoice): Promise<Buffer> {
    const stored = await this.storedPdf(invoice.id);
    if (stored) return stored;
    const { templates } = await this.prepare();
    const rendered = await this.renderer.render(templates.renderInvoiceHtml(invoice.snapshot));
    const pdf =
      invoice.snapshot.version >= 2
        ? await (await this.generator()).hybridPdf(invoice.snapshot, rendered)
        : rendered;
    await this.invoices.storePdfOnce(invoice.id, pdf);
    // Whoever stored first wins; everyone serves those bytes from then on.
    return (await this.storedPdf(invoice.id))!;
  }

  async deliver(payload: DeliverInvoicePayload): Promise<void> {
    const invoice = await this.invoices.byId(payload.invoiceId);
    if (!invoice) throw new PermanentJobError(`invoice ${payload.invoiceId} does not exist`);
    if (invoice.emailSentAt && !payload.resend) return;
    const order = await new OrderRepository(this.dataSource.manager).byId(invoice.orderId);
    if (!order) throw new Error(`order ${invoice.orderId} of invoice ${invoice.reference} does not exist`);
    const pdf = await this.pdfOf(invoice);
    const { mailer } = await this.prepare();
    const xml = this.config.invoiceMailAttachXml ? await this.xmlOf(invoice) : undefined;
    await mailer.sendInvoice({ to: order.email, snapshot: invoice.snapshot, pdf, xml });
    await this.invoices.markEmailed(invoice.id, this.clock.now());
    this.logger.info(`mailed ${invoice.reference} for order ${order.reference}`);
  }

  async close(): Promise<void> {
    await this.renderer.close();
    if (this.resources) (await this.resources).mailer.close();
  }

  private storedPdf(id: number): Promise<Buffer | null> {
    return this.invoices.storedPdf(id);
  }

  private get invoices(): InvoiceRepository {
    return new InvoiceRepository(this.dataSource.manager);
  }
}
