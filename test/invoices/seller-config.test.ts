import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { DEMO_SELLER, validIban } from '../../src/invoices/seller-config';
import { buildServer } from '../support/server-process';
import { PRODUCTION_SELLER_ENV, testEnv } from '../support/test-env';

const SECRET = { JWT_SECRET: 'p'.repeat(32) };
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("the seller's settings", () => {
  it('default to the demo seller outside production, so npm start works with no configuration', () => {
    expect(loadConfig({ ...SECRET }).seller).toEqual(DEMO_SELLER);
    expect(loadConfig({ ...SECRET, NODE_ENV: 'test', SELLER_NAME: 'Kiosk am Eck' }).seller).toMatchObject({
      name: 'Kiosk am Eck',
      vatId: 'DE123456789',
    });
  });

  it('are read as structured data in production, IBAN spaces dropped, optional ones null', () => {
    const { seller } = loadConfig({ ...SECRET, ...PRODUCTION_SELLER_ENV, NODE_ENV: 'production' });
    expect(seller).toEqual({
      name: 'Nordlicht Handel GmbH',
      street: 'Hafenstraße 12',
      postalCode: '20457',
      city: 'Hamburg',
      country: 'DE',
      vatId: 'DE811907980',
      taxNumber: null,
      electronicAddress: 'rechnung@nordlicht.example',
      phone: '+49 40 5550100',
      iban: 'DE89370400440532013000',
      bic: null,
      bankName: null,
      paymentTermDays: 14,
    });
  });

  it('name each missing setting in one message in production, and each invalid one', () => {
    const missing = problemsOf({ ...SECRET, NODE_ENV: 'production', SELLER_NAME: 'Nordlicht Handel GmbH' });
    expect(missing).toHaveLength(1);
    for (const name of [
      'SELLER_STREET',
      'SELLER_POSTAL_CODE',
      'SELLER_CITY',
      'SELLER_COUNTRY',
      'SELLER_VAT_ID',
      'SELLER_ELECTRONIC_ADDRESS',
      'SELLER_PHONE',
      'SELLER_IBAN',
    ]) {
      expect(missing[0]).toContain(name);
    }
    expect(missing[0]).not.toContain('SELLER_NAME');
    expect(missing[0]).not.toContain('SELLER_TAX_NUMBER'); // optional: the VAT ID suffices

    const invalid = problemsOf({
      ...SECRET,
      ...PRODUCTION_SELLER_ENV,
      NODE_ENV: 'production',
      SELLER_VAT_ID: 'DE12345',
      SELLER_IBAN: 'DE89370400440532013001',
      SELLER_COUNTRY: 'Germany',
      SELLER_PAYMENT_TERM_DAYS: '-3',
    });
    expect(invalid.map((p) => p.split(' ')[0]).sort()).toEqual([
      'SELLER_COUNTRY',
      'SELLER_IBAN',
      'SELLER_PAYMENT_TERM_DAYS',
      'SELLER_VAT_ID',
    ]);
    // Outside production a bad value is still an error: defaults fill gaps, they never hide a typo.
    expect(problemsOf({ ...SECRET, SELLER_IBAN: 'DE00 1234' })).toEqual([
      expect.stringContaining('SELLER_IBAN must be a valid IBAN'),
    ]);
  });

  it('checks IBANs by their ISO 13616 check digits', () => {
    expect(validIban('DE89370400440532013000')).toBe(true);
    expect(validIban('GB82WEST12345698765432')).toBe(true);
    expect(validIban('DE89370400440532013001')).toBe(false);
    expect(validIban(DEMO_SELLER.iban)).toBe(true);
  });

  it('stop the real server at start in production, naming every missing setting', async () => {
    const build = buildServer();
    try {
      const child = spawn(process.execPath, [path.join(build.dir, 'src/main.js')], {
        cwd: build.dir,
        env: { PATH: process.env.PATH ?? '', ...testEnv(), NODE_ENV: 'production', ...SECRET, PORT: '0' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/^Cannot start: Invalid configuration:/);
      expect(stderr).toContain("the seller's data an e-invoice needs are missing (NODE_ENV=production)");
      for (const name of ['SELLER_NAME', 'SELLER_STREET', 'SELLER_VAT_ID', 'SELLER_IBAN', 'SELLER_PHONE']) {
        expect(stderr).toContain(name);
      }
      expect(stderr).not.toMatch(/\n\s+at /); // a message for a person, not a stack trace
    } finally {
      build.remove();
    }
  });
});
