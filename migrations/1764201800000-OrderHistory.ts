import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who changed what on an order and when, beyond item states: shipments, custom reference. */
export class OrderHistory1764201800000 implements MigrationInterface {
  name = 'OrderHistory1764201800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sales_order_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        action varchar(64) NOT NULL,
        description text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        actor varchar(160) NOT NULL,
        source varchar(20) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sales_order_change_order_idx ON sales_order_change (order_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sales_order_change`);
  }
}
