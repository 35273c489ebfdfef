import type { EntityManager } from 'typeorm';

/** Guest access tokens: only their sha256 is stored, never the token. */
export class GuestAccessRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(orderId: number, tokenHash: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO guest_order_access (order_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [orderId, tokenHash, createdAt, expiresAt],
    );
  }

  /** The order a live (unexpired, unrevoked) token opens, or null. */
  async orderIdFor(tokenHash: string, now: Date): Promise<number | null> {
    return (await this.accessFor(tokenHash, now))?.orderId ?? null;
  }

  /** The same with the token's expiry. */
  async accessFor(tokenHash: string, now: Date): Promise<{ orderId: number; expiresAt: Date } | null> {
    const [row] = await this.manager.query(
      `SELECT order_id AS "orderId", expires_at AS "expiresAt" FROM guest_order_access
        WHERE token_hash = $1 AND expires_at > $2 AND revoked_at IS NULL`,
      [tokenHash, now],
    );
    return row ? { orderId: Number(row.orderId), expiresAt: row.expiresAt } : null;
  }

  /** Revokes one live token; whether there was one. */
  async revoke(tokenHash: string, now: Date): Promise<boolean> {
    const [, count] = await this.manager.query(
      `UPDATE guest_order_access SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return count > 0;
  }

  /** Revokes every live token of an order; how many there were. */
  async revokeAllOf(orderId: number, now: Date): Promise<number> {
    const [, count] = await this.manager.query(
      `UPDATE guest_order_access SET revoked_at = $2 WHERE order_id = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [orderId, now],
    );
    return count;
  }
}
