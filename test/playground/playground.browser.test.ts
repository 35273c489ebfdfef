import { testEnv } from '../support/test-env';
import { loadConfig } from '../../src/config';
import puppeteer, { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../../src/common/chrome';
import { placeOrder, placeOrderInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// A back-office user on a machine with no internet: everything the page asks for must come from the server
// itself. Requests anywhere else are aborted and recorded; the test fails if there were any.

const STEP_TIMEOUT = 20_000;
jest.setTimeout(90_000);

let app: TestApp;
let browser: Browser;
let page: Page;
let origin: string;
const elsewhere: string[] = [];
const pageErrors: string[] = [];
let order: any;

beforeAll(async () => {
  app = await startTestApp();
  origin = new URL(app.url).origin;
  order = await placeOrder(
    app,
    app.customerToken('DE--C1', 'anna@example.com'),
    placeOrderInput(undefined, { customReference: 'PO-OFFLINE-4711' }),
  );
  browser = await puppeteer.launch({
    executablePath: (await findChrome(loadConfig(testEnv()).chromePath)).executablePath,
    headless: true,
    args: CHROME_ARGS,
    timeout: STEP_TIMEOUT,
  });
  page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (/^(data|blob):/.test(url) || new URL(url).origin === origin) {
      void request.continue();
    } else {
      elsewhere.push(url);
      void request.abort('internetdisconnected');
    }
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // What the Content-Security-Policy blocks shows up here only: the playground must need nothing it forbids.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

// The page's globals as the functions run inside it use them: the project compiles without the DOM library.
// GraphiQL 3 edits with CodeMirror 5, which keeps its instance on the editor element.
interface PageElement {
  textContent: string | null;
  CodeMirror?: { getValue(): string; setValue(value: string): void };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  getElementById(id: string): PageElement | null;
};

/** The text of a GraphiQL editor. */
const editorText = (selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.CodeMirror?.getValue() ?? '', selector);

const RESULT_EDITOR = '.graphiql-response .CodeMirror';

describe('the playground, offline', () => {
  it('loads GraphiQL at /graphql from the server alone', async () => {
    const response = await page.goto(`${origin}/graphql`, { waitUntil: 'networkidle0' });
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-type']).toMatch(/text\/html/);
    await page.waitForSelector('.graphiql-container');
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('takes a pasted back-office token and finds an order by its custom reference', async () => {
    const state = () => page.$eval('#token-state', (e) => e.textContent);
    expect(await state()).toMatch(/no token/);
    await page.click('#token');
    await page.keyboard.sendCharacter(`Bearer ${app.backOfficeToken()}`); // pasted text arrives in one piece
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      /token in use/.test(document.getElementById('token-state')!.textContent!),
    );

    const query = `{
  orders(first: 5, filter: { customReference: "po-offline-4711" }) {
    totalCount
    nodes { reference customReference customerName itemCount }
  }
}`;
    await page.evaluate((text) => {
      document.querySelector('.graphiql-query-editor .CodeMirror')!.CodeMirror!.setValue(text);
    }, query);
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      (selector, reference) =>
        document.querySelector(selector)?.CodeMirror?.getValue().includes(reference) ?? false,
      {},
      RESULT_EDITOR,
      order.reference,
    );
    const result = JSON.parse(await editorText(RESULT_EDITOR));
    expect(result.errors).toBeUndefined();
    expect(result.data.orders).toEqual({
      totalCount: 1,
      nodes: [
        {
          reference: order.reference,
          customReference: 'PO-OFFLINE-4711',
          customerName: 'Anna Schmidt',
          itemCount: 1,
        },
      ],
    });
    expect(elsewhere).toEqual([]);
  });

  it('keeps the token across a reload (the same browser, the next day)', async () => {
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    expect(await page.$eval('#token-state', (e) => e.textContent)).toMatch(/token in use/);
    expect(await page.$eval('#token', (e) => (e as unknown as { value: string }).value)).not.toMatch(
      /^Bearer/,
    );
  });

  it('shows the schema docs, loaded by introspection through the page', async () => {
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer');
    await page.waitForFunction(() =>
      /Root Types/i.test(document.querySelector('.graphiql-doc-explorer')!.textContent!),
    );
    await page.click('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name');
    await page.waitForFunction(() => {
      const text = document.querySelector('.graphiql-doc-explorer')!.textContent!;
      return text.includes('orders') && text.includes('newest first');
    });
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('runs a subscription over graphql-ws from the page and shows the live update', async () => {
    const subscription = `subscription { orderChanged(reference: "${order.reference}") { reference customReference } }`;
    await page.evaluate((text) => {
      document.querySelector('.graphiql-query-editor .CodeMirror')!.CodeMirror!.setValue(text);
    }, subscription);
    await page.click('.graphiql-execute-button');
    // The page subscribes at its own pace: change the order until the update shows (each change is one event).
    let shown = false;
    for (let n = 1; !shown && n <= 100; n++) {
      const set = await app.gql(
        `mutation R($o: String!, $c: String) { setCustomOrderReference(orderReference: $o, customReference: $c) { __typename } }`,
        { o: order.reference, c: `LIVE-${n}` },
        app.backOfficeToken(),
      );
      expect(set.errors).toBeUndefined();
      shown = await page
        .waitForFunction(
          (selector) => document.querySelector(selector)?.CodeMirror?.getValue().includes('LIVE-') ?? false,
          { timeout: 200 },
          RESULT_EDITOR,
        )
        .then(() => true)
        .catch(() => false);
    }
    const result = JSON.parse(await editorText(RESULT_EDITOR));
    expect(result.data.orderChanged.reference).toBe(order.reference);
    expect(result.data.orderChanged.customReference).toMatch(/^LIVE-\d+$/);
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('is also served at /playground, and GraphQL clients still reach the API at /graphql', async () => {
    const playground = await fetch(`${origin}/playground`);
    expect(playground.headers.get('content-type')).toMatch(/text\/html/);
    expect(await playground.text()).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\//i);
    const api = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { accept: 'text/html, application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
