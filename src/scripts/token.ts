import { parseArgs } from 'node:util';
import { signToken } from '../auth/token';
import type { Role } from '../auth/viewer';
import { parseDuration } from '../common/duration';
import { ConfigError, loadConfig } from '../config';

const USAGE = `Prints a development JWT for the playground.

  npm run token -- --role customer --sub DE--C1 --email anna@example.com
  npm run token -- --role back-office --sub staff-1 [--email staff@shop.example] [--expires 8h]

--role      customer | back-office
--sub       customer reference (customers) or staff user id (back office)
--email     e-mail claim; a customer's orders and invoices go to it
--expires   lifetime such as 8h, 30m (default 8h; at most JWT_MAX_AGE, default 24h)`;

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      email: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.role || !values.sub || !['customer', 'back-office'].includes(values.role)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const lifetimeMs = parseDuration(values.expires);
  if (lifetimeMs === null || lifetimeMs < 1000 || lifetimeMs / 1000 > config.jwt.maxAgeSeconds) {
    throw new Error(`--expires must be a duration from 1s to JWT_MAX_AGE (${config.jwt.maxAgeSeconds} s)`);
  }
  const token = signToken(
    config.jwtSecret,
    { sub: values.sub, role: values.role as Role, email: values.email ?? '' },
    Math.floor(lifetimeMs / 1000),
    {
      ...(config.jwt.issuer ? { issuer: config.jwt.issuer } : {}),
      ...(config.jwt.audience ? { audience: config.jwt.audience } : {}),
    },
  );
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
