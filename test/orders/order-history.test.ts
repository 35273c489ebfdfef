import { address, placeOrder, placeOrderInput, twoShipmentsInput } from '../support/factories';
import { OrderRepository } from '../../src/orders/order.repository';
import { OrderKeyset } from '../../src/orders/order-sort';
import { SalesItem } from '../../src/orders/sales-item.entity';
import { SalesOrder } from '../../src/orders/sales-order.entity';
import { Shipment } from '../../src/shipments/shipment.entity';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let anna: string; // customer DE--C1
let bert: string; // customer DE--C2
let staff: string;
let annasOrder: any;
let bertsOrder: any;

beforeAll(async () => {
  // A page of 50 orders with items and shipments costs 11 million at the default MAX_SALES_ITEMS_PER_ORDER
  // (10,000), over the default QUERY_MAX_COST: bounded orders keep it within, as a B2B-free shop would.
  app = await startTestApp({ MAX_SALES_ITEMS_PER_ORDER: '1000' });
  anna = app.customerToken('DE--C1', 'anna@example.com');
  bert = app.customerToken('DE--C2', 'bert@example.com');
  staff = app.backOfficeToken();
  annasOrder = await placeOrder(app, anna);
  bertsOrder = await placeOrder(app, bert, placeOrderInput(undefined, { customReference: 'BERT-PO-1' }));
});
afterAll(() => app.close());

const ORDER = `query($reference: String!) { order(reference: $reference) { reference customerReference } }`;
const ORDERS = `query($first: Int, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) {
    totalCount
    nodes { id reference createdAt customerReference }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function references(token: string, filter?: Record<string, unknown>): Promise<string[]> {
  const result = await app.gql(ORDERS, { first: 100, filter }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.orders.nodes.map((n: any) => n.reference);
}

/** Every page of a list, `first` at a time, in order. */
async function allPages(token: string, first: number, filter?: Record<string, unknown>) {
  const nodes: any[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const result = await app.gql(ORDERS, { first, after, filter }, token);
    expect(result.errors).toBeUndefined();
    const { nodes: pageNodes, pageInfo } = result.data!.orders;
    nodes.push(...pageNodes);
    if (!pageInfo.hasNextPage) return nodes;
    after = pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

describe('who sees which orders', () => {
  it("reads another customer's order as not found (null), never as forbidden", async () => {
    const result = await app.gql(ORDER, { reference: bertsOrder.reference }, anna);
    expect(result.errors).toBeUndefined();
    expect(result.data!.order).toBeNull();
    const own = await app.gql(ORDER, { reference: annasOrder.reference }, anna);
    expect(own.data!.order).toEqual({ reference: annasOrder.reference, customerReference: 'DE--C1' });
  });

  it("never lists another customer's orders, even when the filter names that customer", async () => {
    expect(await references(anna)).toEqual([annasOrder.reference]);
    expect(await references(anna, { customerReference: 'DE--C2' })).toEqual([annasOrder.reference]);
    expect(await references(anna, { search: 'BERT-PO' })).toEqual([]);
    expect(await references(anna, { customReference: 'BERT-PO-1' })).toEqual([]);
    const counted = await app.gql(ORDERS, { filter: { customerReference: 'DE--C2' } }, anna);
    expect(counted.data!.orders.totalCount).toBe(1);
  });

  it('gives an anonymous caller UNAUTHENTICATED and no order data', async () => {
    const one = await app.gql(ORDER, { reference: annasOrder.reference });
    expect(one.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(one.data?.order ?? null).toBeNull();
    const list = await app.gql(ORDERS, {});
    expect(list.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(list.data ?? null).toBeNull();
    const forged = await app.gql(ORDERS, {}, `${anna.slice(0, -4)}AAAA`);
    expect(forged.data ?? null).toBeNull();
    expect(forged.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('lets back office read and list every order', async () => {
    const one = await app.gql(ORDER, { reference: bertsOrder.reference }, staff);
    expect(one.data!.order.customerReference).toBe('DE--C2');
    const all = await references(staff);
    expect(all).toEqual(expect.arrayContaining([annasOrder.reference, bertsOrder.reference]));
    expect(await references(staff, { customerReference: 'DE--C2' })).toEqual([bertsOrder.reference]);
  });
});

describe('paging', () => {
  const carla = () => app.customerToken('DE--C3', 'carla@example.com');

  beforeAll(async () => {
    // Seven orders a minute apart, then three placed at the same instant: id breaks the tie.
    app.clock.set(new Date('2026-11-28T08:00:00.000Z'));
    for (let i = 0; i < 7; i += 1) {
      app.clock.advance(60_000);
      await placeOrder(app, carla());
    }
    await Promise.all([placeOrder(app, carla()), placeOrder(app, carla()), placeOrder(app, carla())]);
  });

  it('pages newest first, then by id, with no duplicates or gaps at any page size', async () => {
    const everything = await allPages(carla(), 100);
    expect(everything).toHaveLength(10);
    const expected = [...everything].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id),
    );
    expect(everything).toEqual(expected);
    for (const size of [1, 2, 3, 4, 7]) {
      expect((await allPages(carla(), size)).map((n) => n.id)).toEqual(everything.map((n) => n.id));
    }
  });

  it('keeps pages stable when newer orders arrive while paging', async () => {
    const first = await app.gql(ORDERS, { first: 4 }, carla());
    app.clock.advance(3_600_000);
    await placeOrder(app, carla());
    const second = await app.gql(ORDERS, { first: 4, after: first.data!.orders.pageInfo.endCursor }, carla());
    const seen = [...first.data!.orders.nodes, ...second.data!.orders.nodes].map((n: any) => n.id);
    expect(new Set(seen).size).toBe(8);
    expect(second.data!.orders.nodes[0].createdAt <= first.data!.orders.nodes[3].createdAt).toBe(true);
  });

  it('refuses a page size over the maximum, or under 1, with BAD_USER_INPUT', async () => {
    for (const first of [101, 0, -1]) {
      const result = await app.gql(ORDERS, { first }, carla());
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.data ?? null).toBeNull();
    }
    const hundred = await app.gql(ORDERS, { first: 100 }, carla());
    expect(hundred.errors).toBeUndefined();
  });

  it('refuses a malformed cursor with BAD_USER_INPUT', async () => {
    const notJson = Buffer.from('hello').toString('base64url');
    const wrongShape = Buffer.from(JSON.stringify(['CREATED_AT:DESC', 5])).toString('base64url');
    const badDate = Buffer.from(JSON.stringify(['CREATED_AT:DESC', 'yesterday', 5])).toString('base64url');
    for (const after of ['garbage!', notJson, wrongShape, badDate, '']) {
      const result = await app.gql(ORDERS, { first: 2, after }, carla());
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).not.toMatch(/select|sql|syntax/i);
    }
  });
});

describe('SQL statements per page', () => {
  const PAGE = `query($first: Int!) {
    orders(first: $first) {
      nodes {
        reference customReference createdAt email customerName itemStates itemCount
        billingAddress { firstName city }
        totals { subtotal { amount } expenseTotal { amount } taxTotal { amount } grandTotal { amount minorUnits } }
        items { id sku quantity state unitPrice { amount } sumPrice { amount } taxAmount { minorUnits }
                shipment { id methodName } }
        shipments { id methodName carrierName expense { amount } address { city } items { id sku } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('is the same for a history page of 50 orders as for a page of 5', async () => {
    const dora = app.customerToken('DE--C4', 'dora@example.com');
    const input = twoShipmentsInput();
    for (let batch = 0; batch < 13; batch += 1) {
      await Promise.all([0, 1, 2, 3].map(() => placeOrder(app, dora, input)));
    }
    const statements = async (first: number) => {
      const before = app.queries.count;
      const result = await app.gql(PAGE, { first }, dora);
      expect(result.errors).toBeUndefined();
      expect(result.data!.orders.nodes).toHaveLength(first);
      const order = result.data!.orders.nodes[0];
      expect(order.items).toHaveLength(4);
      expect(order.itemCount).toBe(4);
      expect(order.shipments.map((s: any) => s.items.length)).toEqual([3, 1]);
      expect(order.items[3].shipment.methodName).toBe('Express');
      return app.queries.count - before;
    };
    // Measured more than once: a batch that sometimes splits in two would show here.
    const counts = [await statements(5), await statements(50), await statements(5), await statements(50)];
    expect(new Set(counts).size).toBe(1);
    // The page, items, shipments, item states, item counts.
    expect(counts[0]).toBeLessThanOrEqual(5);
  });

  it('is one statement for a history page that shows items and shipments, through nodes or edges alike', async () => {
    const fenna = app.customerToken('DE--C8', 'fenna@example.com');
    const input = twoShipmentsInput();
    for (let i = 0; i < 3; i += 1) await placeOrder(app, fenna, input);
    const FIELDS = `reference itemStates isCancellable totals { grandTotal { amount } }
      items { id sku quantity state shipmentId: shipment { id } unitPrice { amount } }
      shipments { id methodName address { city } items { id } }`;
    const counted = async (query: string) => {
      const before = app.queries.count;
      const result = await app.gql(query, {}, fenna);
      expect(result.errors).toBeUndefined();
      return { statements: app.queries.count - before, orders: result.data!.orders };
    };
    const viaNodes = await counted(`{ orders(first: 20) { nodes { ${FIELDS} } } }`);
    const viaEdges = await counted(`{ orders(first: 20) { edges { node { ${FIELDS} } } } }`);
    // Behind a fragment the list does not look: the fields load what they show themselves, in batches (items and
    // shipments together; the items again for isCancellable, which asks before that batch has answered).
    const viaFragment = await counted(
      `{ orders(first: 20) { nodes { ...Shown } } } fragment Shown on Order { ${FIELDS} }`,
    );
    expect([viaNodes.statements, viaEdges.statements, viaFragment.statements]).toEqual([1, 1, 3]);
    // Read ahead or loaded by the fields: the same answer.
    expect(viaNodes.orders.nodes).toHaveLength(3);
    expect(viaNodes.orders.nodes[0].items).toHaveLength(4);
    expect(viaNodes.orders.nodes[0].shipments.map((s: any) => s.items.length)).toEqual([3, 1]);
    expect(viaEdges.orders.edges.map((e: any) => e.node)).toEqual(viaNodes.orders.nodes);
    expect(viaFragment.orders.nodes).toEqual(viaNodes.orders.nodes);
  });
  it('reads ahead in every sort order, giving the same page as without', async () => {
    for (const field of ['CREATED_AT', 'REFERENCE', 'GRAND_TOTAL', 'REFUND_TOTAL']) {
      for (const direction of ['ASC', 'DESC']) {
        const page = async (fields: string) => {
          const result = await app.gql(
            `{ orders(first: 3, sort: { field: ${field}, direction: ${direction} }) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`,
            {},
            staff,
          );
          expect(result.errors).toBeUndefined();
          return result.data!.orders;
        };
        const plain = await page('reference');
        const ahead = await page('reference items { id } shipments { id }');
        expect(ahead.nodes.map((o: any) => o.reference)).toEqual(plain.nodes.map((o: any) => o.reference));
        expect(ahead.pageInfo).toEqual(plain.pageInfo);
        for (const order of ahead.nodes) expect(order.items.length).toBeGreaterThan(0);
      }
    }
  });

  it('reads ahead the same entities, every column, as the loaders read them', async () => {
    const hanna = app.customerToken('DE--C10', 'hanna@example.com');
    for (let i = 0; i < 2; i += 1) await placeOrder(app, hanna, twoShipmentsInput());
    // A cancelled item: other amounts, another state and its time, in the rows compared.
    const [item] = await app.dataSource.query(
      `SELECT i.id, i.order_id FROM sales_order_item i JOIN sales_order o ON o.id = i.order_id
        WHERE o.customer_reference = 'DE--C10' ORDER BY i.id LIMIT 1`,
    );
    await app.dataSource.query(
      `UPDATE sales_order_item SET canceled_amount = sum_price, state = 'cancelled',
         state_changed_at = '2026-11-28T11:12:13.456789Z' WHERE id = $1`,
      [item.id],
    );
    const orders = new OrderRepository(app.dataSource.manager);
    const page = await orders.page({ customerReference: 'DE--C10' }, new OrderKeyset(), undefined, 5, {
      items: true,
      shipments: true,
    });
    expect(page).toHaveLength(2);
    const loaded = await orders.itemsAndShipmentsOfOrders(page.map((row) => row.order.id));
    // The page is newest first; the loaders read by id.
    const byId = <T extends { id: number }>(list: T[]) => [...list].sort((a, b) => a.id - b.id);
    expect(byId(page.flatMap((row) => row.items!))).toEqual(loaded.items);
    expect(byId(page.flatMap((row) => row.shipments!))).toEqual(loaded.shipments);
    expect(loaded.items.find((i) => i.id === Number(item.id))).toMatchObject({
      state: 'cancelled',
      stateChangedAt: new Date('2026-11-28T11:12:13.456Z'),
    });
    // The orders too, every column as TypeORM's find reads it (the page adds the item states it read along).
    for (const { order } of page) {
      expect({ ...order, knownItemStates: undefined }).toEqual(
        await app.dataSource.manager.findOneByOrFail(SalesOrder, { id: order.id }),
      );
      expect(order.knownItemStates).toEqual(
        order.id === Number(item.order_id) ? ['cancelled', 'payment pending'] : ['payment pending'],
      );
    }
    // Entities of their class, as TypeORM's find gives them.
    expect(page[0].order).toBeInstanceOf(SalesOrder);
    expect(page[0].items![0]).toBeInstanceOf(SalesItem);
    expect(page[0].shipments![0]).toEqual(
      await app.dataSource.manager.findOneByOrFail(Shipment, { id: page[0].shipments![0].id }),
    );
  });

  it('reads nothing ahead for the row after the page, the one that only tells that another page follows', async () => {
    const greta = app.customerToken('DE--C9', 'greta@example.com');
    for (let i = 0; i < 3; i += 1) await placeOrder(app, greta, twoShipmentsInput());
    app.queries.recorded = [];
    app.queries.recording = true;
    let result;
    try {
      result = await app.gql(
        `{ orders(first: 2) { nodes { items { id } shipments { id } } pageInfo { hasNextPage } } }`,
        {},
        greta,
      );
    } finally {
      app.queries.recording = false;
    }
    expect(result.errors).toBeUndefined();
    expect(result.data!.orders.pageInfo.hasNextPage).toBe(true);
    expect(result.data!.orders.nodes.map((o: any) => [o.items.length, o.shipments.length])).toEqual([
      [4, 2],
      [4, 2],
    ]);
    const [page] = app.queries.recorded.filter((s) => /read_ahead_items/.test(s.query));
    const [row] = await app.dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${page.query}`, page.parameters);
    const plan = row['QUERY PLAN'];
    type PlanNode = { 'Parent Relationship'?: string; 'Actual Loops': number; Plans?: PlanNode[] };
    const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
    const subPlans = nodesOf((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan).filter(
      (n) => n['Parent Relationship'] === 'SubPlan',
    );
    // The items' and the shipments' subqueries: each run for the two orders shown, not for the third.
    expect(subPlans.map((n) => n['Actual Loops'])).toEqual([2, 2]);
  });
});

describe('filters', () => {
  let eva: string;
  let early: any;
  let middle: any;
  let late: any;

  beforeAll(async () => {
    eva = app.customerToken('DE--C5', 'eva.lindqvist@example.org');
    app.clock.set(new Date('2026-12-01T09:00:00.000Z'));
    early = await placeOrder(
      app,
      eva,
      placeOrderInput(undefined, {
        billingAddress: address({ firstName: 'Eva', lastName: 'Lindqvist' }),
        customReference: 'SAP-7781',
      }),
    );
    app.clock.set(new Date('2026-12-02T09:00:00.000Z'));
    middle = await placeOrder(app, eva);
    app.clock.set(new Date('2026-12-03T09:00:00.000Z'));
    late = await placeOrder(app, eva);
    await app.dataSource.query(
      `UPDATE sales_order_item SET state = 'shipped'
        WHERE id = (SELECT min(i.id) FROM sales_order_item i JOIN sales_order o ON o.id = i.order_id
                     WHERE o.reference = $1)`,
      [middle.reference],
    );
  });

  it('searches order reference, custom reference, e-mail and customer name, case-insensitively', async () => {
    expect(await references(staff, { search: early.reference })).toEqual([early.reference]);
    expect(await references(staff, { search: 'sap-77' })).toEqual([early.reference]);
    expect(await references(staff, { search: 'LINDQVIST@EXAMPLE' })).toEqual([
      late.reference,
      middle.reference,
      early.reference,
    ]);
    expect(await references(staff, { search: 'eva lindq' })).toEqual([early.reference]);
    expect(await references(staff, { search: '  Lindqvist  ' })).toHaveLength(3);
    // LIKE wildcards in the text are literal characters.
    expect(await references(staff, { search: '%' })).toEqual([]);
    expect(await references(staff, { search: 'S_P-7781' })).toEqual([]);
  });

  it('matches the custom reference exactly, ignoring case', async () => {
    expect(await references(staff, { customReference: 'sap-7781' })).toEqual([early.reference]);
    expect(await references(staff, { customReference: 'SAP-778' })).toEqual([]);
    expect(await references(eva, { customReference: 'SAP-7781' })).toEqual([early.reference]);
  });

  it('filters by customer for back office', async () => {
    expect(await references(staff, { customerReference: 'DE--C5' })).toEqual([
      late.reference,
      middle.reference,
      early.reference,
    ]);
  });

  it('filters by creation time, both ends inclusive', async () => {
    const range = { createdFrom: '2026-12-02T09:00:00.000Z', createdTo: '2026-12-03T09:00:00.000Z' };
    expect(await references(eva, range)).toEqual([late.reference, middle.reference]);
    expect(await references(eva, { createdTo: '2026-12-02T08:59:59.999Z' })).toEqual([early.reference]);
    expect(await references(staff, { ...range, customerReference: 'DE--C5' })).toHaveLength(2);
  });

  it('filters by item state: an order matches when any of its items is in one of the states', async () => {
    expect(await references(eva, { states: ['shipped'] })).toEqual([middle.reference]);
    expect(await references(eva, { states: ['shipped', 'no such state'] })).toEqual([middle.reference]);
    expect(await references(eva, { states: ['no such state'] })).toEqual([]);
    const both = await app.gql(
      `query($r: String!) { order(reference: $r) { itemStates } }`,
      { r: middle.reference },
      eva,
    );
    expect(both.data!.order.itemStates).toContain('shipped');
    expect(both.data!.order.itemStates).toEqual([...both.data!.order.itemStates].sort());
  });

  it('counts what the filter matches', async () => {
    const result = await app.gql(
      ORDERS,
      { first: 1, filter: { customerReference: 'DE--C5', states: ['shipped'] } },
      staff,
    );
    expect(result.data!.orders.totalCount).toBe(1);
    expect(result.data!.orders.pageInfo.hasNextPage).toBe(false);
  });
});
