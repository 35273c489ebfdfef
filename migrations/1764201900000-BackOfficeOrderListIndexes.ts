import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the back-office order list filters and sorts by, each backed by an index (proved with EXPLAIN in
 * test/orders/order-list-indexes.test.ts), and an order counter so that counting all orders reads a few rows
 * instead of the whole table.
 */
export class BackOfficeOrderListIndexes1764201900000 implements MigrationInterface {
  name = 'BackOfficeOrderListIndexes1764201900000';

  async up(q: QueryRunner): Promise<void> {
    // Trusted extension (PostgreSQL 13+): a database owner may create it without superuser rights.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // Sorting by reference means by its number (DE--9 before DE--10). The number comes from one sequence for all
    // stores, so it alone orders references. 0 for a reference not of the form {STORE}--{n}, so that an odd row
    // inserted by hand sorts first instead of failing the insert. Mirrored by referenceNumber() in order-sort.ts.
    await q.query(`
      ALTER TABLE sales_order ADD COLUMN reference_number bigint NOT NULL
        GENERATED ALWAYS AS (coalesce(substring(reference from '--([0-9]{1,18})$')::bigint, 0)) STORED`);
    await q.query(`CREATE INDEX sales_order_reference_number_idx ON sales_order (reference_number, id)`);
    await q.query(`CREATE INDEX sales_order_grand_total_idx ON sales_order (grand_total, id)`);
    // Newest first within one store; created_at and id descending as in sales_order_created_idx.
    await q.query(
      `CREATE INDEX sales_order_store_created_idx ON sales_order (store, created_at DESC, id DESC)`,
    );
    // filter.customReference matches case-insensitively; most orders have none, so they stay out of the index.
    await q.query(`
      CREATE INDEX sales_order_custom_reference_idx ON sales_order (lower(custom_reference))
        WHERE custom_reference IS NOT NULL`);
    // filter.search is ILIKE '%text%' on reference, custom reference, e-mail and name. One trigram index on all four
    // joined by the unit separator (U+001F), which the search text never contains: a match cannot span two fields,
    // so this is exactly the four-way OR, at the cost of one index scan instead of four. The expression must be
    // the query's, character for character: ORDER_SEARCH_TEXT in src/orders/order-search.ts.
    await q.query(`
      CREATE INDEX sales_order_search_trgm_idx ON sales_order USING gin ((
        reference || E'\\x1f' || coalesce(custom_reference, '') || E'\\x1f' || email || E'\\x1f'
          || billing_first_name || ' ' || billing_last_name
      ) gin_trgm_ops)`);
    // Order.itemStates walks the distinct states of an order through this index (a loose index scan): a B2B
    // order of 5,000 items in two states costs three index probes, not 5,000 rows.
    await q.query(`CREATE INDEX sales_order_item_order_state_idx ON sales_order_item (order_id, state)`);

    // How many orders each store has, kept by statement-level triggers: a page's unfiltered back-office
    // totalCount sums a few rows instead of counting every order. Several slots per store (chosen by backend)
    // so that concurrent placements do not queue on one counter row until they commit.
    await q.query(`
      CREATE TABLE sales_order_count (
        store varchar(10) NOT NULL,
        slot smallint NOT NULL,
        orders bigint NOT NULL,
        PRIMARY KEY (store, slot)
      )`);
    await q.query(`
      CREATE FUNCTION sales_order_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO sales_order_count (store, slot, orders)
          SELECT store, pg_backend_pid() % 16, count(*) FROM inserted GROUP BY store
          ON CONFLICT (store, slot) DO UPDATE SET orders = sales_order_count.orders + excluded.orders;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION sales_order_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO sales_order_count (store, slot, orders)
          SELECT store, pg_backend_pid() % 16, -count(*) FROM deleted GROUP BY store
          ON CONFLICT (store, slot) DO UPDATE SET orders = sales_order_count.orders + excluded.orders;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION sales_order_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM sales_order_count;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sales_order_count_insert AFTER INSERT ON sales_order
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION sales_order_count_inserted()`);
    await q.query(`
      CREATE TRIGGER sales_order_count_delete AFTER DELETE ON sales_order
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION sales_order_count_deleted()`);
    await q.query(`
      CREATE TRIGGER sales_order_count_truncate AFTER TRUNCATE ON sales_order
        FOR EACH STATEMENT EXECUTE FUNCTION sales_order_count_truncated()`);
    await q.query(`
      INSERT INTO sales_order_count (store, slot, orders)
        SELECT store, 0, count(*) FROM sales_order GROUP BY store`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sales_order_count_truncate ON sales_order`);
    await q.query(`DROP TRIGGER sales_order_count_delete ON sales_order`);
    await q.query(`DROP TRIGGER sales_order_count_insert ON sales_order`);
    await q.query(`DROP FUNCTION sales_order_count_truncated()`);
    await q.query(`DROP FUNCTION sales_order_count_deleted()`);
    await q.query(`DROP FUNCTION sales_order_count_inserted()`);
    await q.query(`DROP TABLE sales_order_count`);
    await q.query(`DROP INDEX sales_order_item_order_state_idx`);
    await q.query(`DROP INDEX sales_order_search_trgm_idx`);
    await q.query(`DROP INDEX sales_order_custom_reference_idx`);
    await q.query(`DROP INDEX sales_order_store_created_idx`);
    await q.query(`DROP INDEX sales_order_grand_total_idx`);
    await q.query(`DROP INDEX sales_order_reference_number_idx`);
    await q.query(`ALTER TABLE sales_order DROP COLUMN reference_number`);
  }
}
