import { MigrationInterface, QueryRunner } from 'typeorm';

const address = (prefix: string) => `
  ${prefix}_salutation varchar(16),
  ${prefix}_first_name varchar(100) NOT NULL,
  ${prefix}_last_name varchar(100) NOT NULL,
  ${prefix}_company varchar(255),
  ${prefix}_address1 varchar(255) NOT NULL,
  ${prefix}_address2 varchar(255),
  ${prefix}_address3 varchar(255),
  ${prefix}_zip_code varchar(15) NOT NULL,
  ${prefix}_city varchar(100) NOT NULL,
  ${prefix}_country char(2) NOT NULL,
  ${prefix}_phone varchar(50),
  ${prefix}_email varchar(255)`;

/** Catalog, orders, shipments and items: what placement and history need. */
export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE product (
        sku varchar(64) PRIMARY KEY,
        name varchar(255) NOT NULL,
        tax_rate_bp integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
        is_quantity_splittable boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE product_price (
        sku varchar(64) NOT NULL REFERENCES product (sku) ON DELETE CASCADE,
        currency_code char(3) NOT NULL,
        gross_amount bigint NOT NULL CHECK (gross_amount >= 0),
        PRIMARY KEY (sku, currency_code)
      )`);
    await q.query(`
      CREATE TABLE shipment_method (
        key varchar(64) PRIMARY KEY,
        name varchar(255) NOT NULL,
        carrier_name varchar(255) NOT NULL,
        delivery_time varchar(255),
        tax_rate_bp integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
        position integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE shipment_method_price (
        method_key varchar(64) NOT NULL REFERENCES shipment_method (key) ON DELETE CASCADE,
        currency_code char(3) NOT NULL,
        gross_amount bigint NOT NULL CHECK (gross_amount >= 0),
        PRIMARY KEY (method_key, currency_code)
      )`);

    // One counter for all stores, as Spryker's OrderReference sequence: references never collide across stores.
    await q.query(`CREATE SEQUENCE sales_order_reference_seq`);
    await q.query(`
      CREATE TABLE sales_order (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reference varchar(45) NOT NULL UNIQUE,
        custom_reference varchar(255),
        customer_reference varchar(128) NOT NULL,
        email varchar(255) NOT NULL,
        store varchar(10) NOT NULL,
        currency_code char(3) NOT NULL,
        price_mode varchar(16) NOT NULL,
        locale varchar(16) NOT NULL,
        ${address('billing')},
        subtotal bigint NOT NULL,
        expense_total bigint NOT NULL,
        discount_total bigint NOT NULL,
        tax_total bigint NOT NULL,
        grand_total bigint NOT NULL,
        canceled_total bigint NOT NULL,
        refund_total bigint NOT NULL,
        idempotency_key varchar(128),
        request_hash char(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sales_order_customer_idempotency_key UNIQUE (customer_reference, idempotency_key)
      )`);
    // Customer history pages: newest first, then id, within one customer.
    await q.query(
      `CREATE INDEX sales_order_customer_created_idx ON sales_order (customer_reference, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX sales_order_created_idx ON sales_order (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE sales_shipment (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        method_key varchar(64) NOT NULL,
        method_name varchar(255) NOT NULL,
        carrier_name varchar(255) NOT NULL,
        delivery_time varchar(255),
        requested_delivery_date date,
        ${address('address')},
        expense_amount bigint NOT NULL CHECK (expense_amount >= 0),
        expense_tax_rate_bp integer NOT NULL,
        expense_tax_amount bigint NOT NULL,
        expense_canceled_amount bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX sales_shipment_order_idx ON sales_shipment (order_id)`);

    await q.query(`
      CREATE TABLE sales_order_item (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
        shipment_id bigint NOT NULL REFERENCES sales_shipment (id),
        line_number integer NOT NULL,
        sku varchar(64) NOT NULL,
        name varchar(255) NOT NULL,
        quantity integer NOT NULL CHECK (quantity >= 1),
        unit_price bigint NOT NULL,
        sum_price bigint NOT NULL,
        tax_rate_bp integer NOT NULL,
        tax_amount bigint NOT NULL,
        canceled_amount bigint NOT NULL DEFAULT 0,
        is_quantity_splittable boolean NOT NULL,
        state varchar(64) NOT NULL,
        state_changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sales_order_item_order_idx ON sales_order_item (order_id, id)`);
    await q.query(`CREATE INDEX sales_order_item_shipment_idx ON sales_order_item (shipment_id)`);
    // Back office's state filter: "orders with any item in these states".
    await q.query(`CREATE INDEX sales_order_item_state_idx ON sales_order_item (state, order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sales_order_item`);
    await q.query(`DROP TABLE sales_shipment`);
    await q.query(`DROP TABLE sales_order`);
    await q.query(`DROP SEQUENCE sales_order_reference_seq`);
    await q.query(`DROP TABLE shipment_method_price`);
    await q.query(`DROP TABLE shipment_method`);
    await q.query(`DROP TABLE product_price`);
    await q.query(`DROP TABLE product`);
  }
}
