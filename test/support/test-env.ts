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
