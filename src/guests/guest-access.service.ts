import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context';
import { rateLimited, KeyedRateLimiter } from '../common/rate-limits';
import { inTransaction } from '../database/transaction';
import type { OrderMails } from '../mails/order-mails';
import { inLockedOrder } from '../orders/order-lock';
import { OrderNotFoundError } from '../orders/order-not-found.error';
import { OrderRepository } from '../orders/order.repository';
import type { SalesOrder } from '../orders/sales-order.entity';
import { GuestAccessRepository } from './guest-access.repository';
import { GuestAccessRevoked } from './guest-access-revoked.result';
import { hashGuestToken, isWellFormedGuestToken, newGuestToken } from './guest-token';

export interface GuestAccessSettings {
  ttlMs: number;
  /** Count requestGuestOrderLink per order reference and per IP address; null: no limit. */
  linkLimiters: () => { perReference: KeyedRateLimiter; perIp: KeyedRateLimiter } | null;
}

/**
 * Access to guest orders by token. A token is 256 random bits handed out once (placeOrder's answer, or an e-mailed
 * link); only its sha256 is stored, with an expiry. Every way a token can be wrong (malformed, unknown, expired,
 * revoked, for an order that is gone) reads as the same null.
 */
export class GuestAccessService {
  constructor(
    private readonly settings: GuestAccessSettings,
    private readonly mails: OrderMails,
  ) {}

  /** A fresh token for the order, valid for the configured time; called inside the caller's transaction. */
  issue(tx: RequestContext, order: SalesOrder): Promise<string> {
    return this.issueFor(tx.manager, order.id, tx.clock.now());
  }

  /** The same for the e-mail job, which has no request context. */
  async issueFor(manager: EntityManager, orderId: number, now: Date): Promise<string> {
    const token = newGuestToken();
    await new GuestAccessRepository(manager).insert(
      orderId,
      hashGuestToken(token),
      now,
      new Date(now.getTime() + this.settings.ttlMs),
    );
    return token;
  }

  /** The order a token opens, or null. */
  async orderFor(ctx: RequestContext, token: string): Promise<SalesOrder | null> {
    const orderId = await this.orderIdFor(ctx, token);
    return orderId === null ? null : new OrderRepository(ctx.manager).byId(orderId);
  }

  /** A context acting as the guest the token names, or null when the token opens nothing. */
  async guestContext(ctx: RequestContext, token: string): Promise<RequestContext | null> {
    const orderId = await this.orderIdFor(ctx, token);
    return orderId === null ? null : { ...ctx, viewer: { kind: 'guest', orderId } };
  }

  /**
   * Mails a fresh link to the address on the order when reference and address match a guest order. The answer is
   * the same in every case, and the limits count every call, so neither tells whether an order or address exists.
   */
  async requestLink(ctx: RequestContext, reference: string, email: string): Promise<boolean> {
    const limiters = this.settings.linkLimiters();
    if (limiters) {
      const waits = [
        await limiters.perIp.consume([`ip:${ctx.clientIp ?? 'unknown'}`]),
        await limiters.perReference.consume([`order:${reference}`]),
      ].filter((w): w is number => w !== null);
      if (waits.length) throw rateLimited(Math.max(...waits), 'requestGuestOrderLink');
    }
    const order = await new OrderRepository(ctx.manager).byReference(reference);
    if (!order || order.customerReference !== null) return true;
    if (order.email.trim().toLowerCase() !== email.trim().toLowerCase()) return true;
    // The link's token is made when the e-mail is sent (the raw token is never stored); the event key makes each
    // request an e-mail of its own.
    await inTransaction(ctx, (tx) =>
      this.mails.enqueue(
        tx,
        order.id,
        'guest-link',
        `request:${tx.clock.now().toISOString()}:${newGuestToken()}`,
      ),
    );
    return true;
  }

  /**
   * Ends a token's access at once (a link forwarded by mistake, a shared device). The answer is true either way, so
   * it tells nobody whether a token was valid.
   */
  async revokeToken(ctx: RequestContext, token: string): Promise<true> {
    if (isWellFormedGuestToken(token)) {
      await new GuestAccessRepository(ctx.manager).revoke(hashGuestToken(token), ctx.clock.now());
    }
    return true;
  }

  /** Back office: ends every live token of a guest order (its links were leaked); how many there were. */
  async revokeAllOf(
    ctx: RequestContext,
    orderReference: string,
  ): Promise<GuestAccessRevoked | OrderNotFoundError> {
    return inLockedOrder(ctx, orderReference, async (tx, order) => {
      const revoked = await new GuestAccessRepository(tx.manager).revokeAllOf(order.id, tx.clock.now());
      return new GuestAccessRevoked(order.reference, revoked);
    });
  }

  /** The order a token opens and until when, or null (a subscription's connection_init). */
  async accessFor(ctx: RequestContext, token: string): Promise<{ orderId: number; expiresAt: Date } | null> {
    if (!isWellFormedGuestToken(token)) return null;
    return new GuestAccessRepository(ctx.manager).accessFor(hashGuestToken(token), ctx.clock.now());
  }

  private async orderIdFor(ctx: RequestContext, token: string): Promise<number | null> {
    if (!isWellFormedGuestToken(token)) return null;
    return new GuestAccessRepository(ctx.manager).orderIdFor(hashGuestToken(token), ctx.clock.now());
  }
}
