import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';

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

  it('reads durations in the units people write', () => {
    expect(
      loadConfig({ JWT_SECRET: 'x'.repeat(16), ORDER_CANCELLATION_WINDOW: '45s' }).orderCancellationWindowMs,
    ).toBe(45_000);
    expect(
      loadConfig({ JWT_SECRET: 'x'.repeat(16), ORDER_CANCELLATION_WINDOW: '2h' }).orderCancellationWindowMs,
    ).toBe(7_200_000);
  });
});
