import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, ParsedMail } from 'mailparser';
import { ORDER_FIELDS, PLACE_ORDER, placeOrder, placeOrderInput } from '../support/factories';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-guest-'));
  app = await startTestApp({
    DATA_DIR: dataDir,
    GUEST_ORDER_ACCESS_TTL: '1d',
    GUEST_LINK_REQUESTS_PER_HOUR: '3',
    PUBLIC_URL: 'https://shop.example',
  });
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const GUEST_PLACE = `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on Order { reference email customerReference guestAccessToken itemStates }
      ... on ErrorResult { errorCode message }
    }
  }`;
const GUEST_ORDER = `query G($t: String!) { guestOrder(accessToken: $t) { ${ORDER_FIELDS} guestAccessToken isCancellable } }`;
const GUEST_CANCEL = `
  mutation C($r: String!, $t: String) {
    cancelOrder(reference: $r, accessToken: $t) {
      __typename
      ... on Order { reference itemStates }
      ... on ErrorResult { errorCode message }
    }
  }`;
const REQUEST_LINK = `mutation L($r: String!, $e: String!) { requestGuestOrderLink(reference: $r, email: $e) }`;

async function placeGuestOrder(email = 'gina@example.com', extra: Record<string, unknown> = {}) {
  const result = await app.gql(GUEST_PLACE, { input: placeOrderInput(undefined, { email, ...extra }) });
  expect(result.errors).toBeUndefined();
  expect(result.data!.placeOrder.__typename).toBe('Order');
  return result.data!.placeOrder;
}

/** Every .eml in the outbox, parsed, oldest first; the outbox is emptied so each test sees its own. */
async function takeMails(): Promise<ParsedMail[]> {
  while ((await app.app.services.jobWorker.runDueJobs()).claimed > 0);
  const dir = path.join(dataDir, 'outbox');
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const mails = await Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(dir, f)))));
  for (const f of files) fs.rmSync(path.join(dir, f));
  return mails;
}

const linkIn = (mail: ParsedMail) =>
  /https:\/\/shop\.example\/orders\/[^?\s]+\?token=([A-Za-z0-9_-]+)/.exec(mail.text!);

describe('guest checkout', () => {
  it('places an order without a token, with an access token that reads only that order', async () => {
    const placed = await placeGuestOrder();
    expect(placed.customerReference).toBeNull();
    expect(placed.email).toBe('gina@example.com');
    expect(placed.guestAccessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    const rows = await app.dataSource.query(`SELECT token_hash FROM guest_order_access`);
    expect(JSON.stringify(rows)).not.toContain(placed.guestAccessToken);

    const read = await app.gql(GUEST_ORDER, { t: placed.guestAccessToken });
    expect(read.errors).toBeUndefined();
    expect(read.data!.guestOrder.reference).toBe(placed.reference);
    expect(read.data!.guestOrder.guestAccessToken).toBeNull(); // only placeOrder's answer carries it
    expect(read.data!.guestOrder.items).toHaveLength(1);
  });

  it('requires an e-mail address from a guest, and validates it before writing anything', async () => {
    const before = await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`);
    const missing = await app.gql(GUEST_PLACE, { input: placeOrderInput() });
    expect(missing.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(missing.errors![0].extensions)).toContain('email');
    const bad = await app.gql(GUEST_PLACE, {
      input: placeOrderInput(undefined, { email: 'not-an-address' }),
    });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM sales_order`)).toEqual(before);
  });

  it('answers a retry with the same idempotency key with the first order and a fresh working token', async () => {
    const input = placeOrderInput(undefined, { email: 'retry@example.com', idempotencyKey: 'guest-key-1' });
    const first = (await app.gql(GUEST_PLACE, { input })).data!.placeOrder;
    const second = (await app.gql(GUEST_PLACE, { input })).data!.placeOrder;
    expect(second.reference).toBe(first.reference);
    expect(second.guestAccessToken).not.toBe(first.guestAccessToken);
    for (const token of [first.guestAccessToken, second.guestAccessToken]) {
      expect((await app.gql(GUEST_ORDER, { t: token })).data!.guestOrder.reference).toBe(first.reference);
    }
    // The same key from another address is another guest's key.
    const other = (await app.gql(GUEST_PLACE, { input: { ...input, email: 'someone@example.com' } })).data!
      .placeOrder;
    expect(other.reference).not.toBe(first.reference);
  });

  it('reads nothing for a malformed, unknown or expired token, and says the same each time', async () => {
    const placed = await placeGuestOrder('expiry@example.com');
    const answers = [];
    for (const t of ['x', 'A'.repeat(43), `${placed.guestAccessToken}x`, "' OR 1=1 --"]) {
      answers.push(await app.gql(GUEST_ORDER, { t }));
    }
    app.clock.advance(86_400_000 + 1);
    answers.push(await app.gql(GUEST_ORDER, { t: placed.guestAccessToken }));
    for (const answer of answers) expect(answer).toEqual({ data: { guestOrder: null } });
  });

  it('lets a guest cancel by token within the window, and a wrong token cancel nothing', async () => {
    const placed = await placeGuestOrder('cancel@example.com');
    await trigger(app, placed.reference, 'pay');
    const wrong = await app.gql(GUEST_CANCEL, { r: placed.reference, t: 'B'.repeat(43) });
    expect(wrong.data!.cancelOrder.__typename).toBe('OrderNotFoundError');
    const noToken = await app.gql(GUEST_CANCEL, { r: placed.reference });
    expect(noToken.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    // Another guest's token does not open this order.
    const other = await placeGuestOrder('other@example.com');
    const foreign = await app.gql(GUEST_CANCEL, { r: placed.reference, t: other.guestAccessToken });
    expect(foreign.data!.cancelOrder.__typename).toBe('OrderNotFoundError');

    const cancelled = await app.gql(GUEST_CANCEL, { r: placed.reference, t: placed.guestAccessToken });
    expect(cancelled.data!.cancelOrder).toEqual({
      __typename: 'Order',
      reference: placed.reference,
      itemStates: ['cancelled'],
    });
  });

  it("gives a guest their invoice's signed PDF link, as a customer gets it", async () => {
    const placed = await placeGuestOrder('invoice@example.com');
    await trigger(app, placed.reference, 'pay');
    const issued = await app.gql(
      `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename } }`,
      { r: placed.reference },
      app.backOfficeToken(),
    );
    expect(issued.data!.generateInvoice.__typename).toBe('Invoice');
    const read = await app.gql(
      `query G($t: String!) { guestOrder(accessToken: $t) { invoices { reference pdfUrl } } }`,
      {
        t: placed.guestAccessToken,
      },
    );
    const [invoice] = read.data!.guestOrder.invoices;
    expect(invoice.pdfUrl).toMatch(
      new RegExp(`^https://shop\\.example/invoices/${invoice.reference}\\.pdf\\?expires=\\d+&signature=`),
    );
  });

  it('refuses a guest cancel once the window has closed, like a customer', async () => {
    const placed = await placeGuestOrder('late@example.com');
    await trigger(app, placed.reference, 'pay');
    app.clock.advance(30 * 60_000 + 1);
    const late = await app.gql(GUEST_CANCEL, { r: placed.reference, t: placed.guestAccessToken });
    expect(late.data!.cancelOrder).toMatchObject({ __typename: 'OrderNotCancellableError' });
  });

  it('shows guest orders to back office, never to a signed-in customer', async () => {
    const placed = await placeGuestOrder('visible@example.com');
    const query = `query O($r: String!) { order(reference: $r) { reference customerReference email } }`;
    const staff = await app.gql(query, { r: placed.reference }, app.backOfficeToken());
    expect(staff.data!.order).toEqual({
      reference: placed.reference,
      customerReference: null,
      email: 'visible@example.com',
    });
    const customer = await app.gql(query, { r: placed.reference }, app.customerToken('DE--C1'));
    expect(customer.data!.order).toBeNull();
    const cancel = await app.gql(GUEST_CANCEL, { r: placed.reference }, app.customerToken('DE--C1'));
    expect(cancel.data!.cancelOrder.__typename).toBe('OrderNotFoundError');
    // Nor does a customer's token open a guest order by guessing the access token field.
    const list = await app.gql(
      `{ orders(first: 50) { nodes { reference } } }`,
      {},
      app.customerToken('DE--C1'),
    );
    expect(list.data!.orders.nodes.map((o: any) => o.reference)).not.toContain(placed.reference);
  });

  it('keeps customers ordering as before, without an access token', async () => {
    const order = await placeOrder(app, app.customerToken('DE--C2'));
    expect(order.customerReference).toBe('DE--C2');
    const again = await app.gql(
      PLACE_ORDER.replace('__typename', '__typename ... on Order { guestAccessToken }'),
      {
        input: placeOrderInput(),
      },
      app.customerToken('DE--C2'),
    );
    expect(again.data!.placeOrder.guestAccessToken).toBeNull();
  });
});

describe('requestGuestOrderLink', () => {
  it('answers the same for a match and a mismatch, and mails a working link only to the order address', async () => {
    const placed = await placeGuestOrder('link@example.com');
    await takeMails(); // the order confirmation
    const answers = [
      await app.gql(REQUEST_LINK, { r: placed.reference, e: 'LINK@example.com' }),
      await app.gql(REQUEST_LINK, { r: placed.reference, e: 'attacker@example.com' }),
      await app.gql(REQUEST_LINK, { r: 'DE--999999', e: 'link@example.com' }),
    ];
    for (const answer of answers) expect(answer).toEqual({ data: { requestGuestOrderLink: true } });

    const mails = await takeMails();
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect((mail.to as { text: string }).text).toBe('link@example.com');
    expect(mail.subject).toContain(placed.reference);
    // Handlebars escapes "=" in the HTML part as &#x3D;, which a mail client reads as "=".
    expect((mail.html as string).replaceAll('&#x3D;', '=')).toContain(
      `href='https://shop.example/orders/${placed.reference}?token=${linkIn(mail)![1]}'`,
    );
    const token = linkIn(mail)![1];
    expect((await app.gql(GUEST_ORDER, { t: token })).data!.guestOrder.reference).toBe(placed.reference);
  });

  it('sends nothing for a customer order, even with its address', async () => {
    const order = await placeOrder(app, app.customerToken('DE--C3', 'carl@example.com'));
    await takeMails();
    expect(await app.gql(REQUEST_LINK, { r: order.reference, e: 'carl@example.com' })).toEqual({
      data: { requestGuestOrderLink: true },
    });
    expect(await takeMails()).toHaveLength(0);
  });

  it('validates the address and limits calls per reference', async () => {
    const placed = await placeGuestOrder('limit@example.com');
    const bad = await app.gql(REQUEST_LINK, { r: placed.reference, e: 'nope' });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const answer = await app.gql(REQUEST_LINK, { r: placed.reference, e: `x${i}@example.com` });
      codes.push(answer.errors?.[0].extensions!.code ?? 'ok');
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
  });

  it('limits calls per IP address across references, with the same refusal for every reference', async () => {
    // 3 per reference and hour here, so 12 per IP; the tests above used 8 of them.
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const answer = await app.gql(REQUEST_LINK, { r: `DE--${900000 + i}`, e: 'who@example.com' });
      codes.push(answer.errors?.[0].extensions!.code ?? 'ok');
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
  });
});
