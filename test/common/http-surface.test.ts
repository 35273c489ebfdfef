import { getIntrospectionQuery } from 'graphql';
import { placeOrderInput, PLACE_ORDER } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { PRODUCTION_SELLER_ENV } from '../support/test-env';

const orders = async (app: TestApp) =>
  Number((await app.dataSource.query(`SELECT count(*) AS n FROM sales_order`))[0].n);

async function expectJsonError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await response.text();
  expect(text).not.toMatch(/<html|<pre>|\bat .*\.js:\d+/i);
  const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0].extensions.code).toBe(code);
  return body;
}

describe('the HTTP surface', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const healthy = async () => expect((await app.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();

  it('answers malformed JSON with a GraphQL-style 400, never an HTML page or a stack trace', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.customerToken('DE--H1')}` },
      body: '{"query": "mutation { placeOrder(',
    });
    const body = await expectJsonError(response, 400, 'BAD_REQUEST');
    expect(body.errors[0].message).toBe('The request body is not valid JSON');
    await healthy();
  });

  it('answers a body over the limit (1 MB by default) with a GraphQL-style 413 and runs nothing of it', async () => {
    const before = await orders(app);
    const input = { ...placeOrderInput(), customReference: 'x'.repeat(200) };
    const padding = ' '.repeat(1024 * 1024);
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.customerToken('DE--H2')}` },
      body: `{"query": ${JSON.stringify(PLACE_ORDER)}, "variables": { "input": ${JSON.stringify(input)} }${padding}}`,
    });
    const body = await expectJsonError(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(body.errors[0].message).toMatch(/larger than the limit of 1048576 bytes/);
    expect(await orders(app)).toBe(before);
    await healthy();
  });

  it('answers unknown paths and unsupported charsets as JSON too', async () => {
    await expectJsonError(await fetch(app.url.replace(/graphql$/, 'wp-admin/setup.php')), 404, 'NOT_FOUND');
    const latin1 = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: '{"query":"{ __typename }"}',
    });
    await expectJsonError(latin1, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await healthy();
  });

  it('sends security headers on every response and a CSP that forbids framing the playground', async () => {
    for (const url of [
      app.url,
      app.url.replace(/graphql$/, 'playground'),
      app.url.replace(/graphql$/, 'health'),
    ]) {
      const response = await fetch(url, {
        method: url === app.url ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: url === app.url ? '{"query":"{ __typename }"}' : undefined,
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
    const page = await fetch(app.url.replace(/graphql$/, 'playground'));
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/default-src 'self'/);
  });

  it('answers a POST with its exact length in bytes and no ETag; a query sent with GET keeps ETag and 304', async () => {
    const token = app.customerToken('DE--H3');
    const placed = await app.gql(PLACE_ORDER, { input: placeOrderInput() }, token);
    const reference = (placed.data as any).placeOrder.reference as string;
    const query = `{ order(reference: "${reference}") { billingAddress { address1 } } }`;
    const post = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const bytes = Buffer.from(await post.arrayBuffer());
    // "ß" is two bytes: a length counted in characters would cut the answer short.
    expect(bytes.toString('utf8')).toContain('Hauptstraße 1');
    expect(Number(post.headers.get('content-length'))).toBe(bytes.length);
    expect(post.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(post.headers.get('etag')).toBeNull();
    expect(post.headers.get('x-content-type-options')).toBe('nosniff');

    const get = (etag?: string) =>
      fetch(`${app.url}?query=${encodeURIComponent(query)}`, {
        headers: {
          authorization: `Bearer ${token}`,
          'apollo-require-preflight': 'true',
          // As a browser revalidates; without a Cache-Control of its own, fetch would add "no-cache" here.
          ...(etag ? { 'if-none-match': etag, 'cache-control': 'max-age=0' } : {}),
        },
      });
    const first = await get();
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(bytes.toString('utf8'));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await get(etag)).status).toBe(304);
  });

  it('serves introspection and the playground in development', async () => {
    expect((await app.gql(getIntrospectionQuery())).errors).toBeUndefined();
    expect((await fetch(app.url.replace(/graphql$/, 'playground'))).status).toBe(200);
  });
});

describe('in production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(32),
      ...PRODUCTION_SELLER_ENV,
      DATA_DIR: '/nonexistent',
    });
  });
  afterAll(() => app.close());

  it('hides the schema and the playground unless configured otherwise', async () => {
    const introspection = await app.gql(getIntrospectionQuery());
    expect(introspection.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await app.gql(`{ shipmentMethod { key } }`);
    expect(typo.errors![0].message).not.toMatch(/Did you mean/);
    expect((await fetch(app.url.replace(/graphql$/, 'playground'))).status).toBe(404);
    const browser = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(browser.status).not.toBe(200);
    expect((await app.gql(`{ shipmentMethods { key } }`)).errors).toBeUndefined();
  });

  it('turns them on by configuration', async () => {
    const open = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(32),
      ...PRODUCTION_SELLER_ENV,
      GRAPHQL_INTROSPECTION: 'true',
      GRAPHQL_PLAYGROUND: 'true',
    });
    try {
      expect((await open.gql(getIntrospectionQuery())).errors).toBeUndefined();
      expect((await fetch(open.url.replace(/graphql$/, 'playground'))).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
