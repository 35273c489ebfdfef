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
}
