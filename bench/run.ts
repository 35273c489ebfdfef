import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../src/auth/token';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { createDataSource } from '../src/database/data-source';
import { loadEmbeddedPostgres } from '../src/database/connect';
import { insertBulkOrders } from '../test/support/bulk-orders';
import { compileServer } from './build';
import { postGraphQL } from './client';
import { cpuSeconds, cpuSecondsOfTrees, LoadResult, rssMiB, runLoad } from './load';

/**
 * `npm run bench`: 20,000 orders (200 customers × 100 orders of 3 lines, one shipment each), the server in a
 * process of its own, and a closed-loop load from this one, on loopback only. Prints the figures the README keeps.
 * BENCH_SECONDS sets each phase's length (default 10).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_PHASES picks phases (history, list, place, start); BENCH_NODE_ARGS adds server flags, e.g. --cpu-prof. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'history,list,place,start').split(','));
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/**
 * By default the server runs as `npm start` runs it: compiled to JavaScript beforehand. BENCH_MODE=production adds
 * NODE_ENV=production; BENCH_MODE=dev runs it as `npm run start:dev` does (TypeScript compiled at start-up).
 */
const MODE = process.env.BENCH_MODE ?? 'start';
const PRODUCTION = MODE === 'production';
const SECRET = 'bench-secret-0123456789abcdef';
const ROOT = path.resolve(__dirname, '..');

async function freshDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  let admin = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!admin) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-bench-'));
    fs.chmodSync(dir, 0o755);
    const { startEmbeddedPostgres } = await loadEmbeddedPostgres();
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), persistent: false });
    admin = pg.url;
    stop = async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS om_bench WITH (FORCE)');
  await client.query('CREATE DATABASE om_bench');
  await client.end();
  const url = new URL(admin);
  url.pathname = '/om_bench';
  return { url: url.toString(), stop };
}

const build = MODE === 'dev' ? null : compileServer(ROOT);
// Removed however the run ends, failed ones included.
process.on('exit', () => build && fs.rmSync(build, { recursive: true, force: true }));
const serverArgs = build ? [path.join(build, 'src/main.js')] : ['-r', '@swc-node/register', 'src/main.ts'];
const serverEnv: Record<string, string> = PRODUCTION ? { NODE_ENV: 'production' } : {};

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_ARGS, ...serverArgs], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      RUN_WORKER: 'false',
      LOG_LEVEL: 'warn',
      JWT_SECRET: SECRET,
      // The benchmark places orders as fast as it can from a few customers: that is what rate limits stop.
      RATE_LIMIT_PER_MINUTE: '0',
      ...serverEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/localhost:\d+\/graphql)/.exec(out);
      if (match) resolve({ child, url: match[1], ms: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  return postGraphQL(url, token, { query, variables });
}

/** True for a response without errors; a response with errors throws them, for the phase to report. */
async function succeeds(response: Promise<{ errors?: unknown[] }>): Promise<boolean> {
  const { errors } = await response;
  if (errors) throw new Error(JSON.stringify(errors).slice(0, 300));
  return true;
}

const HISTORY = `query { orders(first: 20) { nodes { reference createdAt itemStates
  totals { subtotal { amount } expenseTotal { amount } taxTotal { amount } grandTotal { amount } }
  items { sku name quantity state unitPrice { amount } sumPrice { amount } }
  shipments { methodName carrierName expense { amount } address { city } } } } }`;
const BACK_OFFICE = `query($search: String) { orders(first: 20, filter: { states: ["payment pending"], search: $search },
  sort: { field: CREATED_AT, direction: DESC }) { totalCount nodes { reference createdAt customerName email itemStates itemCount
  totals { grandTotal { amount } } } } }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on Order { reference } } }`;
const ADDRESS = {
  firstName: 'Bench',
  lastName: 'Buyer',
  address1: 'Hauptstraße 1',
  zipCode: '10115',
  city: 'Berlin',
  country: 'DE',
};

interface CpuShares {
  server: number;
  client: number;
  postgres: number;
}

/** CPU seconds so far of the server, of this process (the load generator) and of PostgreSQL (our other children). */
function cpuNow(serverPid: number): CpuShares {
  const client = cpuSeconds(process.pid);
  return {
    server: cpuSecondsOfTrees([serverPid]),
    client,
    postgres: cpuSecondsOfTrees([process.pid], [serverPid]) - client,
  };
}

type Measured = LoadResult & { peakMiB: number; cpu: CpuShares };

async function measure(pid: number, work: () => Promise<LoadResult>): Promise<Measured> {
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const before = cpuNow(pid);
  try {
    const result = await work();
    const after = cpuNow(pid);
    // Share of one core over the phase: 100% is a whole core, 200% both cores of this machine.
    const share = (key: keyof CpuShares) => ((after[key] - before[key]) / result.seconds) * 100;
    return {
      ...result,
      peakMiB: Math.max(peak, rssMiB(pid)),
      cpu: { server: share('server'), client: share('client'), postgres: share('postgres') },
    };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const db = await freshDatabase();
  const dataSource = createDataSource({ url: db.url });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await seedDemoCatalog(dataSource.manager, 'EUR');
  const t = performance.now();
  await insertBulkOrders(dataSource, { orders: 20_000, itemsPerOrder: 3, newest: new Date() });
  console.log(`seeded 20,000 orders in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await dataSource.destroy();

  const server = await startServer({ DATABASE_URL: db.url });
  const pid = server.child.pid!;
  const rows: [string, string][] = [
    [
      `server ready (external database, migrated; ${PRODUCTION ? 'compiled, NODE_ENV=production' : 'as npm start'})`,
      `${server.ms.toFixed(0)} ms`,
    ],
  ];
  const customers = Array.from({ length: 200 }, (_, i) =>
    signToken(SECRET, { sub: `BULK-${i}`, role: 'customer', email: `b${i}@example.com` }),
  );
  const staff = signToken(SECRET, { sub: 'bench', role: 'back-office', email: 'bench@shop.example' });

  const check = await gql(server.url, customers[1], HISTORY);
  if (check.errors || check.data.orders.nodes.length !== 20)
    throw new Error(`history query failed: ${JSON.stringify(check)}`);
  for (let i = 0; i < 200; i++) await gql(server.url, customers[i], HISTORY); // warm-up
  await new Promise((r) => setTimeout(r, 1000));
  rows.push(['idle RSS after warm-up', `${rssMiB(pid).toFixed(0)} MiB`]);

  if (PHASES.has('history')) {
    const history = await measure(pid, () =>
      runLoad(10, SECONDS * 1000, (c, n) =>
        succeeds(gql(server.url, customers[(c * 37 + n) % 200], HISTORY)),
      ),
    );
    rows.push(['order history, 20 orders with items and shipments, 10 clients', fmt(history)]);
  }

  const searches = [null, 'Buyer1', 'example.com', 'PO-1'];
  if (PHASES.has('list')) {
    const list = await measure(pid, () =>
      runLoad(10, SECONDS * 1000, (c, n) =>
        succeeds(gql(server.url, staff, BACK_OFFICE, { search: searches[(c + n) % 4] })),
      ),
    );
    rows.push(['back-office list: state filter + search + totalCount, 10 clients', fmt(list)]);
  }

  if (PHASES.has('place')) {
    const input = {
      billingAddress: ADDRESS,
      shipments: [
        {
          address: ADDRESS,
          method: 'standard',
          items: [
            { sku: 'TSHIRT-001', quantity: 1 },
            { sku: 'MUG-002', quantity: 2 },
            { sku: 'BOOK-003', quantity: 1 },
          ],
        },
      ],
    };
    const place = await measure(pid, () =>
      runLoad(4, SECONDS * 1000, async (c) => {
        const result = await gql(server.url, customers[c], PLACE, { input });
        if (result.data?.placeOrder?.__typename === 'Order') return true;
        throw new Error(JSON.stringify(result).slice(0, 300));
      }),
    );
    rows.push(['placeOrder, 3 lines (4 sales items), 4 clients', fmt(place)]);
  }
  await stopServer(server.child);

  // Cold start on the embedded database: first start (initdb + migrations + seed), then a restart on its data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-bench-data-'));
  fs.chmodSync(dataDir, 0o755);
  for (const label of PHASES.has('start')
    ? ['first start, embedded database (initdb, migrations, seed)', 'restart on existing embedded data']
    : []) {
    // A start that fails (its reason is on stderr above) is reported, not allowed to lose the figures so far.
    const embedded = await startServer({ DATABASE_URL: '', DATA_DIR: dataDir }).catch((error: unknown) => {
      rows.push([label, `failed: ${error instanceof Error ? error.message : String(error)}`]);
      return null;
    });
    if (!embedded) break;
    rows.push([label, `${embedded.ms.toFixed(0)} ms`]);
    await stopServer(embedded.child);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  await db.stop();

  console.log('\n| measure | figure |\n|---|---|');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
}

function fmt(r: Measured): string {
  // CPU milliseconds per request tell where the time goes even when something else shares the machine.
  const perRequest = (share: number) => ((share / 100) * 1000) / r.perSecond;
  const cpu =
    `CPU per request: server ${perRequest(r.cpu.server).toFixed(2)} ms, bench client ${perRequest(r.cpu.client).toFixed(2)} ms, ` +
    `PostgreSQL ${perRequest(r.cpu.postgres).toFixed(2)} ms (of a core: server ${r.cpu.server.toFixed(0)}%, client ${r.cpu.client.toFixed(0)}%, PostgreSQL ${r.cpu.postgres.toFixed(0)}%)`;
  return `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}, peak RSS ${r.peakMiB.toFixed(0)} MiB; ${cpu}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
