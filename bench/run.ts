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
import { startScriptNodeFlags } from '../test/support/start-flags';
import { compileServer } from './build';
import { postGraphQL } from './client';
import { LoadResult, LoadSpec, runAutocannon } from './autocannon-load';
import { cpuSeconds, cpuSecondsOfTrees, rssMiBOfTree } from './load';

/**
 * `npm run bench`: 20,000 orders (200 customers × 100 orders of 3 lines, one shipment each), the server in a
 * process of its own, and a closed-loop load from this one, on loopback only. Prints the figures the README keeps.
 * BENCH_SECONDS sets each phase's length (default 10).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** BENCH_WEB_CONCURRENCY: the API process counts to measure, each with every phase (default 1 and 2). */
const CONCURRENCY = (process.env.BENCH_WEB_CONCURRENCY ?? '1,2').split(',').map(Number);
/**
 * BENCH_PHASES picks phases (history, list, search, place, floor, start); BENCH_NODE_ARGS adds server flags, e.g.
 * --cpu-prof.
 */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'history,list,search,place,floor,start').split(','));
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/**
 * By default the server runs as `npm start` runs it: compiled to JavaScript beforehand. BENCH_MODE=production adds
 * NODE_ENV=production; BENCH_MODE=dev runs it as `npm run start:dev` does (TypeScript compiled at start-up).
 */
const MODE = process.env.BENCH_MODE ?? 'start';
const PRODUCTION = MODE === 'production';
const SECRET = 'bench-secret-0123456789abcdef-0123456789';
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
/** The node flags `npm start` gives the server, so that it runs here as it runs there. */
const START_FLAGS = startScriptNodeFlags(ROOT);
// BENCH_NODE_ARGS come after them, so that they can override them.
const serverArgs = build
  ? [...START_FLAGS, ...NODE_ARGS, path.join(build, 'src/main.js')]
  : [...NODE_ARGS, '-r', '@swc-node/register', 'src/main.ts'];
const serverEnv: Record<string, string> = PRODUCTION ? { NODE_ENV: 'production' } : {};

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, serverArgs, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      RUN_WORKER: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      JWT_SECRET: SECRET,
      // The benchmark places orders as fast as it can from a few customers: that is what rate limits stop.
      RATE_LIMIT_PER_MINUTE: '0',
      ...serverEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // BENCH_SERVER_STDOUT=<file> keeps what the server prints, e.g. with BENCH_NODE_ARGS=--trace-gc.
  if (process.env.BENCH_SERVER_STDOUT)
    child.stdout!.pipe(fs.createWriteStream(process.env.BENCH_SERVER_STDOUT));
  return new Promise((resolve, reject) => {
    let out: string | null = '';
    // Read to the end (a full pipe would block the server), but keep only what comes before the URL.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (out === null) return;
      out += chunk.toString();
      const match = /(http:\/\/localhost:\d+\/graphql)/.exec(out);
      if (!match) return;
      out = null;
      resolve({ child, url: match[1], ms: performance.now() - started });
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
  let peak = rssMiBOfTree(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiBOfTree(pid))), 100);
  const before = cpuNow(pid);
  try {
    const result = await work();
    const after = cpuNow(pid);
    // Share of one core over the phase: 100% is a whole core, 200% both cores of this machine.
    const share = (key: keyof CpuShares) => ((after[key] - before[key]) / result.seconds) * 100;
    return {
      ...result,
      peakMiB: Math.max(peak, rssMiBOfTree(pid)),
      cpu: { server: share('server'), client: share('client'), postgres: share('postgres') },
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Starts the floor server (bench/floor-server.ts) on the same database. */
function startFloor(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/floor-server.ts', databaseUrl], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /floor (\S+)/.exec(chunk.toString());
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
}

const gqlRequest = (token: string, query: string, variables: Record<string, unknown> = {}) => ({
  body: JSON.stringify({ query, variables }),
  headers: { authorization: `Bearer ${token}` },
});
const noErrors = (expect: string) => (body: string) => body.includes(expect) && !body.includes('"errors"');

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

  const rows: [string, string][] = [];
  const headline = new Map<string, number>();
  const customers = Array.from({ length: 200 }, (_, i) =>
    signToken(SECRET, { sub: `BULK-${i}`, role: 'customer', email: `b${i}@example.com` }),
  );
  const staff = signToken(SECRET, { sub: 'bench', role: 'back-office', email: 'bench@shop.example' });
  const load = (url: string, connections: number, request: LoadSpec['request'], isGood: LoadSpec['isGood']) =>
    runAutocannon({ url, connections, seconds: SECONDS, warmupSeconds: WARMUP, request, isGood });

  for (const processes of CONCURRENCY) {
    const server = await startServer({ DATABASE_URL: db.url, WEB_CONCURRENCY: String(processes) });
    const pid = server.child.pid!;
    const label = `WEB_CONCURRENCY=${processes}`;
    rows.push([
      `${label}: server ready (external database, migrated; ${MODE})`,
      `${server.ms.toFixed(0)} ms`,
    ]);
    const check = await gql(server.url, customers[1], HISTORY);
    if (check.errors || check.data.orders.nodes.length !== 20)
      throw new Error(`history query failed: ${JSON.stringify(check)}`);
    for (let i = 0; i < 200; i++) await gql(server.url, customers[i], HISTORY); // warm-up
    await new Promise((r) => setTimeout(r, 1000));
    rows.push([`${label}: RSS 1 s after the warm-up`, `${rssMiBOfTree(pid).toFixed(0)} MiB`]);
    // Idle: once the server has had no request for 5 s it collects (npm start's --expose-gc), and again 7 s later
    // (src/runtime/idle-collection.ts), giving back what the burst grew; V8 returns the freed pages to the system
    // within a second or so after that. Measured at 16 s, after the second collection.
    await new Promise((r) => setTimeout(r, 15_000));
    const idle = rssMiBOfTree(pid);
    rows.push([`${label}: idle RSS (16 s without requests)`, `${idle.toFixed(0)} MiB`]);
    headline.set(`idle-${processes}`, idle);

    if (PHASES.has('history')) {
      const history = await measure(pid, () =>
        load(server.url, 10, (n) => gqlRequest(customers[(n * 37) % 200], HISTORY), noErrors('"reference"')),
      );
      rows.push([
        `${label}: order history, 20 orders with items and shipments, 10 connections`,
        fmt(history),
      ]);
      headline.set(`history-${processes}`, history.perSecond);
      headline.set(`history-p99-${processes}`, history.p99);
      headline.set(`peak-${processes}`, history.peakMiB);
    }

    // As the peer's list: a state filter, 20 rows, totalCount. Then the same with a search added (four kinds).
    if (PHASES.has('list')) {
      const list = await measure(pid, () =>
        load(server.url, 10, () => gqlRequest(staff, BACK_OFFICE, {}), noErrors('"totalCount"')),
      );
      rows.push([`${label}: back-office list: state filter + totalCount, 10 connections`, fmt(list)]);
      headline.set(`list-${processes}`, list.perSecond);
      headline.set(`peak-${processes}`, Math.max(headline.get(`peak-${processes}`) ?? 0, list.peakMiB));
    }
    const searches = ['Buyer1', 'example.com', 'PO-1', 'DE--1'];
    if (PHASES.has('search')) {
      const list = await measure(pid, () =>
        load(
          server.url,
          10,
          (n) => gqlRequest(staff, BACK_OFFICE, { search: searches[n % 4] }),
          noErrors('"totalCount"'),
        ),
      );
      rows.push([
        `${label}: back-office list: state filter + search + totalCount, 10 connections`,
        fmt(list),
      ]);
      headline.set(`peak-${processes}`, Math.max(headline.get(`peak-${processes}`) ?? 0, list.peakMiB));
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
        load(
          server.url,
          4,
          (n) => gqlRequest(customers[n % 200], PLACE, { input }),
          noErrors('"__typename":"Order"'),
        ),
      );
      rows.push([`${label}: placeOrder, 3 lines (4 sales items), 4 connections`, fmt(place)]);
      headline.set(`place-${processes}`, place.perSecond);
      headline.set(`peak-${processes}`, Math.max(headline.get(`peak-${processes}`) ?? 0, place.peakMiB));
    }
    await stopServer(server.child);
  }

  if (PHASES.has('floor')) {
    const floor = await startFloor(db.url);
    const measured = await measure(floor.child.pid!, () =>
      load(
        floor.url,
        10,
        (n) => ({ body: '{}', headers: { 'x-customer': `BULK-${(n * 37) % 200}` } }),
        (b) => b.includes('"reference"'),
      ),
    );
    rows.push([
      'floor: the same history rows read and serialised by a bare node:http handler (pg + JSON.stringify)',
      fmt(measured),
    ]);
    headline.set('floor', measured.perSecond);
    await stopServer(floor.child);
  }

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
  printComparison(headline);
}

/**
 * The headline table. With BENCH_VENDURE pointing at a results file of the Vendure harness (bench-abc-*.json, run on
 * the same machine in the same sitting), it gives the ratios; otherwise only our figures.
 */
function printComparison(headline: Map<string, number>): void {
  const peer = readVendure();
  const best = (kind: string) => Math.max(...CONCURRENCY.map((n) => headline.get(`${kind}-${n}`) ?? 0));
  const ratio = (ours: number, theirs: number | undefined) =>
    theirs ? `${(ours / theirs).toFixed(1)}×` : '—';
  const cell = (v: number | undefined, unit: string) =>
    v === undefined ? '—' : `${v.toFixed(v < 20 ? 1 : 0)} ${unit}`;
  const floor = headline.get('floor');
  console.log('\n| | Vendure | this project (best WEB_CONCURRENCY) | ratio | goal |\n|---|---|---|---|---|');
  console.log(
    `| customer history page, 10 connections | ${cell(peer?.history, 'req/s')} | ${cell(best('history'), 'req/s')}, p99 ${CONCURRENCY.map((n) => `${(headline.get(`history-p99-${n}`) ?? 0).toFixed(0)}`).join('/')} ms | ${ratio(best('history'), peer?.history)} | ≥ 10×, p99 ≤ 50 ms |`,
  );
  console.log(
    `| back-office list (state filter, 20 rows, totalCount), 10 connections | ${cell(peer?.list, 'req/s')} | ${cell(best('list'), 'req/s')} | ${ratio(best('list'), peer?.list)} | ≥ 10× |`,
  );
  console.log(
    `| placeOrder, 3 lines, 4 clients | ${cell(peer?.checkout, 'orders/s')} | ${cell(best('place'), 'orders/s')} | ${ratio(best('place'), peer?.checkout)} | ≥ 25× |`,
  );
  console.log(
    `| RSS idle / peak under load (WEB_CONCURRENCY=${CONCURRENCY[0]}) | ${peer ? `${peer.rssIdle.toFixed(0)} / ${peer.rssPeak.toFixed(0)} MiB` : '—'} | ${(headline.get(`idle-${CONCURRENCY[0]}`) ?? 0).toFixed(0)} / ${(headline.get(`peak-${CONCURRENCY[0]}`) ?? 0).toFixed(0)} MiB | | ≤ 100 / ≤ 200 MiB |`,
  );
  if (floor) {
    console.log(
      `| history page against its floor (bare pg + JSON.stringify) | | ${(best('history') / floor).toFixed(2)} of ${floor.toFixed(0)} req/s | | ≥ 0.5 |`,
    );
  }
}

function readVendure(): {
  history: number;
  list: number;
  checkout: number;
  rssIdle: number;
  rssPeak: number;
} | null {
  const file = process.env.BENCH_VENDURE;
  if (!file) return null;
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    rss_before_mib: number;
    runs: { name: string; req_per_s_avg?: number; orders_per_s?: number; rss_max_mib: number }[];
  };
  const run = (prefix: string) => results.runs.find((r) => r.name.startsWith(prefix));
  return {
    history: run('a_')?.req_per_s_avg ?? 0,
    list: run('b_')?.req_per_s_avg ?? 0,
    checkout: run('c_')?.orders_per_s ?? 0,
    rssIdle: results.rss_before_mib,
    rssPeak: Math.max(...results.runs.map((r) => r.rss_max_mib)),
  };
}

function fmt(r: Measured): string {
  // CPU milliseconds per request tell where the time goes even when something else shares the machine.
  const perRequest = (share: number) => ((share / 100) * 1000) / r.perSecond;
  const cpu =
    `CPU per request: server ${perRequest(r.cpu.server).toFixed(2)} ms, bench client ${perRequest(r.cpu.client).toFixed(2)} ms, ` +
    `PostgreSQL ${perRequest(r.cpu.postgres).toFixed(2)} ms (of a core: server ${r.cpu.server.toFixed(0)}%, client ${r.cpu.client.toFixed(0)}%, PostgreSQL ${r.cpu.postgres.toFixed(0)}%)`;
  const tail = `p90 ${r.p90.toFixed(0)}, p97.5 ${r.p97_5.toFixed(0)}, p99.9 ${r.p99_9.toFixed(0)} ms`;
  return `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms (${tail}), ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}, peak RSS ${r.peakMiB.toFixed(0)} MiB; ${cpu}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
