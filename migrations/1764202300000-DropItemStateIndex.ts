import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The state filter reads sales_order.item_states since 1764202200000; the (state, order_id) index on the items
 * served only the old filter and cost a write on every state change. Order.itemStates keeps using
 * sales_order_item_order_state_idx.
 */
export class DropItemStateIndex1764202300000 implements MigrationInterface {
  name = 'DropItemStateIndex1764202300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sales_order_item_state_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sales_order_item_state_idx ON sales_order_item (state, order_id)`);
  }
}
