import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two triggers that made every placement wait or write more than it needed (measured with pg_stat_statements under
 * four concurrent placements):
 * - `sales_order_count`'s slot was `pg_backend_pid() % 16`. A pooled connection keeps its backend, so two pool
 *   connections with the same slot queued on one counter row until the other's whole transaction committed: 2 ms
 *   per placement on average. The slot now comes from the transaction id, which concurrent transactions draw one
 *   after another, so they land on different rows of 64.
 * - The item-state refresh rewrote the order row even when its distinct item states had not changed, as after every
 *   placement (the order is inserted with them, see OrderRepository.insertWithShipmentsAndItems). Each rewrite of
 *   an order row is a new row version with an entry in each of its sixteen indexes, the trigram index included.
 */
const countFunction = (name: string, table: string, sign: string, slot: string) => `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO sales_order_count (store, slot, orders)
      SELECT store, ${slot}, ${sign}count(*) FROM ${table} GROUP BY store
      ON CONFLICT (store, slot) DO UPDATE SET orders = sales_order_count.orders + excluded.orders;
    RETURN NULL;
  END $$`;

const BY_TRANSACTION = `pg_current_xact_id()::text::bigint % 64`;
const BY_BACKEND = `pg_backend_pid() % 16`;

const DISTINCT_STATES = `ARRAY(SELECT DISTINCT i.state FROM sales_order_item i WHERE i.order_id = o.id ORDER BY 1)`;

/**
 * Refreshes `item_states` of the orders `changed` names, writing only those whose distinct states differ. The ids
 * go in as an array (`= ANY`): a transition table has no statistics, and joined to it the planner chose to hash
 * every order.
 */
const refreshFunction = (name: string, changed: string) => `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE sales_order o SET item_states = ${DISTINCT_STATES}
     WHERE o.id = ANY (ARRAY(${changed})) AND o.item_states IS DISTINCT FROM ${DISTINCT_STATES};
    RETURN NULL;
  END $$`;

const previousRefreshFunction = (name: string, changed: string) => `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE sales_order o SET item_states = ${DISTINCT_STATES}
     WHERE o.id IN (${changed});
    RETURN NULL;
  END $$`;

const ANY_CHANGED = `SELECT DISTINCT order_id FROM changed_items`;
const STATE_CHANGED = `SELECT DISTINCT n.order_id FROM changed_items n JOIN previous_items p ON p.id = n.id
                        WHERE n.state IS DISTINCT FROM p.state`;

export class CheaperOrderWrites1764204200000 implements MigrationInterface {
  name = 'CheaperOrderWrites1764204200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(countFunction('sales_order_count_inserted', 'inserted', '', BY_TRANSACTION));
    await q.query(countFunction('sales_order_count_deleted', 'deleted', '-', BY_TRANSACTION));
    await q.query(refreshFunction('sales_order_item_states_refresh', ANY_CHANGED));
    await q.query(refreshFunction('sales_order_item_states_refresh_updated', STATE_CHANGED));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(countFunction('sales_order_count_inserted', 'inserted', '', BY_BACKEND));
    await q.query(countFunction('sales_order_count_deleted', 'deleted', '-', BY_BACKEND));
    await q.query(previousRefreshFunction('sales_order_item_states_refresh', ANY_CHANGED));
    await q.query(previousRefreshFunction('sales_order_item_states_refresh_updated', STATE_CHANGED));
  }
}
