import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live order updates (src/live/): every statement that changes an order, its items, its shipments or adds an
 * invoice sends `NOTIFY order_changed, '<order id>'`. PostgreSQL delivers a notification only when its transaction
 * commits (never for a rollback) and sends one per order however many rows or statements of the transaction touched
 * it, so subscribers hear of committed changes only, from any process and any code path (API, worker, timeouts).
 * Statement-level triggers with transition tables: a 10,000-item move costs one trigger call, not 10,000.
 */
const TRIGGERS: [table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', fn: string][] = [
  ['sales_order', 'INSERT', 'notify_order_rows_changed'],
  ['sales_order', 'UPDATE', 'notify_order_rows_changed'],
  ['sales_order_item', 'UPDATE', 'notify_order_parts_changed'],
  ['sales_shipment', 'INSERT', 'notify_order_parts_changed'],
  ['sales_shipment', 'UPDATE', 'notify_order_parts_changed'],
  ['sales_shipment', 'DELETE', 'notify_order_parts_changed'],
  ['sales_invoice', 'INSERT', 'notify_order_parts_changed'],
];

const name = (table: string, event: string) => `${table}_notify_${event.toLowerCase()}`;

export class OrderChangeNotifications1764203100000 implements MigrationInterface {
  name = 'OrderChangeNotifications1764203100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_order_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('order_changed', c.id::text) FROM (SELECT DISTINCT id FROM changed) c;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION notify_order_parts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('order_changed', c.order_id::text) FROM (SELECT DISTINCT order_id FROM changed) c;
        RETURN NULL;
      END $$`);
    for (const [table, event, fn] of TRIGGERS) {
      const transition = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
      await q.query(`CREATE TRIGGER ${name(table, event)} AFTER ${event} ON ${table}
        REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, event] of TRIGGERS) await q.query(`DROP TRIGGER ${name(table, event)} ON ${table}`);
    await q.query(`DROP FUNCTION notify_order_parts_changed()`);
    await q.query(`DROP FUNCTION notify_order_rows_changed()`);
  }
}
