import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { Config } from '../config';
import type { GuestAccessService } from '../guests/guest-access.service';
import type { InvoiceDelivery } from '../invoices/invoice-delivery';
import { catalogsFor } from '../i18n/message-catalogs';
import { PermanentJobError } from '../jobs/job-queue';
import { OrderRepository } from '../orders/order.repository';
import { ShipmentRepository } from '../shipments/shipment.repository';
import { OrderMailRepository, OrderMailRow } from './order-mail.repository';
import type { OrderMailTemplates } from './order-mail-templates';
import { orderMailView } from './order-mail-view';
import type { DeliverOrderMailPayload } from './order-mails';

/**
 * The job behind every order e-mail: render it from the order as it is now and send it to the order's address
 * (never anywhere else), then record it as sent. A retry after that sends nothing; a retry after a send whose
 * acknowledgement was lost carries the same Message-ID, so mail clients show one message.
 *
 * A guest's link is made here, at sending time: a fresh token whose hash is stored, so no raw token ever sits in
 * the database or the job queue.
 */
export class OrderMailDelivery {
  private templates: Promise<OrderMailTemplates> | undefined;

  constructor(
    private readonly config: Config,
    private readonly dataSource: DataSource,
    private readonly invoiceDelivery: InvoiceDelivery,
    private readonly guests: GuestAccessService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Compiles the templates (a broken override fails the start, not the first e-mail). */
  prepare(): Promise<OrderMailTemplates> {
    this.templates ??= (async () => {
      const { OrderMailTemplates } = await import('./order-mail-templates');
      return OrderMailTemplates.load(this.config.mailTemplateDir, catalogsFor(this.config));
    })();
    return this.templates;
  }

  async deliver({ mailId }: DeliverOrderMailPayload): Promise<void> {
    const mails = new OrderMailRepository(this.dataSource.manager);
    const mail = await mails.byId(mailId);
    if (!mail) throw new PermanentJobError(`order e-mail ${mailId} does not exist`);
    if (mail.sentAt) return;
    const manager = this.dataSource.manager;
    const order = await new OrderRepository(manager).byId(mail.orderId);
    if (!order) throw new PermanentJobError(`order ${mail.orderId} of e-mail ${mailId} does not exist`);
    const [items, shipments] = await Promise.all([
      new OrderRepository(manager).itemsOfOrder(order.id),
      new ShipmentRepository(manager).ofOrder(order.id),
    ]);
    const needsLink =
      order.customerReference === null && (mail.kind === 'confirmation' || mail.kind === 'guest-link');
    const guestLink = needsLink
      ? `${this.config.publicUrl}/orders/${encodeURIComponent(order.reference)}?token=${await this.guests.issueFor(
          manager,
          order.id,
          this.clock.now(),
        )}`
      : null;
    const view = orderMailView({
      mail,
      order,
      items,
      shipments,
      shopName: this.config.seller.name,
      timeZone: this.config.shopTimeZone,
      guestLink,
    });
    const rendered = (await this.prepare()).render(mail.kind, view);
    const { mailer } = await this.invoiceDelivery.prepare();
    await mailer.sendMessage({
      to: order.email,
      label: `${order.reference}-${mail.kind}`,
      messageId: orderMailMessageId(mail, order.reference, mailer.messageIdDomain),
      ...rendered,
    });
    await mails.markSent(mail.id, this.clock.now());
    this.logger.info(`mailed ${mail.kind} for order ${order.reference}`);
  }
}

/** The same on every attempt for one e-mail, different for every e-mail. */
export function orderMailMessageId(mail: OrderMailRow, reference: string, domain: string): string {
  const hash = createHash('sha256')
    .update([mail.id, reference, mail.kind, mail.eventKey].join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `<${reference}.${mail.kind}.${hash}@${domain}>`;
}
