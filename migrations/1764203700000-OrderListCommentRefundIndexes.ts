import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The back-office list's new filters and sort, each served by an index (test/back-office/order-list-filter-indexes
 * proves the plans): orders with comments and refunded orders, newest first, are partial indexes holding only those
 * (few) orders; sorting by refund total walks (refund_total, id) like the grand total's.
 */
export class OrderListCommentRefundIndexes1764203700000 implements MigrationInterface {
  name = 'OrderListCommentRefundIndexes1764203700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sales_order_refund_total_idx ON sales_order (refund_total, id)`);
    await q.query(
      `CREATE INDEX sales_order_commented_created_idx ON sales_order (created_at DESC, id DESC) WHERE comment_count > 0`,
    );
    await q.query(
      `CREATE INDEX sales_order_refunded_created_idx ON sales_order (created_at DESC, id DESC) WHERE refund_total > 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sales_order_refunded_created_idx`);
    await q.query(`DROP INDEX sales_order_commented_created_idx`);
    await q.query(`DROP INDEX sales_order_refund_total_idx`);
  }
}
