import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLACE_ORDER, placeOrderInput } from '../support/factories';
import { TRIGGER } from '../support/oms-operations';
import {
  buildServer,
  descendants,
  ProcessRef,
  ServerProcess,
  startServer,
  stillRunning,
} from '../support/server-process';

// The real server, with PostgreSQL and a Chromium running (an invoice was just rendered), told to stop by a signal.
// It must stop in order and leave nothing of its own behind: checked in /proc, not trusted from its log.

jest.setTimeout(180_000);

let build: ReturnType<typeof buildServer>;
let dataDir: string;

beforeAll(() => {
  build = buildServer();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-shutdown-'));
  fs.chmodSync(dataDir, 0o755);
});
afterAll(() => {
  build?.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Places and pays an order; once the 1 s cancellation window has passed, the invoice is rendered and mailed. */
async function renderAnInvoice(server: ServerProcess): Promise<void> {
  const placed = await server.gql(PLACE_ORDER, { input: placeOrderInput() }, server.customerToken('DE--S1'));
  const reference = placed.data!.placeOrder.reference;
  const paid = await server.gql(
    TRIGGER,
    { input: { orderReference: reference, event: 'pay' } },
    server.backOfficeToken(),
  );
  expect(paid.data?.triggerOrderEvent.__typename).toBe('OrderEventTriggered');
  const outbox = path.join(dataDir, 'outbox');
  // The order confirmation (src/mails/) lands in the outbox too; only the invoice's e-mail means a PDF was made.
  const invoiceMails = () =>
    fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => !f.includes('-confirmation-')).length : 0;
  const before = invoiceMails();
  await until('the invoice e-mail', () => invoiceMails() > before, 60_000);
}

async function stopWith(
  signal: NodeJS.Signals,
): Promise<{ children: ProcessRef[]; left: ProcessRef[]; code: number | null }> {
  const server = await startServer(build.dir, { DATA_DIR: dataDir, ORDER_CANCELLATION_WINDOW: '1s' });
  await renderAnInvoice(server);
  const children = descendants(server.pid);
  server.child.kill(signal);
  const { code } = await server.exited;
  // The watchdog shell may take a moment to read its end of file after the server exits; nothing else may remain.
  const left = await stillRunning(children, 1_000);
  expect(server.log()).toContain(`${signal}: shutting down`);
  return { children, left, code };
}

it.each(['SIGTERM', 'SIGHUP'] as const)(
  'after %s no PostgreSQL, Chromium or watchdog process of the server is left',
  async (signal) => {
    const { children, left, code } = await stopWith(signal);
    // What ran: the database, the browser, the watchdog.
    expect(children.some((p) => /postgres -D/.test(p.command))).toBe(true);
    expect(children.some((p) => /chromium|chrome/.test(p.command))).toBe(true);
    expect(children.some((p) => /om-postgres-watchdog/.test(p.command))).toBe(true);
    expect(code).toBe(0);
    expect(left).toEqual([]);
  },
);
