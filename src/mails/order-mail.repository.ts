import type { EntityManager } from 'typeorm';

/** What an order e-mail is about; with the order and the event key it names one e-mail, sent once. */
export type OrderMailKind = 'confirmation' | 'shipped' | 'cancelled' | 'guest-link';

export interface OrderMailRow {
  id: number;
  orderId: number;
  kind: OrderMailKind;
  eventKey: string;
  details: Record<string, unknown>;
  createdAt: Date;
  sentAt: Date | null;
}

/** One row per e-mail an order event calls for (table order_mail): the outbox record its job delivers. */
export class OrderMailRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The new row's id, or null when this event's e-mail is recorded already (the unique key decides). */
  async record(
    orderId: number,
    kind: OrderMailKind,
    eventKey: string,
    details: Record<string, unknown>,
    createdAt: Date,
  ): Promise<number | null> {
    const [row] = await this.manager.query(
      `INSERT INTO order_mail (order_id, kind, event_key, details, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT order_mail_once DO NOTHING
       RETURNING id`,
      [orderId, kind, eventKey, JSON.stringify(details), createdAt],
    );
    return row ? Number(row.id) : null;
  }

  /**
   * The e-mail of this transaction (event key `tx:<txid>`) about these items: a new row (its id), or the items
   * added to the row an earlier call of the same transaction made (null: its job is enqueued already).
   */
  async recordForTransaction(
    orderId: number,
    kind: OrderMailKind,
    itemIds: number[],
    createdAt: Date,
  ): Promise<number | null> {
    const [row] = await this.manager.query(
      `INSERT INTO order_mail (order_id, kind, event_key, details, created_at)
       VALUES ($1, $2, 'tx:' || txid_current(), jsonb_build_object('itemIds', $3::jsonb), $4)
       ON CONFLICT ON CONSTRAINT order_mail_once DO UPDATE
         SET details = jsonb_build_object('itemIds', (order_mail.details->'itemIds') || EXCLUDED.details->'itemIds')
       RETURNING id, (xmax = 0) AS inserted`,
      [orderId, kind, JSON.stringify(itemIds), createdAt],
    );
    return row.inserted ? Number(row.id) : null;
  }

  async byId(id: number): Promise<OrderMailRow | null> {
    const [row] = await this.manager.query(
      `SELECT id, order_id AS "orderId", kind, event_key AS "eventKey", details, created_at AS "createdAt",
              sent_at AS "sentAt"
         FROM order_mail WHERE id = $1`,
      [id],
    );
    return row ? { ...row, id: Number(row.id), orderId: Number(row.orderId) } : null;
  }

  async markSent(id: number, sentAt: Date): Promise<void> {
    await this.manager.query(`UPDATE order_mail SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL`, [
      id,
      sentAt,
    ]);
  }

  /** Every e-mail of an order, oldest first (tests and support). */
  async ofOrder(orderId: number): Promise<OrderMailRow[]> {
    const rows = await this.manager.query(
      `SELECT id, order_id AS "orderId", kind, event_key AS "eventKey", details, created_at AS "createdAt",
              sent_at AS "sentAt"
         FROM order_mail WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
    return rows.map((r: OrderMailRow) => ({ ...r, id: Number(r.id), orderId: Number(r.orderId) }));
  }
}
