import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLACE_ORDER, placeOrderInput } from '../support/factories';
import {
  buildServer,
  postmasterPid,
  startServer,
  startTime,
  ServerProcess,
  stillRunning,
} from '../support/server-process';

// The real server process on an embedded PostgreSQL in its own DATA_DIR, killed the way an OOM killer or a crashed
// container kills it. What a client was told is committed must be there after the restart, which must answer fast.

jest.setTimeout(180_000);
// Within 5 s on an idle machine: this suite runs alone (`*.alone.test.ts`, see jest.config.ts), because with another
// suite rendering PDFs on the second core every start took more than twice as long. A slower machine slows every
// start alike, so the budget is also 1.5 × a clean start measured here: a crash may not cost much more than a
// normal start, and must never need a person.
const RESTART_BUDGET_MS = 5_000;
let cleanStartMs = 0;

let build: ReturnType<typeof buildServer>;
let dataDir: string;
let server: ServerProcess | undefined;
const committed: string[] = [];
const env = () => ({ DATA_DIR: dataDir });
const pgDir = () => path.join(dataDir, 'postgres');

beforeAll(async () => {
  build = buildServer();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-crash-'));
  fs.chmodSync(dataDir, 0o755);
  server = await startServer(build.dir, env()); // the first start runs initdb: not timed
  server.child.kill('SIGTERM');
  await server.exited;
  server = await startServer(build.dir, env());
  cleanStartMs = server.readyAfterMs;
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  build?.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function kill9(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Places orders one after another; each counts as committed once its response arrived. */
async function placeSome(count: number, customer: string): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const result = await server!.gql(
      PLACE_ORDER,
      { input: placeOrderInput() },
      server!.customerToken(customer),
    );
    expect(result.data?.placeOrder.__typename).toBe('Order');
    committed.push(result.data!.placeOrder.reference);
  }
}

/** Keeps placing orders until the server dies; returns those it confirmed. */
function placeUntilKilled(customer: string): Promise<void> {
  return (async () => {
    for (;;) {
      try {
        const result = await server!.gql(
          PLACE_ORDER,
          { input: placeOrderInput() },
          server!.customerToken(customer),
        );
        if (result.data?.placeOrder.__typename === 'Order') committed.push(result.data.placeOrder.reference);
      } catch {
        return; // connection refused or reset: the server is gone
      }
    }
  })();
}

async function restartTimed(): Promise<void> {
  server = await startServer(build.dir, env(), 30_000);
  const budgetMs = Math.max(RESTART_BUDGET_MS, 1.5 * cleanStartMs);
  if (server.readyAfterMs > budgetMs) {
    // All figures in the failure message: the restart, the clean start it is compared with, the budget.
    throw new Error(
      `the restart took ${server.readyAfterMs} ms; budget ${budgetMs} ms (a clean start took ${cleanStartMs} ms)\n${server.log()}`,
    );
  }
  expect(server.readyAfterMs).toBeLessThanOrEqual(budgetMs);
}

async function expectEveryCommittedOrder(): Promise<void> {
  const customers = ['DE--K1', 'DE--K2', 'DE--K3'];
  const found = new Set<string>();
  for (const customer of customers) {
    const result = await server!.gql(
      `query { orders(first: 100) { edges { node { reference } } } }`,
      {},
      server!.customerToken(customer),
    );
    expect(result.errors).toBeUndefined();
    for (const edge of result.data!.orders.edges) found.add(edge.node.reference);
  }
  expect(committed.filter((reference) => !found.has(reference))).toEqual([]);
}

it('kill -9 of the server alone, mid-traffic: PostgreSQL goes with it, the restart answers within 5 s with every order', async () => {
  await placeSome(3, 'DE--K1');
  const postgres = postmasterPid(pgDir());
  const traffic = placeUntilKilled('DE--K1');
  await new Promise((resolve) => setTimeout(resolve, 300));
  kill9(server!.pid);
  await server!.exited;
  await traffic;
  // The watchdog stops the orphaned PostgreSQL at once: it does not wait for the next start.
  const [left] = await stillRunning(
    [{ pid: postgres, startTime: startTime(postgres)!, command: 'postgres' }],
    3_000,
  );
  expect(left).toBeUndefined();

  await restartTimed();
  await expectEveryCommittedOrder();
});

it('kill -9 of the server and its watchdog: the next start stops the orphaned PostgreSQL itself', async () => {
  await placeSome(2, 'DE--K2');
  const postgres = postmasterPid(pgDir());
  const watchdog = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .find((pid) => cmdline(pid).includes('om-postgres-watchdog') && cmdline(pid).includes(pgDir()));
  expect(watchdog).toBeDefined();
  kill9(watchdog!);
  kill9(server!.pid);
  await server!.exited;
  expect(startTime(postgres)).toBeDefined(); // orphaned, still running

  await restartTimed();
  expect(server!.log()).toContain('stopping the PostgreSQL left running');
  expect(postmasterPid(pgDir())).not.toBe(postgres);
  await expectEveryCommittedOrder();
});

it('kill -9 of the server and its PostgreSQL together: the restart recovers within 5 s with every order', async () => {
  await placeSome(2, 'DE--K3');
  const postgres = postmasterPid(pgDir());
  const traffic = placeUntilKilled('DE--K3');
  await new Promise((resolve) => setTimeout(resolve, 300));
  kill9(postgres);
  kill9(server!.pid);
  await server!.exited;
  await traffic;

  await restartTimed();
  await expectEveryCommittedOrder();
});

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}
