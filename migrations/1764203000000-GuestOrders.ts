import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Guest checkout: an order without a customer (customer_reference null), its access tokens (only their sha256 is
 * stored), and the order e-mails, one row per event so that each is sent once however often its job runs.
 */
export class GuestOrders1764203000000 implements MigrationInterface {
  name = 'GuestOrders1764203000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sales_order ALTER COLUMN customer_reference DROP NOT NULL`);
    // A guest's idempotency keys are scoped by the e-mail address they ordered with (customers': by reference).
    await q.query(`CREATE UNIQUE INDEX sales_order_guest_idempotency_key ON sales_order (email, idempotency_key)
      WHERE customer_reference IS NULL AND idempotency_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE guest_order_access (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX guest_order_access_order_idx ON guest_order_access (order_id)`);
    await q.query(`
      CREATE TABLE order_mail (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        event_key varchar(200) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        CONSTRAINT order_mail_once UNIQUE (order_id, kind, event_key)
      )`);
    // The order e-mails' job queue, with the invoice queue's defaults (src/jobs/job-settings.ts).
    await q.query(`SELECT pgboss.create_queue($1, $2)`, [
      'order.mail',
      JSON.stringify({
        policy: 'standard',
        retryLimit: 11,
        retryDelay: 10,
        retryBackoff: true,
        expireInSeconds: 300,
        retentionMinutes: 14 * 24 * 60,
      }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pgboss.delete_queue('order.mail')`);
    await q.query(`DROP TABLE order_mail`);
    await q.query(`DROP TABLE guest_order_access`);
    await q.query(`DROP INDEX sales_order_guest_idempotency_key`);
    await q.query(`DELETE FROM sales_order WHERE customer_reference IS NULL`);
    await q.query(`ALTER TABLE sales_order ALTER COLUMN customer_reference SET NOT NULL`);
  }
}
