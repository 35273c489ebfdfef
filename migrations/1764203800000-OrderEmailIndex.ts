import { MigrationInterface, QueryRunner } from 'typeorm';

/** A guest has no customer reference: the back office's `Order.customer.orderCount` counts their orders by e-mail. */
export class OrderEmailIndex1764203800000 implements MigrationInterface {
  name = 'OrderEmailIndex1764203800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sales_order_email_idx ON sales_order (email)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sales_order_email_idx`);
  }
}
