import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a link in an e-mail or handed to the mobile app keeps working. */
export const LINK_LIFETIME_MS = 30 * 86_400_000;

/**
 * Signed, expiring download links: `/invoices/{reference}.pdf?expires={unix seconds}&signature={hmac}` (or .xml: the
 * signature covers the document, whichever form of it is fetched). They work
 * without a header (an e-mail client, the mobile app's PDF viewer) and prove nothing beyond "this document, until
 * then". The key is derived from JWT_SECRET, so rotating that secret revokes every link.
 */
export class InvoiceLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly publicUrl: string,
  ) {
    this.key = createHmac('sha256', secret).update('invoice-pdf-links').digest();
  }

  private sign(reference: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${reference}\n${expires}`).digest('base64url');
  }

  url(reference: string, now: Date, lifetimeMs = LINK_LIFETIME_MS, form: 'pdf' | 'xml' = 'pdf'): string {
    const expires = Math.floor((now.getTime() + lifetimeMs) / 1000);
    const query = `expires=${expires}&signature=${this.sign(reference, expires)}`;
    return `${this.publicUrl}/invoices/${encodeURIComponent(reference)}.${form}?${query}`;
  }

  /** 'valid', 'expired' or 'invalid' (tampered, malformed, or for another document). */
  check(reference: string, expires: unknown, signature: unknown, now: Date): 'valid' | 'expired' | 'invalid' {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires))
      return 'invalid';
    const expected = Buffer.from(this.sign(reference, Number(expires)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 < now.getTime() ? 'expired' : 'valid';
  }
}
