import { insertBulkOrders } from '../support/bulk-orders';
import { placeOrder } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// The back-office list's comment and refund filters and the refund-total sort, run through the API over 5,000
// seeded orders; the page statement it sent is then EXPLAINed with the same parameters, and the plan must use the
// index meant for it (as test/orders/order-list-indexes.test.ts does for the older filters).

let app: TestApp;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  staff = app.backOfficeToken();
  await insertBulkOrders(app.dataSource, { orders: 5000 });
  // Few orders have comments (every 100th) or refunds (every 125th), as in a shop.
  await app.dataSource.query(`UPDATE sales_order SET comment_count = 1 WHERE id % 100 = 0`);
  await app.dataSource.query(`UPDATE sales_order SET refund_total = 100 + id WHERE id % 125 = 0`);
  await app.dataSource.query(`VACUUM ANALYZE sales_order`);
});
afterAll(() => app.close());

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
const indexesOf = (nodes: PlanNode[]) => nodes.map((n) => n['Index Name']).filter(Boolean);

async function pagePlan(args: string, token = staff) {
  app.queries.recorded = [];
  app.queries.recording = true;
  let result;
  try {
    result = await app.gql(`{ orders(first: 20${args}) { totalCount nodes { reference } } }`, {}, token);
  } finally {
    app.queries.recording = false;
  }
  expect(result.errors).toBeUndefined();
  const sent = app.queries.recorded.filter(
    (s) => /FROM "sales_order" "o"/.test(s.query) && !/count\(\*\)/.test(s.query),
  );
  expect(sent).toHaveLength(1);
  const [row] = await app.dataSource.query(`EXPLAIN (FORMAT JSON) ${sent[0].query}`, sent[0].parameters);
  const plan = row['QUERY PLAN'];
  return {
    nodes: nodesOf((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan),
    references: result.data!.orders.nodes.map((n: any) => n.reference) as string[],
    totalCount: result.data!.orders.totalCount as number,
  };
}

const count = async (where: string): Promise<number> =>
  (await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order WHERE ${where}`))[0].n;

describe('back-office order list: comment and refund filters, refund-total sort', () => {
  it('hasComments: true walks sales_order_commented_created_idx, and counts right', async () => {
    const { nodes, references, totalCount } = await pagePlan(', filter: { hasComments: true }');
    expect(indexesOf(nodes)).toEqual(['sales_order_commented_created_idx']);
    expect(references).toHaveLength(20);
    expect(totalCount).toBe(await count('comment_count > 0'));
  });

  it('refunded: true walks sales_order_refunded_created_idx, and counts right', async () => {
    const { nodes, references, totalCount } = await pagePlan(', filter: { refunded: true }');
    expect(indexesOf(nodes)).toEqual(['sales_order_refunded_created_idx']);
    expect(references).toHaveLength(20);
    expect(totalCount).toBe(await count('refund_total > 0'));
  });

  it('refunded: false and hasComments: false walk the newest orders (most orders match)', async () => {
    const { nodes, totalCount } = await pagePlan(', filter: { refunded: false, hasComments: false }');
    expect(indexesOf(nodes)).toEqual(['sales_order_created_idx']);
    expect(totalCount).toBe(await count('refund_total = 0 AND comment_count = 0'));
  });

  it.each(['ASC', 'DESC'])('sorting by refund total %s uses sales_order_refund_total_idx', async (dir) => {
    const { nodes, references } = await pagePlan(`, sort: { field: REFUND_TOTAL, direction: ${dir} }`);
    expect(indexesOf(nodes)).toEqual(['sales_order_refund_total_idx']);
    expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
    expect(references).toHaveLength(20);
    if (dir === 'DESC') {
      const [{ reference }] = await app.dataSource.query(
        `SELECT reference FROM sales_order ORDER BY refund_total DESC, id DESC LIMIT 1`,
      );
      expect(references[0]).toBe(reference);
    }
  });

  it('a customer filtering by hasComments gets their list unfiltered (comments are internal)', async () => {
    const token = app.customerToken('BULK-0');
    const all = await pagePlan('', token);
    const filtered = await pagePlan(', filter: { hasComments: true }', token);
    expect(filtered.references).toEqual(all.references);
    expect(filtered.totalCount).toBe(all.totalCount);
  });

  it('a real comment puts an order in the hasComments list; an order without refunds is not in the refunded list', async () => {
    const anna = app.customerToken('DE--FI1');
    const order = await placeOrder(app, anna);
    const add = await app.gql(
      `mutation($r: String!) { addOrderComment(orderReference: $r, message: "Check") { __typename } }`,
      { r: order.reference },
      staff,
    );
    expect(add.data!.addOrderComment.__typename).toBe('OrderComment');
    const commented = await pagePlan(', filter: { hasComments: true, customerReference: "DE--FI1" }');
    expect(commented.references).toEqual([order.reference]);
    const refunded = await pagePlan(', filter: { refunded: true, customerReference: "DE--FI1" }');
    expect(refunded.references).toEqual([]);
  });
});
