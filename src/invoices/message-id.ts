import { createHash } from 'node:crypto';
import type { InvoiceSnapshot } from './invoice-snapshot';

/**
 * The Message-ID of a document's e-mail, the same on every send: a retry after a lost acknowledgement, a job run
 * twice after its expiry, or back office's resend all carry it, so mail servers and clients see one message (and
 * whoever reads the logs can tell a repeat). The hash ties it to this document, not just to its number.
 */
export function invoiceMessageId(snapshot: InvoiceSnapshot, domain: string): string {
  const hash = createHash('sha256')
    .update(
      [
        snapshot.kind,
        snapshot.reference,
        snapshot.issueDate,
        snapshot.orderReference,
        snapshot.seller.vatId,
      ].join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  return `<${snapshot.reference}.${hash}@${domain}>`;
}

/** The domain of MAIL_FROM's address, else the host of PUBLIC_URL. */
export function messageIdDomain(mailFrom: string, publicUrl: string): string {
  const address = /<([^>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.split('@')[1]?.trim().toLowerCase();
  if (domain && /^[a-z0-9.-]+$/.test(domain)) return domain;
  return new URL(publicUrl).hostname;
}
