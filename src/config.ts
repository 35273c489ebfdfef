import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from './common/duration';

/** Everything the server reads from its environment, validated once at start-up. */
export interface Config {
  nodeEnv: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  store: string;
  currency: string;
  locale: string;
  orderCancellationWindowMs: number;
  itemNonsplitQuantityThreshold: number | null;
  maxSalesItemsPerOrder: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  invoiceBcc: string[];
  chromePath: string | undefined;
  /** A directory whose invoice templates replace the project's own, file by file. */
  invoiceTemplateDir: string | undefined;
  seller: { name: string; address: string; vatId: string };
  runWorker: boolean;
  /** API processes `npm start` runs on one port (node:cluster); 1 = this process serves alone. */
  webConcurrency: number;
  /** How long an orderly stop may take before the process stops the database and browser at once and exits. */
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Without JWT_SECRET (outside production) the secret is random, made once and kept in DATA_DIR/jwt-secret (0600),
 * where `npm run token` finds it too: no well-known secret anyone could mint back-office tokens with.
 */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first
  }
  return fs.readFileSync(file, 'utf8').trim();
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The only reader of process.env. Lists every bad variable in one error rather than failing on the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';

  const int = (name: string, fallback: number | null, min: number, max: number): number | null => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const duration = (name: string, fallback: string): number => {
    const raw = env[name]?.trim() || fallback;
    const ms = parseDuration(raw);
    if (ms === null) {
      problems.push(`${name} must be a duration such as 30m, 1h, 45s or 2d, got "${raw}"`);
      return parseDuration(fallback)!;
    }
    return ms;
  };

  const dataDir = path.resolve(env.DATA_DIR?.trim() || '.data');
  const jwtSecret = env.JWT_SECRET?.trim() || (nodeEnv === 'production' ? '' : developmentSecret(dataDir));
  if (!jwtSecret) problems.push('JWT_SECRET is required when NODE_ENV=production');
  else if (jwtSecret.length < 16) problems.push('JWT_SECRET must be at least 16 characters');

  const store = (env.STORE ?? 'DE').trim();
  if (!/^[A-Z]{2,10}$/.test(store)) problems.push(`STORE must be 2 to 10 capital letters, got "${store}"`);
  const currency = (env.CURRENCY ?? 'EUR').trim();
  if (!/^[A-Z]{3}$/.test(currency))
    problems.push(`CURRENCY must be an ISO 4217 code such as EUR, got "${currency}"`);

  const invoiceBcc = (env.INVOICE_BCC ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const address of invoiceBcc) {
    if (!EMAIL.test(address)) problems.push(`INVOICE_BCC holds "${address}", which is not an e-mail address`);
  }
  const mailFrom = env.MAIL_FROM?.trim() || 'Order Management <orders@shop.example>';

  const locale = env.LOCALE?.trim() || 'de-DE';
  try {
    if (Intl.getCanonicalLocales(locale).length !== 1 || locale.length > 16) throw new RangeError(locale);
  } catch {
    problems.push(
      `LOCALE must be a BCP 47 language tag of at most 16 characters such as de-DE, got "${locale}"`,
    );
  }
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  };

  const port = int('PORT', 4000, 0, 65535)!;
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) {
    problems.push(`PUBLIC_URL must be an http(s) URL such as https://orders.example.com, got "${publicUrl}"`);
  }
  const config: Config = {
    nodeEnv,
    port,
    publicUrl,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    dataDir,
    jwtSecret,
    store,
    currency,
    locale,
    orderCancellationWindowMs: duration('ORDER_CANCELLATION_WINDOW', '30m'),
    itemNonsplitQuantityThreshold: int('ITEM_NONSPLIT_QUANTITY_THRESHOLD', null, 2, 1_000_000),
    maxSalesItemsPerOrder: int('MAX_SALES_ITEMS_PER_ORDER', 10_000, 1, 1_000_000)!,
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    mailFrom,
    invoiceBcc,
    chromePath: env.CHROME_PATH?.trim() || undefined,
    invoiceTemplateDir: env.INVOICE_TEMPLATE_DIR?.trim()
      ? path.resolve(env.INVOICE_TEMPLATE_DIR.trim())
      : undefined,
    seller: {
      name: env.SELLER_NAME?.trim() || 'Example Shop GmbH',
      address: env.SELLER_ADDRESS?.trim() || 'Julie-Wolfthorn-Straße 1, 10115 Berlin, DE',
      vatId: env.SELLER_VAT_ID?.trim() || 'DE123456789',
    },
    runWorker: oneOf('RUN_WORKER', ['true', 'false'], 'true') === 'true',
    webConcurrency: int('WEB_CONCURRENCY', 1, 1, 64)!,
    shutdownTimeoutMs: duration('SHUTDOWN_TIMEOUT', '10s'),
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
