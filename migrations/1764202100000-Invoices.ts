import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoices and credit notes: numbered per series and year from a locked counter row (gap-free: a rolled-back
 * transaction rolls its number back too), one invoice per order, and a stored snapshot and PDF that a trigger
 * keeps from ever changing.
 */
export class Invoices1764202100000 implements MigrationInterface {
  name = 'Invoices1764202100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoice_number_counter (
        series varchar(8) NOT NULL,
        year integer NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (series, year)
      )`);
    await q.query(`
      CREATE TABLE sales_invoice (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id),
        kind varchar(16) NOT NULL CHECK (kind IN ('INVOICE', 'CREDIT_NOTE')),
        reference varchar(64) NOT NULL UNIQUE,
        issue_date timestamptz NOT NULL,
        corrects_id bigint REFERENCES sales_invoice (id),
        currency_code char(3) NOT NULL,
        grand_total bigint NOT NULL,
        snapshot jsonb NOT NULL,
        pdf bytea,
        email_sent_at timestamptz,
        created_at timestamptz NOT NULL,
        CHECK ((kind = 'CREDIT_NOTE') = (corrects_id IS NOT NULL))
      )`);
    // One invoice per order, whatever races: the guard behind the service's own check.
    await q.query(
      `CREATE UNIQUE INDEX sales_invoice_one_per_order ON sales_invoice (order_id) WHERE kind = 'INVOICE'`,
    );
    await q.query(`CREATE INDEX sales_invoice_order_idx ON sales_invoice (order_id, id)`);
    await q.query(`
      CREATE FUNCTION sales_invoice_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.reference <> OLD.reference OR NEW.kind <> OLD.kind OR NEW.order_id <> OLD.order_id
           OR NEW.snapshot <> OLD.snapshot OR NEW.grand_total <> OLD.grand_total
           OR NEW.issue_date <> OLD.issue_date OR NEW.corrects_id IS DISTINCT FROM OLD.corrects_id
           OR (OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf) THEN
          RAISE EXCEPTION 'invoice % is immutable: only a missing PDF and the sending time may be set', OLD.reference;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER sales_invoice_immutable BEFORE UPDATE ON sales_invoice
      FOR EACH ROW EXECUTE FUNCTION sales_invoice_immutable()`);
    await q.query(`
      CREATE FUNCTION sales_invoice_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'invoice % cannot be deleted; issue a credit note instead', OLD.reference;
      END $$`);
    await q.query(`
      CREATE TRIGGER sales_invoice_no_delete BEFORE DELETE ON sales_invoice
      FOR EACH ROW EXECUTE FUNCTION sales_invoice_refuse_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sales_invoice`);
    await q.query(`DROP FUNCTION sales_invoice_immutable()`);
    await q.query(`DROP FUNCTION sales_invoice_refuse_delete()`);
    await q.query(`DROP TABLE invoice_number_counter`);
  }
}
