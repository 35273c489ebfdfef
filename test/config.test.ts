import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { PRODUCTION_SELLER_ENV } from './support/test-env';

describe('configuration', () => {
  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        JWT_SECRET: 'short',
        STORE: 'de',
        CURRENCY: 'euro',
        ORDER_CANCELLATION_WINDOW: 'half an hour',
        LOCALE: 'not a locale!',
        PUBLIC_URL: 'ftp://x',
        RUN_WORKER: 'yes',
        LOG_LEVEL: 'verbose',
        INVOICE_BCC: 'archive@shop.example,nobody',
        PORT: '99999',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(' ')[0]);
    expect(names.sort()).toEqual(
      [
        'CURRENCY',
        'INVOICE_BCC',
        'JWT_SECRET',
        'LOCALE',
        'LOG_LEVEL',
        'ORDER_CANCELLATION_WINDOW',
        'PORT',
        'PUBLIC_URL',
        'RUN_WORKER',
        'STORE',
      ].sort(),
    );
  });

  it('requires JWT_SECRET in production, and otherwise keeps a random one in DATA_DIR for npm run token', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-config-'));
    try {
      expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(
        /JWT_SECRET is required/,
      );
      const first = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
      expect(first).toHaveLength(43);
      expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first);
      expect(fs.statSync(path.join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      expect(
        loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'om-config-')) }).jwtSecret,
      ).not.toBe(first);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps DATA_DIR private and narrows a secret file someone loosened back to 0600', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'om-config-'));
    const dataDir = path.join(parent, 'data');
    // As root the embedded PostgreSQL runs as "postgres" and must pass through DATA_DIR: 0711, never listable.
    const privateMode = process.getuid?.() === 0 ? 0o711 : 0o700;
    try {
      loadConfig({ DATA_DIR: dataDir });
      expect(fs.statSync(dataDir).mode & 0o777).toBe(privateMode);
      fs.chmodSync(dataDir, 0o755);
      fs.chmodSync(path.join(dataDir, 'jwt-secret'), 0o644);
      loadConfig({ DATA_DIR: dataDir });
      expect(fs.statSync(dataDir).mode & 0o777).toBe(privateMode);
      expect(fs.statSync(path.join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('reads the security settings, with production defaults that close the playground and introspection', () => {
    const secret = { JWT_SECRET: 'x'.repeat(32) };
    const development = loadConfig(secret);
    expect(development).toMatchObject({
      introspection: true,
      playground: true,
      rateLimitPerMinute: 30,
      requestBodyLimitBytes: 1024 * 1024,
      jwt: { maxAgeSeconds: 86_400, issuer: undefined, audience: undefined },
      maxDeliveryDaysAhead: 365,
      query: { maxCost: 5_000_000, maxMutations: 5 },
    });
    expect(loadConfig({ ...secret, ...PRODUCTION_SELLER_ENV, NODE_ENV: 'production' })).toMatchObject({
      introspection: false,
      playground: false,
    });
    expect(loadConfig({ ...secret, TZ: 'America/New_York' }).shopTimeZone).toBe('America/New_York');
    expect(loadConfig({ ...secret, TZ: ':/etc/localtime' }).shopTimeZone).toBe('Europe/Berlin');
    expect(loadConfig({ ...secret, REQUEST_BODY_LIMIT: '500kb' }).requestBodyLimitBytes).toBe(512_000);
    expect(() =>
      loadConfig({
        ...secret,
        SHOP_TIME_ZONE: 'Mars/Olympus',
        REQUEST_BODY_LIMIT: 'lots',
        GRAPHQL_PLAYGROUND: 'yes',
      }),
    ).toThrow(/SHOP_TIME_ZONE[\s\S]*REQUEST_BODY_LIMIT|REQUEST_BODY_LIMIT[\s\S]*SHOP_TIME_ZONE/);
  });

  it('reads durations in the units people write', () => {
    expect(
      loadConfig({ JWT_SECRET: 'x'.repeat(16), ORDER_CANCELLATION_WINDOW: '45s' }).orderCancellationWindowMs,
    ).toBe(45_000);
    expect(
      loadConfig({ JWT_SECRET: 'x'.repeat(16), ORDER_CANCELLATION_WINDOW: '2h' }).orderCancellationWindowMs,
    ).toBe(7_200_000);
  });
});
