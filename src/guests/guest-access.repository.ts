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
    const [row] = await this.manager.query(
      `SELECT order_id AS "orderId" FROM guest_order_access
        WHERE token_hash = $1 AND expires_at > $2 AND revoked_at IS NULL`,
      [tokenHash, now],
    );
    return row ? Number(row.orderId) : null;
  }
}
