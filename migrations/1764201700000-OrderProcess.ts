import { MigrationInterface, QueryRunner } from 'typeorm';

/** The order item state machine: every state change in a history, and timed events as rows with a due time. */
export class OrderProcess1764201700000 implements MigrationInterface {
  name = 'OrderProcess1764201700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oms_item_state_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        item_id bigint NOT NULL REFERENCES sales_order_item (id) ON DELETE CASCADE,
        from_state varchar(64),
        to_state varchar(64) NOT NULL,
        event varchar(64),
        actor varchar(160) NOT NULL,
        source varchar(20) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX oms_item_state_history_item_idx ON oms_item_state_history (item_id, id)`);
    await q.query(`CREATE INDEX oms_item_state_history_order_idx ON oms_item_state_history (order_id)`);

    // One row per item and timed event of the state the item is in; deleted when the item leaves that state.
    await q.query(`
      CREATE TABLE oms_event_timeout (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        item_id bigint NOT NULL REFERENCES sales_order_item (id) ON DELETE CASCADE,
        state varchar(64) NOT NULL,
        event varchar(64) NOT NULL,
        due_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        CONSTRAINT oms_event_timeout_item_event UNIQUE (item_id, event)
      )`);
    await q.query(`CREATE INDEX oms_event_timeout_due_idx ON oms_event_timeout (due_at)`);
    await q.query(`CREATE INDEX oms_event_timeout_order_idx ON oms_event_timeout (order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oms_event_timeout`);
    await q.query(`DROP TABLE oms_item_state_history`);
  }
}
