import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../src/config';
import { PLACE_ORDER, placeOrderInput } from '../support/factories';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { PRODUCTION_SELLER_ENV, testEnv } from '../support/test-env';

const ROOT = path.resolve(__dirname, '../..');
const now = () => Math.floor(Date.now() / 1000);
// Claims exactly as given (undefined ones left out): jsonwebtoken adds no iat of its own.
const sign = (payload: Record<string, unknown>, secret = TEST_JWT_SECRET) =>
  jwt.sign(JSON.parse(JSON.stringify(payload)), secret, { algorithm: 'HS256', noTimestamp: true });
const customer = (extra: Record<string, unknown> = {}) => ({
  sub: 'DE--TOK',
  role: 'customer',
  email: 'tok@example.com',
  iat: now(),
  exp: now() + 3600,
  ...extra,
});

describe('bearer tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      JWT_MAX_AGE: '12h',
      JWT_ISSUER: 'https://id.shop.example',
      JWT_AUDIENCE: 'orders',
    });
  });
  afterAll(() => app.close());

  const orders = async () =>
    Number((await app.dataSource.query(`SELECT count(*) AS n FROM sales_order`))[0].n);
  async function attempt(token: string) {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PLACE_ORDER, variables: { input: placeOrderInput() } }),
    });
    return { status: response.status, body: (await response.json()) as any };
  }
  const valid = (extra: Record<string, unknown> = {}) =>
    sign(customer({ iss: 'https://id.shop.example', aud: 'orders', ...extra }));

  it('accepts a token that expires within the maximum age, from the configured issuer for the audience', async () => {
    const { status, body } = await attempt(valid());
    expect(status).toBe(200);
    expect(body.data.placeOrder.__typename).toBe('Order');
  });

  it.each([
    ['no exp', { exp: undefined }],
    ['an exp beyond the maximum age', { exp: now() + 13 * 3600 }],
    ['an exp beyond the maximum age, without iat', { iat: undefined, exp: now() + 13 * 3600 }],
    ['an expired exp', { iat: now() - 7200, exp: now() - 3600 }],
    ['an nbf in the future', { nbf: now() + 600 }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['another audience', { aud: 'billing' }],
    ['no role', { role: undefined }],
    ['an unknown role', { role: 'admin' }],
    ['an email that is not one', { email: 'not-an-address' }],
    ['an email with a header injected', { email: 'tok@example.com\r\nBcc: all@evil.example' }],
  ])('refuses a token with %s: 401, nothing written, the server answers on', async (_what, extra) => {
    const before = await orders();
    const { status, body } = await attempt(valid(extra));
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? undefined).toBeUndefined();
    expect(await orders()).toBe(before);
    expect((await attempt(valid())).status).toBe(200);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = sign(
      customer({ iss: 'https://id.shop.example', aud: 'orders' }),
      'another-secret-0123456789abcdef',
    );
    expect((await attempt(forged)).status).toBe(401);
  });

  it('npm run token mints a token this server accepts, with an expiry', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'src/scripts/token.ts',
        '--role',
        'customer',
        '--sub',
        'DE--CLI',
        '--email',
        'cli@example.com',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...testEnv(),
          JWT_ISSUER: 'https://id.shop.example',
          JWT_AUDIENCE: 'orders',
          JWT_MAX_AGE: '12h',
        },
      },
    );
    const token = stdout.trim();
    const claims = jwt.decode(token) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
    expect((await attempt(token)).status).toBe(200);
  });
});

describe('the JWT secret', () => {
  it('must be at least 32 bytes in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toThrow(
      /at least 32 bytes/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ...PRODUCTION_SELLER_ENV }).jwtSecret,
    ).toHaveLength(32);
  });
});
