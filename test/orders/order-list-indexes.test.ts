import { insertBulkOrders } from '../support/bulk-orders';
import { startTestApp, TestApp } from '../support/test-app';

// Each filter and sort of the back-office list, run through the API over 5,000 seeded orders; the statements it
// actually sent are then EXPLAINed with the same parameters, and the plan must use the index meant for it.

let app: TestApp;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  staff = app.backOfficeToken();
  await insertBulkOrders(app.dataSource, { orders: 5000 });
});
afterAll(() => app.close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Runs `query` as back office and returns the flattened plans of the statements it sent that match `statement`,
 * EXPLAINed with the parameters they were sent with (and run, with `analyze`, to see the rows they touched).
 */
async function plansOf(
  query: string,
  statement: RegExp,
  variables: Record<string, unknown> = {},
  { analyze = false } = {},
) {
  app.queries.recorded = [];
  app.queries.recording = true;
  let result;
  try {
    result = await app.gql(query, variables, staff);
  } finally {
    app.queries.recording = false;
  }
  expect(result.errors).toBeUndefined();
  const sent = app.queries.recorded.filter((s) => statement.test(s.query));
  expect(sent.length).toBeGreaterThan(0);
  const plans: PlanNode[][] = [];
  for (const { query: sql, parameters } of sent) {
    const options = analyze ? 'ANALYZE, FORMAT JSON' : 'FORMAT JSON';
    const [row] = await app.dataSource.query(`EXPLAIN (${options}) ${sql}`, parameters);
    const plan = row['QUERY PLAN'];
    plans.push(nodesOf((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan));
  }
  return { data: result.data!, plans };
}

const PAGE_STATEMENT = /FROM "sales_order" "o"/;
const indexesOf = (nodes: PlanNode[]) => nodes.map((n) => n['Index Name']).filter(Boolean);
const seqScansOf = (nodes: PlanNode[]) =>
  nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']);

/** The page statement of an `orders` query with these arguments: its plan and the page's references. */
async function pagePlan(args: string, variables: Record<string, unknown> = {}, variableDefs = '') {
  const query = `query${variableDefs} { orders(first: 20${args}) { nodes { reference } } }`;
  const { data, plans } = await plansOf(query, PAGE_STATEMENT, variables);
  expect(plans).toHaveLength(1);
  return { nodes: plans[0], references: data.orders.nodes.map((n: any) => n.reference) as string[] };
}

describe('back-office order list: every filter and sort is served by its index', () => {
  it('newest first (the default) walks sales_order_created_idx', async () => {
    const { nodes, references } = await pagePlan('');
    expect(indexesOf(nodes)).toEqual(['sales_order_created_idx']);
    expect(seqScansOf(nodes)).toEqual([]);
    expect(references).toHaveLength(20);
  });

  it('oldest first walks the same index backwards', async () => {
    const { nodes } = await pagePlan(', sort: { field: CREATED_AT, direction: ASC }');
    expect(indexesOf(nodes)).toEqual(['sales_order_created_idx']);
    expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
  });

  it.each(['ASC', 'DESC'])('sorting by reference %s uses sales_order_reference_number_idx', async (dir) => {
    const { nodes } = await pagePlan(`, sort: { field: REFERENCE, direction: ${dir} }`);
    expect(indexesOf(nodes)).toEqual(['sales_order_reference_number_idx']);
    expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
  });

  it.each(['ASC', 'DESC'])('sorting by grand total %s uses sales_order_grand_total_idx', async (dir) => {
    const { nodes } = await pagePlan(`, sort: { field: GRAND_TOTAL, direction: ${dir} }`);
    expect(indexesOf(nodes)).toEqual(['sales_order_grand_total_idx']);
    expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
  });

  it('a later page of a sort starts inside the index (keyset), not by skipping rows', async () => {
    const first = await app.gql(
      `{ orders(first: 50, sort: { field: GRAND_TOTAL, direction: DESC }) { pageInfo { endCursor } } }`,
      {},
      staff,
    );
    const after = first.data!.orders.pageInfo.endCursor;
    const { nodes } = await pagePlan(
      ', after: $after, sort: { field: GRAND_TOTAL, direction: DESC }',
      { after },
      '($after: String)',
    );
    expect(indexesOf(nodes)).toEqual(['sales_order_grand_total_idx']);
  });

  it('a date range is an index range on sales_order_created_idx', async () => {
    const { nodes, references } = await pagePlan(
      ', filter: { createdFrom: "2026-05-31T00:00:00.000Z", createdTo: "2026-05-31T06:00:00.000Z" }',
    );
    expect(indexesOf(nodes)).toEqual(['sales_order_created_idx']);
    expect(seqScansOf(nodes)).toEqual([]);
    expect(references).toHaveLength(20);
  });

  it('a store filter uses sales_order_store_created_idx', async () => {
    const { nodes, references } = await pagePlan(', filter: { store: "AT" }');
    expect(indexesOf(nodes)).toEqual(['sales_order_store_created_idx']);
    expect(references.every((r) => r.startsWith('AT--'))).toBe(true);
  });

  it('a custom reference uses sales_order_custom_reference_idx', async () => {
    const { nodes, references } = await pagePlan(', filter: { customReference: "po-4200" }');
    expect(indexesOf(nodes)).toEqual(['sales_order_custom_reference_idx']);
    expect(references).toHaveLength(1);
  });

  it.each([
    // PO-42 and PO-4200 … PO-4290: custom references exist on every 10th order only.
    ['a custom reference fragment', 'PO-42', 11],
    ['an e-mail fragment', 'buyer4217@', 1],
    ['a name fragment', 'Buyer4217 Bu', 1],
  ])('free-text search for %s uses sales_order_search_trgm_idx', async (_what, text, count) => {
    const { nodes, references } = await pagePlan(', filter: { search: $text }', { text }, '($text: String)');
    expect([...new Set(indexesOf(nodes))]).toEqual(['sales_order_search_trgm_idx']);
    expect(seqScansOf(nodes)).toEqual([]);
    expect(references.length).toBe(count);
  });

  it('free-text search for an order reference uses sales_order_search_trgm_idx', async () => {
    const [{ reference }] = await app.dataSource.query(
      `SELECT reference FROM sales_order WHERE store = 'AT' ORDER BY id DESC LIMIT 1`,
    );
    const { nodes, references } = await pagePlan(
      ', filter: { search: $text }',
      { text: reference },
      '($text: String)',
    );
    expect([...new Set(indexesOf(nodes))]).toEqual(['sales_order_search_trgm_idx']);
    expect(references).toEqual([reference]);
  });

  it('a rare item state starts from sales_order_item_states_idx', async () => {
    const { nodes, references } = await pagePlan(', filter: { states: ["returned"] }');
    expect(indexesOf(nodes)).toEqual(['sales_order_item_states_idx']);
    expect(references).toHaveLength(5);
  });

  it('a common item state walks the newest orders, reading their item states from the row', async () => {
    const { nodes, references } = await pagePlan(', filter: { states: ["payment pending"] }');
    expect(indexesOf(nodes)).toEqual(['sales_order_created_idx']);
    expect(references).toHaveLength(20);
  });

  it("a customer's orders use sales_order_customer_created_idx", async () => {
    const { nodes, references } = await pagePlan(', filter: { customerReference: "BULK-7" }');
    expect(indexesOf(nodes)).toEqual(['sales_order_customer_created_idx']);
    expect(references).toHaveLength(20);
  });
});

describe('back-office order list: counts and per-order columns', () => {
  it('counts all orders from sales_order_count without reading sales_order', async () => {
    const { data, plans } = await plansOf(`{ orders(first: 1) { totalCount } }`, /sales_order_count/);
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`);
    expect(data.orders.totalCount).toBe(n);
    expect(plans[0].map((node) => node['Relation Name']).filter(Boolean)).toEqual(['sales_order_count']);
  });

  it('counts one store from the counter too, and a filtered list through its index', async () => {
    const perStore = await app.gql(`{ orders(first: 1, filter: { store: "AT" }) { totalCount } }`, {}, staff);
    expect(perStore.data!.orders.totalCount).toBe(100);
    const { data, plans } = await plansOf(
      `{ orders(first: 1, filter: { customReference: "PO-10" }) { totalCount } }`,
      /count\(\*\)/,
    );
    expect(data.orders.totalCount).toBe(1);
    expect(indexesOf(plans[0])).toEqual(['sales_order_custom_reference_idx']);
  });

  it('reads item counts of a page in one index-only statement, and item states with the page itself', async () => {
    const { data, plans } = await plansOf(
      `{ orders(first: 50) { nodes { reference itemCount itemStates } } }`,
      /FROM sales_order_item/,
    );
    expect(data.orders.nodes.every((n: any) => n.itemCount === 3)).toBe(true);
    expect(plans).toHaveLength(1);
    expect(seqScansOf(plans[0])).toEqual([]);
    expect(indexesOf(plans[0]).every((name) => name!.startsWith('sales_order_item_order'))).toBe(true);
    // The trigger-kept item_states of each row, as the items themselves say.
    const states = await app.dataSource.query(
      `SELECT o.reference, array_agg(DISTINCT i.state COLLATE "C" ORDER BY i.state COLLATE "C") AS states
         FROM sales_order o JOIN sales_order_item i ON i.order_id = o.id
        WHERE o.reference = ANY($1) GROUP BY o.reference`,
      [data.orders.nodes.map((n: any) => n.reference)],
    );
    const expected = new Map(states.map((r: any) => [r.reference, r.states]));
    for (const node of data.orders.nodes) expect(node.itemStates).toEqual(expected.get(node.reference));
  });
});

describe('Order.itemStates of a big order', () => {
  it('reads one index entry per distinct state, not one per item', async () => {
    await insertBulkOrders(app.dataSource, { orders: 1, itemsPerOrder: 3000 });
    const [{ reference }] = await app.dataSource.query(
      `SELECT reference FROM sales_order ORDER BY id DESC LIMIT 1`,
    );
    const { data, plans } = await plansOf(
      `query($reference: String!) { order(reference: $reference) { itemCount itemStates } }`,
      /WITH RECURSIVE/,
      { reference },
      { analyze: true },
    );
    expect(data.order.itemCount).toBe(3000);
    expect(data.order.itemStates.length).toBeGreaterThanOrEqual(1);
    const itemScans = plans[0].filter((n) => n['Relation Name'] === 'sales_order_item');
    expect(itemScans.map((n) => n['Index Name'])).toEqual([
      'sales_order_item_order_state_idx',
      'sales_order_item_order_state_idx',
    ]);
    const entriesRead = itemScans.reduce((sum, n) => sum + n['Actual Rows']! * n['Actual Loops']!, 0);
    expect(entriesRead).toBeLessThanOrEqual(data.order.itemStates.length + 1);
  });
});
