import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds with amounts: what was refunded of each item and of each shipment's shipping, and one row per refund
 * (the `refund` event's command) with its items, who, when, and the credit note it issued.
 */
export class Refunds1764203600000 implements MigrationInterface {
  name = 'Refunds1764203600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sales_order_item ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE sales_shipment ADD COLUMN expense_refunded_amount bigint NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE sales_refund (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
      currency_code char(3) NOT NULL,
      item_amount bigint NOT NULL CHECK (item_amount >= 0),
      expense_amount bigint NOT NULL CHECK (expense_amount >= 0),
      amount bigint NOT NULL CHECK (amount = item_amount + expense_amount),
      item_ids bigint[] NOT NULL,
      credit_note_id bigint REFERENCES sales_invoice (id),
      actor varchar(160) NOT NULL,
      source varchar(20) NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX sales_refund_order_idx ON sales_refund (order_id, id)`);
    // Orders placed before: refund_total meant "what could still be refunded"; now it is what was refunded.
    await q.query(`UPDATE sales_order SET refund_total = 0 WHERE refund_total <> 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sales_refund`);
    await q.query(`ALTER TABLE sales_shipment DROP COLUMN expense_refunded_amount`);
    await q.query(`ALTER TABLE sales_order_item DROP COLUMN refunded_amount`);
    await q.query(`UPDATE sales_order SET refund_total = grand_total`);
  }
}
