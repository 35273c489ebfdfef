import { placeOrder } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let anna: string;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  anna = app.customerToken('DE--OC1', 'anna@example.com');
  staff = app.backOfficeToken();
});
afterAll(() => app.close());

const ADD = `mutation($r: String!, $m: String!) {
  addOrderComment(orderReference: $r, message: $m) {
    __typename
    ... on OrderComment { id message author createdAt }
    ... on ErrorResult { errorCode message }
  }
}`;
const COMMENTS = `query($r: String!) { order(reference: $r) { comments { id message author createdAt } } }`;

const add = async (reference: string, message: string, token = staff) =>
  app.gql(ADD, { r: reference, m: message }, token);
const commentsOf = async (reference: string, token = staff) =>
  (await app.gql(COMMENTS, { r: reference }, token)).data!.order.comments;
const stored = async (reference: string) =>
  (
    await app.dataSource.query(
      `SELECT o.comment_count AS n, (SELECT count(*)::int FROM sales_order_comment c WHERE c.order_id = o.id) AS rows
         FROM sales_order o WHERE o.reference = $1`,
      [reference],
    )
  )[0];

describe('internal order comments', () => {
  it('are added trimmed, with their author and time, and read newest first', async () => {
    const order = await placeOrder(app, anna);
    const first = await add(order.reference, '  Customer called: deliver after 5 pm.  ');
    expect(first.errors).toBeUndefined();
    expect(first.data!.addOrderComment).toEqual({
      __typename: 'OrderComment',
      id: expect.any(String),
      message: 'Customer called: deliver after 5 pm.',
      author: expect.stringMatching(/^staff:/),
      createdAt: app.clock.now().toISOString(),
    });
    app.clock.advance(60_000);
    const second = await add(order.reference, 'Line one\nline two');
    expect(second.data!.addOrderComment.message).toBe('Line one\nline two');

    const comments = await commentsOf(order.reference);
    expect(comments.map((c: any) => c.message)).toEqual([
      'Line one\nline two',
      'Customer called: deliver after 5 pm.',
    ]);
    expect(comments[1].id).toBe(first.data!.addOrderComment.id);
    expect(new Set(comments.map((c: any) => c.id)).size).toBe(2);
    expect(await stored(order.reference)).toEqual({ n: 2, rows: 2 });
  });

  it('are invisible to the customer, who also cannot write one', async () => {
    const order = await placeOrder(app, anna);
    await add(order.reference, 'Suspected fraud, check payment.');
    expect(await commentsOf(order.reference, anna)).toEqual([]);
    const asCustomer = await add(order.reference, 'Hello', anna);
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(ADD, { r: order.reference, m: 'Hello' });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await stored(order.reference)).toEqual({ n: 1, rows: 1 });
  });

  it('accept 2,000 characters and refuse empty, blank, 2,001 characters and control characters, writing nothing', async () => {
    const order = await placeOrder(app, anna);
    const longest = await add(order.reference, `  ${'x'.repeat(2000)}  `);
    expect(longest.data!.addOrderComment.message).toHaveLength(2000);
    for (const bad of ['', '   \n ', 'y'.repeat(2001), 'bell\u0007', 'spoof\u202e']) {
      const result = await add(order.reference, bad);
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toMatch(/message/);
      expect(result.data ?? null).toBeNull();
    }
    expect(await stored(order.reference)).toEqual({ n: 1, rows: 1 });
  });

  it('answers ORDER_NOT_FOUND for an unknown order', async () => {
    const result = await add('DE--999999', 'Note');
    expect(result.data!.addOrderComment).toMatchObject({ errorCode: 'ORDER_NOT_FOUND' });
  });

  it('of a whole page are read in one statement', async () => {
    const orders: any[] = [];
    for (let n = 0; n < 3; n++) orders.push(await placeOrder(app, anna));
    for (const order of orders) await add(order.reference, `Note on ${order.reference}`);
    app.queries.recorded = [];
    app.queries.recording = true;
    let result;
    try {
      result = await app.gql(
        `{ orders(first: 10, filter: { customerReference: "DE--OC1" }) { nodes { reference comments { message } } } }`,
        {},
        staff,
      );
    } finally {
      app.queries.recording = false;
    }
    expect(result.errors).toBeUndefined();
    for (const node of result.data!.orders.nodes.filter((n: any) =>
      orders.some((o) => o.reference === n.reference),
    )) {
      expect(node.comments[0].message).toBe(`Note on ${node.reference}`);
    }
    expect(app.queries.recorded.filter((s) => /sales_order_comment/.test(s.query))).toHaveLength(1);
  });
});
