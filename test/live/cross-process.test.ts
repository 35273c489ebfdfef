import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/auth/token';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog';
import { createDataSource } from '../../src/database/data-source';
import { PLACE_ORDER, placeOrderInput } from '../support/factories';
import { gql, ServerProcess, startServerProcess } from '../support/source-process';
import { subscribe } from '../support/subscriptions';
import { createTestDatabase } from '../support/test-database';
import { TEST_JWT_SECRET } from '../support/test-env';

/**
 * Two real API processes on one database: a subscriber connected to one hears of a change made through the other,
 * which only PostgreSQL (LISTEN/NOTIFY) connects. Time is real here (separate processes).
 */
jest.setTimeout(180_000);

let database: { url: string; drop: () => Promise<void> };
let dataDir: string;
let processes: ServerProcess[] = [];
let dataSource: DataSource;
let apis: string[];

const backOffice = signToken(TEST_JWT_SECRET, {
  sub: 'staff-1',
  role: 'back-office',
  email: 'staff@shop.example',
});
const customer = signToken(TEST_JWT_SECRET, { sub: 'DE--X1', role: 'customer', email: 'x1@example.com' });

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-live-'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: '0',
    RUN_WORKER: 'false',
    LOG_LEVEL: 'info',
  };
  processes = [
    startServerProcess('api-a', 'src/main.ts', env),
    startServerProcess('api-b', 'src/main.ts', env),
  ];
  const urlPattern = /GraphQL API and playground: (http:\/\/\S+)/;
  const found = await Promise.all(processes.map((p) => p.waitFor(urlPattern)));
  apis = found.map((m) => m[1]);
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  await seedDemoCatalog(dataSource.manager, 'EUR');
});

afterAll(async () => {
  const codes = await Promise.all(processes.map((p) => p.stop()));
  await dataSource?.destroy();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  expect(codes).toEqual([0, 0]);
});

it('delivers a change made through one API process to a subscriber connected to the other', async () => {
  const [a, b] = apis;
  const placed = (await gql(a, PLACE_ORDER, { input: placeOrderInput() }, customer)).placeOrder;
  const live = subscribe(
    a,
    { authorization: `Bearer ${customer}` },
    `subscription S($r: String!) { orderChanged(reference: $r) { reference customReference } }`,
    { r: placed.reference },
  );
  try {
    const event = live.next();
    let received: any;
    void event.then((e) => (received = e));
    // The subscriber's subscribe step runs in process A at its own pace: change the order through B until A has
    // passed one change on (each a committed change, each a NOTIFY), within a deadline.
    const deadline = Date.now() + 30_000;
    for (let n = 1; !received; n++) {
      if (Date.now() > deadline) throw new Error(`no event:\n${processes.map((p) => p.output()).join('\n')}`);
      await gql(
        b,
        `mutation R($o: String!, $c: String) { setCustomOrderReference(orderReference: $o, customReference: $c) { __typename } }`,
        { o: placed.reference, c: `from-b-${n}` },
        backOffice,
      );
      await Promise.race([event, new Promise((resolve) => setTimeout(resolve, 200))]);
    }
    expect(received.data.orderChanged.reference).toBe(placed.reference);
    expect(received.data.orderChanged.customReference).toMatch(/^from-b-\d+$/);
  } finally {
    await live.close();
  }
});
