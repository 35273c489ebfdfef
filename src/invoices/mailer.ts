import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';
import { Logger, silentLogger } from '../common/logger';
import type { Config } from '../config';
import type { InvoiceSnapshot } from './invoice-snapshot';
import type { InvoiceTemplates } from './invoice-templates';
import { invoiceMessageId, messageIdDomain } from './message-id';

export interface MailerOptions {
  /** SMTP_URL, e.g. smtp://user:pass@mail.example:587; unset: messages go to `outboxDir` as .eml files. */
  smtpUrl?: string;
  /** MAIL_FROM. */
  from: string;
  /** The right-hand side of each Message-ID: MAIL_FROM's domain, else PUBLIC_URL's host. */
  messageIdDomain?: string;
  /** INVOICE_BCC: the shop's hidden copies. */
  bcc: string[];
  /** DATA_DIR/outbox; created when needed. */
  outboxDir: string;
  templates: InvoiceTemplates;
  logger?: Logger;
  /** Connection, greeting and socket timeouts; short enough that a hung server fails the job within its lease. */
  smtpTimeoutMs?: number;
}

export interface InvoiceMail {
  /** The order's e-mail address. */
  to: string;
  snapshot: InvoiceSnapshot;
  /** The hybrid (ZUGFeRD / Factur-X) PDF. */
  pdf: Buffer;
  /** The CII XML as a second attachment, when INVOICE_MAIL_ATTACH_XML is on. */
  xml?: string;
}

export interface MailReceipt {
  messageId: string;
  /** Envelope recipients the server accepted (all of them in outbox mode). */
  accepted: string[];
  /** BCC recipients the server refused; the customer's address being refused throws instead. */
  rejected: string[];
  /** The server's final reply, e.g. "250 OK: queued"; null in outbox mode. */
  response: string | null;
  /** Where the message was written in outbox mode; null over SMTP. */
  outboxFile: string | null;
}

/** The SMTP server refused the customer's address: the message did not reach them. */
export class MailRejectedError extends Error {
  override name = 'MailRejectedError';
}

/**
 * Sends invoices and credit notes: to the order's address, the PDF attached, subject and bodies from the
 * templates, and a hidden copy to every INVOICE_BCC address. Over SMTP the BCC addresses go into the envelope
 * (RCPT TO) only, never into a header. `sendInvoice` resolves only after the server accepted the message, so the
 * caller may record it as sent then and not before.
 */
export class Mailer {
  private readonly transport: Transporter;
  private readonly logger: Logger;

  constructor(private readonly options: MailerOptions) {
    this.logger = options.logger ?? silentLogger;
    const timeout = options.smtpTimeoutMs ?? 30_000;
    this.transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        })
      : // The outbox file is what a pickup directory or `sendmail -t` takes: nodemailer keeps the Bcc header in it
        // (the envelope has nowhere else to live in a file) and the delivering agent strips it.
        nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  static fromConfig(config: Config, templates: InvoiceTemplates, logger?: Logger): Mailer {
    return new Mailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      messageIdDomain: messageIdDomain(config.mailFrom, config.publicUrl),
      bcc: config.invoiceBcc,
      outboxDir: path.join(config.dataDir, 'outbox'),
      templates,
      logger,
    });
  }

  get mode(): 'smtp' | 'outbox' {
    return this.options.smtpUrl ? 'smtp' : 'outbox';
  }

  async sendInvoice({ to, snapshot, pdf, xml }: InvoiceMail): Promise<MailReceipt> {
    if (!to.trim()) throw new MailRejectedError(`${snapshot.reference} has no recipient address`);
    const email = this.options.templates.renderInvoiceEmail(snapshot);
    const message: SendMailOptions = {
      messageId: invoiceMessageId(
        snapshot,
        this.options.messageIdDomain ?? messageIdDomain(this.options.from, 'http://localhost'),
      ),
      from: this.options.from,
      to,
      bcc: this.options.bcc.length ? this.options.bcc : undefined,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: [
        { filename: `${snapshot.reference}.pdf`, content: pdf, contentType: 'application/pdf' },
        ...(xml === undefined
          ? []
          : [{ filename: `${snapshot.reference}.xml`, content: xml, contentType: 'application/xml' }]),
      ],
    };
    const info = await this.transport.sendMail(message);
    if (this.mode === 'outbox') {
      const outboxFile = await this.writeToOutbox(snapshot.reference, info.message as Buffer);
      this.logger.info(`${snapshot.reference} written to ${outboxFile}`);
      return {
        messageId: info.messageId,
        accepted: [to, ...this.options.bcc],
        rejected: [],
        response: null,
        outboxFile,
      };
    }
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.some((address) => address.toLowerCase() === to.toLowerCase())) {
      throw new MailRejectedError(
        `the SMTP server refused ${to} for ${snapshot.reference}: ${info.response}`,
      );
    }
    if (rejected.length) this.logger.warn(`${snapshot.reference}: the SMTP server refused BCC`, rejected);
    this.logger.info(`${snapshot.reference} sent to the customer`, {
      messageId: info.messageId,
      response: info.response,
    });
    return smtpReceipt(info, rejected);
  }

  /**
   * An e-mail without attachment and without the invoice BCC (the order e-mails): to one address, resolving only
   * once the server accepted it, like `sendInvoice`. `label` names it in logs and outbox file names.
   */
  async sendMessage(mail: {
    to: string;
    label: string;
    messageId: string;
    subject: string;
    html: string;
    text: string;
  }): Promise<MailReceipt> {
    const { to, label } = mail;
    if (!to.trim()) throw new MailRejectedError(`${label} has no recipient address`);
    const info = await this.transport.sendMail({
      messageId: mail.messageId,
      from: this.options.from,
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    if (this.mode === 'outbox') {
      const outboxFile = await this.writeToOutbox(label, info.message as Buffer);
      return { messageId: info.messageId, accepted: [to], rejected: [], response: null, outboxFile };
    }
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length)
      throw new MailRejectedError(`the SMTP server refused ${to} for ${label}: ${info.response}`);
    return smtpReceipt(info, rejected);
  }

  /** The Message-ID domain this mailer uses. */
  get messageIdDomain(): string {
    return this.options.messageIdDomain ?? messageIdDomain(this.options.from, 'http://localhost');
  }

  close(): void {
    this.transport.close();
  }

  /** Written under a temporary name and renamed, so whoever watches the outbox never reads half a message. */
  private async writeToOutbox(reference: string, message: Buffer): Promise<string> {
    await fs.mkdir(this.options.outboxDir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${reference.replace(/[^A-Za-z0-9_-]/g, '_')}-${randomBytes(4).toString('hex')}.eml`;
    const file = path.join(this.options.outboxDir, name);
    const temporary = path.join(this.options.outboxDir, `.${name}.tmp`);
    await fs.writeFile(temporary, message, { mode: 0o600 }); // invoices hold addresses: owner only
    await fs.rename(temporary, file);
    return file;
  }
}

/** What the SMTP server answered for a message it took. */
function smtpReceipt(
  info: { messageId: string; accepted?: unknown[]; response?: string },
  rejected: string[],
): MailReceipt {
  return {
    messageId: info.messageId,
    accepted: (info.accepted ?? []).map(String),
    rejected,
    response: info.response ?? null,
    outboxFile: null,
  };
}
