import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an EN 16931 invoice needs from the order beyond what it stored: the buyer reference (BT-10, a Leitweg-ID for
 * public buyers) and the buyer's VAT ID on every stored address (the billing one is printed; a shipment's is kept so
 * the address is copied whole).
 */
export class EInvoiceFields1764204100000 implements MigrationInterface {
  name = 'EInvoiceFields1764204100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE sales_order ADD COLUMN buyer_reference varchar(100), ADD COLUMN billing_vat_id varchar(20)`,
    );
    await q.query(`ALTER TABLE sales_shipment ADD COLUMN address_vat_id varchar(20)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sales_shipment DROP COLUMN address_vat_id`);
    await q.query(`ALTER TABLE sales_order DROP COLUMN buyer_reference, DROP COLUMN billing_vat_id`);
  }
}
