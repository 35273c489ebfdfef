/**
 * The seller as an e-invoice needs it (EN 16931 BG-4 and the payment instructions BG-16), read from SELLER_*
 * settings. In production every required setting must be given and valid: an invoice without the seller's VAT ID or
 * structured address is not a valid e-invoice, so the server refuses to start rather than issue one. Elsewhere the
 * demo seller's data fill the gaps, so `npm start` works with no configuration.
 */
export interface SellerConfig {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** e.g. DE123456789 (BT-31). */
  vatId: string;
  /** The tax office's number (Steuernummer, BT-32); optional when a VAT ID is given. */
  taxNumber: string | null;
  /** Where buyers' systems send messages (BT-34): an e-mail address (scheme EM). */
  electronicAddress: string;
  /** The seller contact's telephone (BT-42): XRechnung requires one. */
  phone: string;
  /** Payment instructions for a credit transfer (BT-84, BT-86, BT-85). */
  iban: string;
  bic: string | null;
  bankName: string | null;
  /** Days from the invoice date to its due date (BT-9, BT-20). */
  paymentTermDays: number;
}

/** The demo seller: development and test defaults, never used in production. */
export const DEMO_SELLER: SellerConfig = {
  name: 'Example Shop GmbH',
  street: 'Julie-Wolfthorn-Straße 1',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
  vatId: 'DE123456789',
  taxNumber: '30/123/45678',
  electronicAddress: 'invoices@shop.example',
  phone: '+49 30 1234567',
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
  bankName: 'Example Bank',
  paymentTermDays: 14,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** ISO 13616 check: move the first four characters to the end, letters to numbers, remainder mod 97 must be 1. */
export function validIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return remainder === 1;
}

/** An EU VAT ID: country prefix and 2 to 13 letters or digits (DE: 9 digits). */
export function validVatId(vatId: string): boolean {
  if (vatId.startsWith('DE')) return /^DE\d{9}$/.test(vatId);
  return /^[A-Z]{2}[A-Z0-9+*]{2,13}$/.test(vatId);
}

interface Setting {
  key: keyof SellerConfig;
  env: string;
  required: boolean;
  check?: (value: string) => string | null;
}

const SETTINGS: Setting[] = [
  { key: 'name', env: 'SELLER_NAME', required: true },
  { key: 'street', env: 'SELLER_STREET', required: true },
  { key: 'postalCode', env: 'SELLER_POSTAL_CODE', required: true },
  { key: 'city', env: 'SELLER_CITY', required: true },
  {
    key: 'country',
    env: 'SELLER_COUNTRY',
    required: true,
    check: (v) => (/^[A-Z]{2}$/.test(v) ? null : 'must be an ISO 3166-1 alpha-2 code such as DE'),
  },
  {
    key: 'vatId',
    env: 'SELLER_VAT_ID',
    required: true,
    check: (v) => (validVatId(v) ? null : 'must be a VAT ID such as DE123456789'),
  },
  { key: 'taxNumber', env: 'SELLER_TAX_NUMBER', required: false },
  {
    key: 'electronicAddress',
    env: 'SELLER_ELECTRONIC_ADDRESS',
    required: true,
    check: (v) => (EMAIL.test(v) ? null : 'must be an e-mail address buyers can send invoice replies to'),
  },
  {
    key: 'phone',
    env: 'SELLER_PHONE',
    required: true,
    check: (v) =>
      /^\+?[0-9 ()/-]{5,30}$/.test(v) ? null : 'must be a telephone number such as +49 30 1234567',
  },
  {
    key: 'iban',
    env: 'SELLER_IBAN',
    required: true,
    check: (v) => (validIban(v) ? null : 'must be a valid IBAN without spaces'),
  },
  {
    key: 'bic',
    env: 'SELLER_BIC',
    required: false,
    check: (v) =>
      /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(v) ? null : 'must be a BIC of 8 or 11 characters',
  },
  { key: 'bankName', env: 'SELLER_BANK_NAME', required: false },
];

/** Reads SELLER_*; every problem goes to `problems`, each naming its setting. */
export function loadSellerConfig(
  env: NodeJS.ProcessEnv,
  production: boolean,
  problems: string[],
): SellerConfig {
  const seller: SellerConfig = { ...DEMO_SELLER };
  const values = seller as unknown as Record<string, string | number | null>;
  const missing: string[] = [];
  for (const { key, env: name, required, check } of SETTINGS) {
    const raw = env[name]?.trim().replace(key === 'iban' ? /\s+/g : /^$/, '');
    if (!raw) {
      if (production) {
        if (required) missing.push(name);
        else values[key] = null;
      }
      continue;
    }
    if (raw.length > 200) {
      problems.push(`${name} must be at most 200 characters`);
      continue;
    }
    const problem = check?.(raw);
    if (problem) problems.push(`${name} ${problem}, got "${raw}"`);
    else values[key] = raw;
  }
  if (missing.length) {
    problems.push(
      `the seller's data an e-invoice needs are missing (NODE_ENV=production): set ${missing.join(', ')}`,
    );
  }
  const days = env.SELLER_PAYMENT_TERM_DAYS?.trim();
  if (days) {
    if (!/^\d{1,3}$/.test(days) || Number(days) > 365)
      problems.push(`SELLER_PAYMENT_TERM_DAYS must be a whole number from 0 to 365, got "${days}"`);
    else seller.paymentTermDays = Number(days);
  }
  return seller;
}

/** "Julie-Wolfthorn-Straße 1, 10115 Berlin, DE": the one line the document header prints. */
export const sellerAddressLine = (s: SellerConfig) => `${s.street}, ${s.postalCode} ${s.city}, ${s.country}`;
