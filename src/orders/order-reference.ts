/**
 * `{STORE}--{n}` from one database sequence: unique under any concurrency, as Spryker's `DE--1`. An SQL expression
 * for the INSERT of the order itself, so that the number costs no statement of its own.
 */
export const ORDER_REFERENCE_SQL = (storeParameter: string) =>
  `${storeParameter} || '--' || nextval('sales_order_reference_seq')`;
