import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { placeOrder, placeOrderInput, shipment } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

// The examples in examples/ run as a user runs them, as processes against a real server, so they never rot; and
// their typed documents are what GraphQL Code Generator makes from the committed schema today.

const run = promisify(execFile);
const root = path.join(__dirname, '..');
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function example(file: string, token: string, args: string[] = []) {
  const { stdout } = await run(
    process.execPath,
    ['-r', '@swc-node/register', path.join('examples', file), ...args],
    {
      cwd: root,
      env: { ...process.env, API_URL: app.url, TOKEN: token },
    },
  );
  return JSON.parse(stdout);
}

describe('examples', () => {
  it('have typed documents that codegen makes from the committed schema, unchanged', async () => {
    const codegen = path.join(root, 'node_modules', '.bin', 'graphql-codegen');
    // --check exits non-zero when an output would change (run `npm run examples:codegen`).
    await expect(
      run(codegen, ['--config', 'examples/codegen.ts', '--check'], { cwd: root }),
    ).resolves.toBeDefined();
  });

  it('storefront-history pages the whole history and cancels the newest cancellable order', async () => {
    const token = app.customerToken('DE--EXAMPLE');
    const placed = [];
    for (let i = 0; i < 23; i += 1) {
      app.clock.advance(60_000);
      placed.push(await placeOrder(app, token));
    }
    const report = await example('storefront-history.ts', token);
    expect(report.references).toEqual(placed.map((o) => o.reference).reverse());
    expect(report.cancelled).toBe(placed[placed.length - 1].reference);
    expect(report.statesAfterCancel).toEqual(['cancelled']);
  });

  it('back-office-find-and-trigger finds orders by custom reference and fires the event', async () => {
    const customer = app.customerToken('DE--EXAMPLE-B2B');
    const po = await placeOrder(app, customer, placeOrderInput(undefined, { customReference: 'PO-4711' }));
    const other = await placeOrder(
      app,
      customer,
      placeOrderInput([shipment([{ sku: 'MUG-002', quantity: 1 }])]),
    );
    const report = await example('back-office-find-and-trigger.ts', app.backOfficeToken(), [
      'po-4711',
      'pay',
    ]);
    expect(report).toEqual([
      { reference: po.reference, outcome: 'OrderEventTriggered', itemStates: ['confirmed'] },
    ]);
    const untouched = await app.gql(
      `query($r: String!) { order(reference: $r) { itemStates } }`,
      { r: other.reference },
      customer,
    );
    expect(untouched.data!.order.itemStates).toEqual(['payment pending']);
  });
});
