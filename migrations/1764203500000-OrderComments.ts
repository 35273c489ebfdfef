import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Back office's internal comments on an order (never shown to the customer), newest first per order; and
 * `sales_order.comment_count`, kept in the comment's transaction (the order row is locked), for the list's
 * `hasComments` filter without a probe into the comments per listed order.
 */
export class OrderComments1764203500000 implements MigrationInterface {
  name = 'OrderComments1764203500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sales_order_comment (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
      message text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
      author varchar(160) NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE INDEX sales_order_comment_order_idx ON sales_order_comment (order_id, created_at DESC, id DESC)`,
    );
    await q.query(`ALTER TABLE sales_order ADD COLUMN comment_count integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sales_order DROP COLUMN comment_count`);
    await q.query(`DROP TABLE sales_order_comment`);
  }
}
