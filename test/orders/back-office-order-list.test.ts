import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let staff: string;
const placed: any[] = [];

// Twelve orders (DE--1 … DE--12 on a fresh database), so that the reference sort crosses from 9 to 10. Their
// totals are not in placement order, and two of them are equal, so that id has to break a tie.
const LINES = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];

beforeAll(async () => {
  app = await startTestApp();
  staff = app.backOfficeToken();
  app.clock.set(new Date('2026-11-20T08:00:00.000Z'));
  for (const [i, quantity] of LINES.entries()) {
    app.clock.advance(60_000);
    const token = app.customerToken(`DE--C${(i % 3) + 1}`, `customer${(i % 3) + 1}@example.com`);
    const input = placeOrderInput([shipment([{ sku: 'MUG-002', quantity }])], {
      billingAddress: address({ firstName: `First${i}`, lastName: `Last${i}` }),
    });
    placed.push(await placeOrder(app, token, input));
  }
});
afterAll(() => app.close());

const LIST = `query($first: Int, $after: String, $filter: OrderFilter, $sort: OrderSort) {
  orders(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount
    nodes { id reference createdAt customerName email itemStates itemCount totals { grandTotal { minorUnits amount } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function list(variables: Record<string, unknown>, token = staff) {
  const result = await app.gql(LIST, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!.orders;
}

async function allPages(first: number, sort?: Record<string, unknown>, filter?: Record<string, unknown>) {
  const nodes: any[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await list({ first, after, sort, filter });
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

const numberOf = (reference: string) => Number(reference.split('--')[1]);

describe('back-office order list', () => {
  it("shows what Spryker's order table shows, in one query", async () => {
    const { nodes } = await list({ first: 1 });
    const newest = placed[placed.length - 1];
    expect(nodes[0]).toEqual({
      id: newest.id,
      reference: newest.reference,
      createdAt: '2026-11-20T08:12:00.000Z',
      customerName: 'First11 Last11',
      email: 'customer3@example.com',
      itemStates: newest.itemStates,
      itemCount: 8,
      totals: { grandTotal: newest.totals.grandTotal },
    });
  });

  it('counts items as sales item rows: a split line per unit, a non-splittable line once', async () => {
    const token = app.customerToken('DE--C9');
    const order = await placeOrder(
      app,
      token,
      placeOrderInput([
        shipment([
          { sku: 'TSHIRT-001', quantity: 3 },
          { sku: 'PALLET-005', quantity: 4 },
        ]),
      ]),
    );
    const { nodes } = await list({ first: 1, filter: { customerReference: 'DE--C9' } });
    expect(nodes[0].itemCount).toBe(order.items.length);
    expect(nodes[0].itemCount).toBe(4);
    await app.dataSource.query(`DELETE FROM sales_order WHERE reference = $1`, [order.reference]);
  });

  it('sorts by reference number: DE--9 before DE--10', async () => {
    const asc = await allPages(100, { field: 'REFERENCE', direction: 'ASC' });
    const numbers = asc.map((n) => numberOf(n.reference));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(asc.findIndex((n) => n.reference === 'DE--9')).toBeLessThan(
      asc.findIndex((n) => n.reference === 'DE--10'),
    );
    const desc = await allPages(100, { field: 'REFERENCE', direction: 'DESC' });
    expect(desc.map((n) => n.reference)).toEqual(asc.map((n) => n.reference).reverse());
  });

  it('sorts by grand total either way, equal totals by id in the same direction', async () => {
    const asc = await allPages(100, { field: 'GRAND_TOTAL', direction: 'ASC' });
    const key = (n: any) => [n.totals.grandTotal.minorUnits, Number(n.id)];
    const sorted = [...asc].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
    expect(asc.map((n) => n.id)).toEqual(sorted.map((n) => n.id));
    const desc = await allPages(100, { field: 'GRAND_TOTAL', direction: 'DESC' });
    expect(desc.map((n) => n.id)).toEqual(sorted.map((n) => n.id).reverse());
    // Equal totals exist (three orders of 5 mugs), so the tie-break was exercised.
    expect(new Set(asc.map((n) => n.totals.grandTotal.minorUnits)).size).toBeLessThan(asc.length);
  });

  it('sorts by creation time, newest first by default, oldest first on request', async () => {
    const byDefault = await allPages(100);
    expect(byDefault.map((n) => n.reference)).toEqual(placed.map((o) => o.reference).reverse());
    const asc = await allPages(100, { field: 'CREATED_AT', direction: 'ASC' });
    expect(asc.map((n) => n.reference)).toEqual(placed.map((o) => o.reference));
    const explicitDefault = await allPages(100, { field: 'CREATED_AT' });
    expect(explicitDefault).toEqual(byDefault);
  });

  it.each([
    ['CREATED_AT', 'ASC'],
    ['CREATED_AT', 'DESC'],
    ['REFERENCE', 'ASC'],
    ['REFERENCE', 'DESC'],
    ['GRAND_TOTAL', 'ASC'],
    ['GRAND_TOTAL', 'DESC'],
  ])('pages %s %s without duplicates or gaps', async (field, direction) => {
    const whole = await allPages(100, { field, direction });
    for (const size of [1, 2, 5]) {
      expect((await allPages(size, { field, direction })).map((n) => n.id)).toEqual(whole.map((n) => n.id));
    }
  });

  it('combines a sort with filters', async () => {
    const nodes = await allPages(2, { field: 'GRAND_TOTAL', direction: 'DESC' }, { search: 'customer2@' });
    expect(nodes.map((n) => n.email)).toEqual(Array(4).fill('customer2@example.com'));
    const totals = nodes.map((n) => n.totals.grandTotal.minorUnits);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('refuses a cursor made for another sort, with BAD_USER_INPUT that says so', async () => {
    const page = await list({ first: 2, sort: { field: 'GRAND_TOTAL', direction: 'ASC' } });
    const after = page.pageInfo.endCursor;
    for (const sort of [
      { field: 'GRAND_TOTAL', direction: 'DESC' },
      { field: 'REFERENCE', direction: 'ASC' },
      undefined,
    ]) {
      const result = await app.gql(LIST, { first: 2, after, sort }, staff);
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toMatch(/sort GRAND_TOTAL:ASC/);
    }
    const same = await app.gql(
      LIST,
      { first: 2, after, sort: { field: 'GRAND_TOTAL', direction: 'ASC' } },
      staff,
    );
    expect(same.errors).toBeUndefined();
  });

  it('refuses an unknown sort field', async () => {
    const result = await app.gql(LIST, { sort: { field: 'EMAIL' } }, staff);
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('lets a customer sort their own orders, and only theirs', async () => {
    const token = app.customerToken('DE--C1', 'customer1@example.com');
    const mine = await list({ first: 100, sort: { field: 'REFERENCE', direction: 'ASC' } }, token);
    expect(mine.nodes.map((n: any) => n.reference)).toEqual(
      placed.filter((_, i) => i % 3 === 0).map((o) => o.reference),
    );
    expect(mine.totalCount).toBe(4);
  });

  it('filters by store', async () => {
    expect((await list({ first: 100, filter: { store: 'DE' } })).nodes).toHaveLength(placed.length);
    expect((await list({ first: 100, filter: { store: 'AT' } })).nodes).toEqual([]);
  });
});

describe('totalCount', () => {
  const countAll = async () => {
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`);
    return n;
  };

  it('counts every order, and each store, without counting rows, and stays right as orders come and go', async () => {
    expect((await list({ first: 1 })).totalCount).toBe(await countAll());
    const tokens = [1, 2, 3, 4, 5, 6].map((i) => app.customerToken(`DE--P${i}`));
    await Promise.all(tokens.map((token) => placeOrder(app, token)));
    expect((await list({ first: 1 })).totalCount).toBe(await countAll());
    expect((await list({ first: 1, filter: { store: 'DE' } })).totalCount).toBe(await countAll());
    expect((await list({ first: 1, filter: { store: 'AT' } })).totalCount).toBe(0);
    await app.dataSource.query(`DELETE FROM sales_order WHERE customer_reference = 'DE--P1'`);
    expect((await list({ first: 1 })).totalCount).toBe(await countAll());
  });

  it('counts filtered lists exactly', async () => {
    expect((await list({ first: 1, filter: { search: 'customer2@' } })).totalCount).toBe(4);
    expect((await list({ first: 1, filter: { search: '   ' } })).totalCount).toBe(await countAll());
  });

  it('is not counted unless asked for', async () => {
    const before = app.queries.count;
    await app.gql(`{ orders(first: 5) { nodes { reference } } }`, {}, staff);
    expect(app.queries.count - before).toBe(1);
  });

  it('is zero again after the table is emptied', async () => {
    await app.dataSource.query(`TRUNCATE sales_order CASCADE`);
    expect((await list({ first: 1 })).totalCount).toBe(0);
    await placeOrder(app, app.customerToken('DE--C1'));
    expect((await list({ first: 1 })).totalCount).toBe(1);
  });
});
