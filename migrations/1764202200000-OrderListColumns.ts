import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two columns that make the back-office list's filtered counts cheap. Counting "every order matching this search
 * and these states" must visit each matching order; these make each visit a look at the row itself instead of a
 * concatenation with a case-insensitive match and a probe into the items:
 * - `search_text`: the lower-cased text free-text search looks in (generated, so it cannot drift);
 * - `item_states`: the distinct states of the order's items, kept by statement-level triggers on the items.
 */
export class OrderListColumns1764202200000 implements MigrationInterface {
  name = 'OrderListColumns1764202200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sales_order ADD COLUMN search_text text GENERATED ALWAYS AS (lower(
        reference || E'\\x1f' || coalesce(custom_reference, '') || E'\\x1f' || email || E'\\x1f'
        || billing_first_name || ' ' || billing_last_name)) STORED`);
    await q.query(`DROP INDEX sales_order_search_trgm_idx`);
    await q.query(
      `CREATE INDEX sales_order_search_trgm_idx ON sales_order USING gin (search_text gin_trgm_ops)`,
    );

    await q.query(`ALTER TABLE sales_order ADD COLUMN item_states varchar(64)[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE sales_order o SET item_states =
        ARRAY(SELECT DISTINCT i.state FROM sales_order_item i WHERE i.order_id = o.id ORDER BY 1)`);
    await q.query(`CREATE INDEX sales_order_item_states_idx ON sales_order USING gin (item_states)`);
    // One UPDATE per statement, however many items it touched; orders whose item states did not change are skipped.
    await q.query(`
      CREATE FUNCTION sales_order_item_states_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE sales_order o
           SET item_states = ARRAY(SELECT DISTINCT i.state FROM sales_order_item i WHERE i.order_id = o.id ORDER BY 1)
         WHERE o.id IN (SELECT order_id FROM changed_items);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION sales_order_item_states_refresh_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE sales_order o
           SET item_states = ARRAY(SELECT DISTINCT i.state FROM sales_order_item i WHERE i.order_id = o.id ORDER BY 1)
         WHERE o.id IN (SELECT n.order_id FROM changed_items n JOIN previous_items p ON p.id = n.id
                         WHERE n.state IS DISTINCT FROM p.state);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sales_order_item_states_insert AFTER INSERT ON sales_order_item
      REFERENCING NEW TABLE AS changed_items FOR EACH STATEMENT EXECUTE FUNCTION sales_order_item_states_refresh()`);
    await q.query(`
      CREATE TRIGGER sales_order_item_states_delete AFTER DELETE ON sales_order_item
      REFERENCING OLD TABLE AS changed_items FOR EACH STATEMENT EXECUTE FUNCTION sales_order_item_states_refresh()`);
    await q.query(`
      CREATE TRIGGER sales_order_item_states_update AFTER UPDATE ON sales_order_item
      REFERENCING OLD TABLE AS previous_items NEW TABLE AS changed_items
      FOR EACH STATEMENT EXECUTE FUNCTION sales_order_item_states_refresh_updated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sales_order_item_states_update ON sales_order_item`);
    await q.query(`DROP TRIGGER sales_order_item_states_delete ON sales_order_item`);
    await q.query(`DROP TRIGGER sales_order_item_states_insert ON sales_order_item`);
    await q.query(`DROP FUNCTION sales_order_item_states_refresh_updated()`);
    await q.query(`DROP FUNCTION sales_order_item_states_refresh()`);
    await q.query(`ALTER TABLE sales_order DROP COLUMN item_states`);
    await q.query(`DROP INDEX sales_order_search_trgm_idx`);
    await q.query(`ALTER TABLE sales_order DROP COLUMN search_text`);
    await q.query(`
      CREATE INDEX sales_order_search_trgm_idx ON sales_order USING gin ((
        reference || E'\\x1f' || coalesce(custom_reference, '') || E'\\x1f' || email || E'\\x1f'
        || billing_first_name || ' ' || billing_last_name) gin_trgm_ops)`);
  }
}
