import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many orders have an item in each state, per store: the back-office list's totalCount under a state filter
 * sums a few rows instead of testing every order's item_states (a sequential scan: 9 ms for 20,000 orders).
 *
 * Kept as deltas, not counters: statement-level triggers on sales_order append (store, state, ±n) rows computed
 * from the transition tables (an order counts once per distinct state in its item_states, which the triggers of
 * migration 1764202200000 keep). Appending takes no lock another transaction could hold, so the counts add no
 * waits and no deadlocks to placement or to the state machine, however many states one transaction changes.
 * Now and then (one statement in twenty) a trigger also folds the oldest deltas into one row per store and state,
 * skipping rows another fold has locked, so the table stays a few rows per state. A fold is part of its
 * transaction: rolled back with it, seen by others only when committed, so a sum is never half-folded.
 */
export class OrderStateCounts1764202700000 implements MigrationInterface {
  name = 'OrderStateCounts1764202700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sales_order_state_delta (
        id bigserial PRIMARY KEY,
        store varchar(10) NOT NULL,
        state varchar(64) NOT NULL,
        orders bigint NOT NULL
      )`);
    await q.query(
      `CREATE INDEX sales_order_state_delta_state_idx ON sales_order_state_delta (state, store) INCLUDE (orders)`,
    );
    await q.query(`
      INSERT INTO sales_order_state_delta (store, state, orders)
        SELECT o.store, s.state, count(*) FROM sales_order o, unnest(o.item_states) AS s (state) GROUP BY 1, 2`);
    await q.query(`
      CREATE FUNCTION sales_order_state_delta_fold() RETURNS void LANGUAGE sql AS $$
        WITH folded AS (
          DELETE FROM sales_order_state_delta WHERE id IN (
            SELECT id FROM sales_order_state_delta ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED)
          RETURNING store, state, orders)
        INSERT INTO sales_order_state_delta (store, state, orders)
          SELECT store, state, sum(orders) FROM folded GROUP BY store, state HAVING sum(orders) <> 0
      $$`);
    // One function for the three triggers: each branch reads only the transition tables its trigger declares.
    await q.query(`
      CREATE FUNCTION sales_order_state_delta_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO sales_order_state_delta (store, state, orders)
            SELECT n.store, s.state, count(*) FROM new_orders n, unnest(n.item_states) AS s (state) GROUP BY 1, 2;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO sales_order_state_delta (store, state, orders)
            SELECT o.store, s.state, -count(*) FROM old_orders o, unnest(o.item_states) AS s (state) GROUP BY 1, 2;
        ELSE
          INSERT INTO sales_order_state_delta (store, state, orders)
            SELECT store, state, sum(d) FROM (
              SELECT n.store, s.state, 1 AS d FROM new_orders n, unnest(n.item_states) AS s (state)
              UNION ALL
              SELECT o.store, s.state, -1 FROM old_orders o, unnest(o.item_states) AS s (state)
            ) changes GROUP BY store, state HAVING sum(d) <> 0;
        END IF;
        IF FOUND AND random() < 0.05 THEN
          PERFORM sales_order_state_delta_fold();
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sales_order_state_delta_insert AFTER INSERT ON sales_order
        REFERENCING NEW TABLE AS new_orders FOR EACH STATEMENT EXECUTE FUNCTION sales_order_state_delta_record()`);
    await q.query(`
      CREATE TRIGGER sales_order_state_delta_update AFTER UPDATE ON sales_order
        REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
        FOR EACH STATEMENT EXECUTE FUNCTION sales_order_state_delta_record()`);
    await q.query(`
      CREATE TRIGGER sales_order_state_delta_delete AFTER DELETE ON sales_order
        REFERENCING OLD TABLE AS old_orders FOR EACH STATEMENT EXECUTE FUNCTION sales_order_state_delta_record()`);
    // TRUNCATE has no transition table: it empties the deltas with the orders.
    await q.query(`
      CREATE FUNCTION sales_order_state_delta_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM sales_order_state_delta;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sales_order_state_delta_truncate AFTER TRUNCATE ON sales_order
        FOR EACH STATEMENT EXECUTE FUNCTION sales_order_state_delta_truncated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sales_order_state_delta_truncate ON sales_order`);
    await q.query(`DROP TRIGGER sales_order_state_delta_delete ON sales_order`);
    await q.query(`DROP TRIGGER sales_order_state_delta_update ON sales_order`);
    await q.query(`DROP TRIGGER sales_order_state_delta_insert ON sales_order`);
    await q.query(`DROP FUNCTION sales_order_state_delta_truncated()`);
    await q.query(`DROP FUNCTION sales_order_state_delta_record()`);
    await q.query(`DROP FUNCTION sales_order_state_delta_fold()`);
    await q.query(`DROP TABLE sales_order_state_delta`);
  }
}
