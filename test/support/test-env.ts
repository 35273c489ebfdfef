export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef';

/**
 * What every test's configuration shares: a fixed secret (so no test writes DATA_DIR/jwt-secret into the working
 * tree), and the machine's CHROME_PATH when it has one, exactly as the server would read it.
 */
export function testEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    CHROME_PATH: process.env.CHROME_PATH ?? '',
    // Tests place orders far faster than any customer; test/common/rate-limits.test.ts turns the limit on.
    RATE_LIMIT_PER_MINUTE: '0',
  };
}

/**
 * A complete seller, as production must configure one (src/invoices/seller-config.ts): tests that run with
 * NODE_ENV=production for another reason add it, since without it the server refuses to start.
 */
export const PRODUCTION_SELLER_ENV: Record<string, string> = {
  SELLER_NAME: 'Nordlicht Handel GmbH',
  SELLER_STREET: 'Hafenstraße 12',
  SELLER_POSTAL_CODE: '20457',
  SELLER_CITY: 'Hamburg',
  SELLER_COUNTRY: 'DE',
  SELLER_VAT_ID: 'DE811907980',
  SELLER_ELECTRONIC_ADDRESS: 'rechnung@nordlicht.example',
  SELLER_PHONE: '+49 40 5550100',
  SELLER_IBAN: 'DE89 3704 0044 0532 0130 00',
};
