import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/auth/token';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog';
import { createDataSource } from '../../src/database/data-source';
import { SmtpTestServer, startSmtpTestServer } from '../invoices/smtp-test-server';
import { PLACE_ORDER, placeOrderInput } from '../support/factories';
import { CANCEL, ORDER_WITH_STATE, TRIGGER } from '../support/oms-operations';
import { gql, ServerProcess, startServerProcess } from '../support/source-process';
import { createTestDatabase } from '../support/test-database';
import { TEST_JWT_SECRET } from '../support/test-env';

/**
 * Two API processes (RUN_WORKER=false) and one worker, real processes on one fresh PostgreSQL database, all started
 * at the same moment so that they race to migrate it. Orders are placed and paid through both APIs, some are
 * cancelled through one while being paid through the other, and the worker closes the (2 s) cancellation windows,
 * issues the invoices and mails them. Time is real here (separate processes), so outcomes are polled for with a
 * deadline.
 */
jest.setTimeout(240_000);

let database: { url: string; drop: () => Promise<void> };
let smtp: SmtpTestServer;
let dataDir: string;
let processes: ServerProcess[] = [];
let dataSource: DataSource;
let apis: string[];

const backOffice = signToken(TEST_JWT_SECRET, {
  sub: 'staff-1',
  role: 'back-office',
  email: 'staff@shop.example',
});
const customer = (ref: string) =>
  signToken(TEST_JWT_SECRET, { sub: ref, role: 'customer', email: `${ref.toLowerCase()}@example.com` });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms\n${processes.map((p) => p.output()).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  database = await createTestDatabase(); // empty: the processes migrate it
  smtp = await startSmtpTestServer();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-multi-'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: '0',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Shop <orders@shop.example>',
    ORDER_CANCELLATION_WINDOW: '2s',
    CHROME_PATH: process.env.CHROME_PATH ?? '',
    LOG_LEVEL: 'info',
  };
  processes = [
    startServerProcess('api-a', 'src/main.ts', { ...env, RUN_WORKER: 'false' }),
    startServerProcess('api-b', 'src/main.ts', { ...env, RUN_WORKER: 'false' }),
    startServerProcess('worker', 'src/worker.ts', env),
  ];
  const urlPattern = /GraphQL API and playground: (http:\/\/\S+)/;
  const [a, b] = await Promise.all([
    processes[0].waitFor(urlPattern),
    processes[1].waitFor(urlPattern),
    processes[2].waitFor(/worker running/),
  ]);
  apis = [a[1], b[1]];
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  await seedDemoCatalog(dataSource.manager, 'EUR'); // npm start seeds only its embedded database
});

afterAll(async () => {
  const codes = await Promise.all(processes.map((p) => p.stop()));
  await dataSource?.destroy();
  await database?.drop();
  await smtp?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  expect(codes).toEqual([0, 0, 0]);
});

it('behaves as one server: migrated once, one outcome per race, timeouts fired once, invoices gapless and mailed once', async () => {
  // All three migrated the same empty database at the same moment; the advisory lock let one do it.
  const migrations = await dataSource.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
  expect(migrations.length).toBeGreaterThan(5);
  expect(migrations.every((m: { n: number }) => m.n === 1)).toBe(true);
  const applied = processes.map((p) => /applied (\d+) migration/.exec(p.output())?.[1] ?? '0').map(Number);
  expect(applied.filter((n) => n > 0)).toEqual([migrations.length]);
  const waited = processes.filter((p) => p.output().includes('another process is running migrations')).length;

  // 16 orders placed at once, alternately through each API process.
  const placed = await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      const ref = `DE--P${i}`;
      const data = await gql(apis[i % 2], PLACE_ORDER, { input: placeOrderInput() }, customer(ref));
      expect(data.placeOrder.__typename).toBe('Order');
      return { reference: data.placeOrder.reference as string, customer: ref };
    }),
  );
  const raced = placed.slice(0, 6);
  const paidOnly = placed.slice(6);

  // Paid through the other process than the one that placed it.
  await Promise.all(
    paidOnly.map((o, i) =>
      gql(apis[(i + 1) % 2], TRIGGER, { input: { orderReference: o.reference, event: 'pay' } }, backOffice),
    ),
  );
  // The race: the customer cancels through one process while back office pays through the other.
  const races = await Promise.all(
    raced.map(async (o, i) => {
      const [cancel, pay] = await Promise.all([
        gql(apis[i % 2], CANCEL, { reference: o.reference }, customer(o.customer)),
        gql(apis[(i + 1) % 2], TRIGGER, { input: { orderReference: o.reference, event: 'pay' } }, backOffice),
      ]);
      return { ...o, cancel: cancel.cancelOrder, pay: pay.triggerOrderEvent };
    }),
  );
  let payFirst = 0;
  for (const race of races) {
    const order = (await gql(apis[0], ORDER_WITH_STATE, { reference: race.reference }, backOffice)).order;
    const events = order.items[0].stateHistory.map((h: { event: string | null }) => h.event);
    const paid = race.pay.__typename === 'OrderEventTriggered' && race.pay.moved.length > 0;
    if (race.cancel.__typename === 'Order') {
      // Cancelled: either before the payment (which then found nothing to move) or right after it.
      expect(order.itemStates).toEqual(['cancelled']);
      expect(events.filter((e: string) => e === 'cancel')).toHaveLength(1);
      expect(events.includes('pay')).toBe(paid);
      if (paid) {
        payFirst += 1;
        expect(events.indexOf('pay')).toBeLessThan(events.indexOf('cancel'));
      } else {
        expect(race.pay.__typename).toBe('EventNotApplicableError');
      }
    } else {
      // The cancellation lost only if the window had already closed after the payment.
      expect(race.cancel).toMatchObject({ __typename: 'OrderNotCancellableError', reason: 'WINDOW_CLOSED' });
      expect(paid).toBe(true);
      expect(order.itemStates).not.toEqual(['cancelled']);
    }
  }

  // The worker closes each paid order's 2 s window, issues its invoice and mails it.
  const invoiced = races.filter((r) => r.cancel.__typename !== 'Order').concat(paidOnly as typeof races);
  const INVOICES = `query($r: String!) { order(reference: $r) { itemStates invoices { reference kind emailSentAt } } }`;
  const documents = await until('every paid order invoiced and mailed', async () => {
    const orders = await Promise.all(
      invoiced.map(async (o, i) => (await gql(apis[i % 2], INVOICES, { r: o.reference }, backOffice)).order),
    );
    const done = orders.every(
      (o: any) => o.itemStates[0] === 'waiting' && o.invoices.length === 1 && o.invoices[0].emailSentAt,
    );
    return done ? orders.flatMap((o: any) => o.invoices) : undefined;
  });
  // Let the worker loop go round a few more times: anything sent twice would show now.
  // One job per invoice and one per order e-mail (src/mails/: a confirmation per order, one per cancellation).
  const cancelledRaces = races.filter((r) => r.cancel.__typename === 'Order').length;
  const orderMails = placed.length + cancelledRaces;
  await until('the job queue drained', async () => {
    const [row] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE state <> 'completed')::int AS open, count(*)::int AS total FROM pgboss.job`,
    );
    return row.open === 0 && row.total === documents.length + orderMails ? row : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  // Timeouts fired once per item; none left for the invoiced orders, none fired for the cancelled ones.
  const fired = await dataSource.query(
    `SELECT o.reference, count(*)::int AS n FROM oms_item_state_history h JOIN sales_order o ON o.id = h.order_id
     WHERE h.event = 'close cancellation window' GROUP BY o.reference`,
  );
  expect(fired.map((r: any) => r.reference).sort()).toEqual(invoiced.map((o) => o.reference).sort());
  expect(fired.every((r: any) => r.n === 1)).toBe(true);
  expect(
    await dataSource.query(
      `SELECT count(*)::int AS n FROM oms_event_timeout WHERE event = 'close cancellation window'`,
    ),
  ).toEqual([{ n: 0 }]);

  // Invoice numbers 1..n of this year, without gaps or duplicates.
  const numbers = documents
    .map((d: any) => Number(d.reference.slice(-6)))
    .sort((x: number, y: number) => x - y);
  expect(numbers).toEqual(Array.from({ length: invoiced.length }, (_, i) => i + 1));
  expect(documents.every((d: any) => d.kind === 'INVOICE')).toBe(true);

  // Mailed exactly once each: one message per invoice, each with its own Message-ID.
  const all = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
  const mails = all.filter((m) => /INV-\d{4}-\d{6}/.test(m.subject!));
  expect(mails).toHaveLength(documents.length);
  expect(mails.map((m) => m.subject!.match(/INV-\d{4}-\d{6}/)![0]).sort()).toEqual(
    documents.map((d: any) => d.reference).sort(),
  );
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(documents.length);
  // And the order e-mails once each too: a confirmation per order, a cancellation per cancelled order.
  const others = all.filter((m) => !mails.includes(m));
  expect(others).toHaveLength(orderMails);
  expect(
    others
      .filter((m) => m.subject!.startsWith('Ihre Bestellung '))
      .map((m) => m.subject!.split(' ')[2])
      .sort(),
  ).toEqual(placed.map((o) => o.reference).sort());
  expect(new Set(others.map((m) => m.messageId)).size).toBe(orderMails);

  process.stdout.write(
    `multi-process: API processes ready in ${processes
      .slice(0, 2)
      .map((p) => /ready in (\d+) ms/.exec(p.output())?.[1])
      .join(' and ')} ms; ${waited} of 3 processes waited for another's migrations; ` +
      `${placed.length} orders through 2 API processes, ${races.length} cancel/pay races ` +
      `(${payFirst} paid first), ${documents.length} invoices numbered 1..${documents.length}, ` +
      `${mails.length} mails\n`,
  );
});
