import type { EntityManager } from 'typeorm';

/** How many orders each customer has placed, for the back-office order page's customer panel. */
export class OrderCustomerRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Orders per customer reference, in one statement (an index-only range of sales_order_customer_created_idx each). */
  async orderCountsOfCustomers(customerReferences: readonly string[]): Promise<Map<string, number>> {
    const rows: { customerReference: string; n: number }[] = await this.manager.query(
      `SELECT customer_reference AS "customerReference", count(*)::int AS n FROM sales_order
        WHERE customer_reference = ANY($1::varchar[]) GROUP BY customer_reference`,
      [customerReferences],
    );
    return new Map(rows.map((r) => [r.customerReference, r.n]));
  }

  /** Orders per e-mail address, for guests (who have no reference), in one statement. */
  async orderCountsOfEmails(emails: readonly string[]): Promise<Map<string, number>> {
    const rows: { email: string; n: number }[] = await this.manager.query(
      `SELECT email, count(*)::int AS n FROM sales_order WHERE email = ANY($1::varchar[]) GROUP BY email`,
      [emails],
    );
    return new Map(rows.map((r) => [r.email, r.n]));
  }
}
