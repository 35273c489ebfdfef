import type { EntityManager } from 'typeorm';

/** `{STORE}--{n}` from one database sequence: unique under any concurrency, as Spryker's `DE--1`. */
export async function nextOrderReference(manager: EntityManager, store: string): Promise<string> {
  const [{ n }] = await manager.query(`SELECT nextval('sales_order_reference_seq') AS n`);
  return `${store}--${n}`;
}
