import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from './common/duration';
import { ensurePrivateDir, readSecretFile } from './common/private-files';
import { loadSellerConfig, SellerConfig } from './invoices/seller-config';

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
  /** A directory whose e-mail and invoice templates replace the project's own, file by file (MAIL_TEMPLATE_DIR). */
  mailTemplateDir: string | undefined;
  /** The same directory under its old name (INVOICE_TEMPLATE_DIR still sets it when MAIL_TEMPLATE_DIR is unset). */
  invoiceTemplateDir: string | undefined;
  /** A directory of `<language tag>.json` message catalogs added to (and overriding) the built-in ones. */
  messageCatalogDir: string | undefined;
  /** How long a guest order's access token (from placeOrder or an e-mailed link) keeps working. */
  guestOrderAccessTtlMs: number;
  /** requestGuestOrderLink calls per hour and order reference (per IP address: four times this); 0 turns it off. */
  guestLinkRequestsPerHour: number;
  /** The seller an invoice names: structured, as EN 16931 needs it (SELLER_*; see src/invoices/seller-config.ts). */
  seller: SellerConfig;
  /** Attach the invoice's XML (CII) to its e-mail as well as the hybrid PDF (INVOICE_MAIL_ATTACH_XML). */
  invoiceMailAttachXml: boolean;
  runWorker: boolean;
  /** API processes `npm start` runs on one port (node:cluster); 1 = this process serves alone. */
  webConcurrency: number;
  /** How long an orderly stop may take before the process stops the database and browser at once and exits. */
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Limits every GraphQL operation is checked against before it runs (see src/common/query-limits.ts). */
  query: {
    maxCost: number;
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxMutations: number;
  };
  /** Calls per minute of one caller to one rate-limited mutation; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /** Largest JSON body /graphql accepts, in bytes. */
  requestBodyLimitBytes: number;
  /** After this long without GraphQL requests an API process runs one full garbage collection (0 = never). */
  idleCollectionAfterMs: number;
  /** Open WebSocket connections (subscriptions) one client address may hold on one API process. */
  wsConnectionsPerIp: number;
  jwt: {
    /** A token's lifetime (exp − iat, or exp − now without iat) may not exceed this. */
    maxAgeSeconds: number;
    issuer: string | undefined;
    audience: string | undefined;
  };
  introspection: boolean;
  /** Execute operations with graphql-jit (src/common/jit-executor.ts) rather than graphql-js. */
  graphqlJit: boolean;
  playground: boolean;
  /** IANA time zone of the shop: invoice years and dates, "today" for delivery dates. */
  shopTimeZone: string;
  /** How far ahead a requested delivery date may lie. */
  maxDeliveryDaysAhead: number;
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
  ensurePrivateDir(dataDir);
  if (fs.existsSync(file)) return readSecretFile(file);
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first
  }
  return readSecretFile(file);
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The largest legitimate query is the storefront's order history page with items, shipments and totals: about
 * 2.9 million at MAX_SALES_ITEMS_PER_ORDER=10000 (see README, "Security"). One item → shipment → items loop costs
 * 10000 times more.
 */
const DEFAULT_QUERY_MAX_COST = 5_000_000;

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
  else if (nodeEnv === 'production' && Buffer.byteLength(jwtSecret, 'utf8') < 32)
    problems.push(
      'JWT_SECRET must be at least 32 bytes when NODE_ENV=production (e.g. openssl rand -base64 32)',
    );
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

  const flag = (name: string, fallback: boolean): boolean =>
    oneOf(name, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
  const bytes = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw);
    const value = match
      ? Number(match[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase()]!
      : 0;
    if (!match || value < 1024 || value > 100 * 1024 * 1024) {
      problems.push(`${name} must be a size from 1kb to 100mb such as 1mb or 500kb, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const validZone = (zone: string) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  };
  // TZ may be a path such as :/etc/localtime; only a zone name can be used for the shop's calendar.
  const tz = env.TZ?.trim();
  const shopTimeZone = env.SHOP_TIME_ZONE?.trim() || (tz && validZone(tz) ? tz : 'Europe/Berlin');
  if (!validZone(shopTimeZone))
    problems.push(`SHOP_TIME_ZONE must be an IANA time zone such as Europe/Berlin, got "${shopTimeZone}"`);
  const development = nodeEnv !== 'production';

  const templateDir = env.MAIL_TEMPLATE_DIR?.trim() || env.INVOICE_TEMPLATE_DIR?.trim();
  const catalogDir = env.MESSAGE_CATALOG_DIR?.trim()
    ? path.resolve(env.MESSAGE_CATALOG_DIR.trim())
    : undefined;
  // The files themselves are read (and checked) when the services are built; a typo in the path is caught here.
  if (catalogDir && !fs.statSync(catalogDir, { throwIfNoEntry: false })?.isDirectory())
    problems.push(`MESSAGE_CATALOG_DIR must be a directory of message catalogs, got "${catalogDir}"`);
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
    mailTemplateDir: templateDir ? path.resolve(templateDir) : undefined,
    invoiceTemplateDir: templateDir ? path.resolve(templateDir) : undefined,
    messageCatalogDir: catalogDir,
    guestOrderAccessTtlMs: duration('GUEST_ORDER_ACCESS_TTL', '30d'),
    guestLinkRequestsPerHour: int('GUEST_LINK_REQUESTS_PER_HOUR', 5, 0, 100_000)!,
    seller: loadSellerConfig(env, !development, problems),
    invoiceMailAttachXml: flag('INVOICE_MAIL_ATTACH_XML', false),
    runWorker: oneOf('RUN_WORKER', ['true', 'false'], 'true') === 'true',
    webConcurrency: int('WEB_CONCURRENCY', 1, 1, 64)!,
    shutdownTimeoutMs: duration('SHUTDOWN_TIMEOUT', '10s'),
    idleCollectionAfterMs: duration('IDLE_COLLECTION_AFTER', '10s'),
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    query: {
      maxCost: int('QUERY_MAX_COST', DEFAULT_QUERY_MAX_COST, 100, 1_000_000_000)!,
      maxDepth: int('QUERY_MAX_DEPTH', 10, 2, 100)!,
      maxAliases: int('QUERY_MAX_ALIASES', 15, 0, 1000)!,
      maxDirectives: int('QUERY_MAX_DIRECTIVES', 50, 0, 1000)!,
      maxTokens: int('QUERY_MAX_TOKENS', 5000, 500, 1_000_000)!,
      maxMutations: int('MAX_MUTATIONS_PER_REQUEST', 5, 1, 1000)!,
    },
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 30, 0, 1_000_000)!,
    requestBodyLimitBytes: bytes('REQUEST_BODY_LIMIT', 1024 * 1024),
    // Generous: an office or a mobile carrier puts many customers behind one address.
    wsConnectionsPerIp: int('WS_MAX_CONNECTIONS_PER_IP', 100, 1, 1_000_000)!,
    jwt: {
      maxAgeSeconds: Math.round(duration('JWT_MAX_AGE', '24h') / 1000),
      issuer: optional('JWT_ISSUER'),
      audience: optional('JWT_AUDIENCE'),
    },
    introspection: flag('GRAPHQL_INTROSPECTION', development),
    graphqlJit: flag('GRAPHQL_JIT', true),
    playground: flag('GRAPHQL_PLAYGROUND', development),
    shopTimeZone,
    maxDeliveryDaysAhead: Math.round(duration('MAX_DELIVERY_DATE_AHEAD', '365d') / 86_400_000),
  };
  if (config.jwt.maxAgeSeconds < 60) problems.push('JWT_MAX_AGE must be at least 1m');
  if (config.maxDeliveryDaysAhead < 1) problems.push('MAX_DELIVERY_DATE_AHEAD must be at least 1d');
  if (problems.length) throw new ConfigError(problems);
  return config;
}
