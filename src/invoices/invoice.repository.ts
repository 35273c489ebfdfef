import type { DeepPartial, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Invoice } from './invoice.entity';

/** Invoices and credit notes in PostgreSQL, with their number counters. */
export class InvoiceRepository {
  constructor(private readonly manager: EntityManager) {}

  byId(id: number): Promise<Invoice | null> {
    return this.manager.findOneBy(Invoice, { id });
  }

  byIds(ids: number[]): Promise<Invoice[]> {
    return this.manager.findBy(Invoice, { id: In(ids) });
  }

  byReference(reference: string): Promise<Invoice | null> {
    return this.manager.findOneBy(Invoice, { reference });
  }

  /** The order's invoice (not a credit note), if issued. */
  invoiceOfOrder(orderId: number): Promise<Invoice | null> {
    return this.manager.findOneBy(Invoice, { orderId, kind: 'INVOICE' });
  }

  async hasInvoice(orderId: number): Promise<boolean> {
    const rows = await this.manager.query(
      `SELECT 1 FROM sales_invoice WHERE order_id = $1 AND kind = 'INVOICE'`,
      [orderId],
    );
    return rows.length > 0;
  }

  /**
   * When the given items first entered a shipped state (first and last of those instants): the date of supply an
   * invoice states. Null when none of them has shipped.
   */
  async shippedBetween(
    itemIds: number[],
    shippedStates: string[],
  ): Promise<{ first: Date; last: Date } | null> {
    if (!itemIds.length || !shippedStates.length) return null;
    const [row] = await this.manager.query(
      `SELECT min(shipped_at) AS first, max(shipped_at) AS last FROM (
         SELECT min(created_at) AS shipped_at FROM oms_item_state_history
          WHERE item_id = ANY($1::bigint[]) AND to_state = ANY($2::varchar[])
          GROUP BY item_id) shipped`,
      [itemIds, shippedStates],
    );
    return row?.first ? { first: new Date(row.first), last: new Date(row.last) } : null;
  }

  creditNotesOfOrder(orderId: number): Promise<Invoice[]> {
    return this.manager.find(Invoice, { where: { orderId, kind: 'CREDIT_NOTE' } });
  }

  /** Invoices and credit notes of a batch of orders, oldest first. */
  ofOrders(orderIds: readonly number[]): Promise<Invoice[]> {
    return this.manager.find(Invoice, { where: { orderId: In([...orderIds]) }, order: { id: 'ASC' } });
  }

  insert(values: DeepPartial<Invoice>): Promise<Invoice> {
    return this.manager.save(this.manager.create(Invoice, values));
  }

  /**
   * The next number of a series and year. The counter row stays locked until the caller's transaction ends, so
   * concurrent invoicings queue on it and a rollback returns its number.
   */
  async nextNumber(series: string, year: number): Promise<number> {
    const [{ last_number: n }] = await this.manager.query(
      `INSERT INTO invoice_number_counter (series, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (series, year) DO UPDATE SET last_number = invoice_number_counter.last_number + 1
       RETURNING last_number`,
      [series, year],
    );
    return n;
  }

  /** Stores the PDF unless one is stored already: whoever stores first wins. */
  async storePdfOnce(id: number, pdf: Buffer): Promise<void> {
    await this.manager.query(`UPDATE sales_invoice SET pdf = $2 WHERE id = $1 AND pdf IS NULL`, [id, pdf]);
  }

  async storedPdf(id: number): Promise<Buffer | null> {
    const [row] = await this.manager.query(`SELECT pdf FROM sales_invoice WHERE id = $1`, [id]);
    return row?.pdf ?? null;
  }

  async markEmailed(id: number, at: Date): Promise<void> {
    await this.manager.query(`UPDATE sales_invoice SET email_sent_at = $2 WHERE id = $1`, [id, at]);
  }
}
