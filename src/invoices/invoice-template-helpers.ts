import type { HelperDelegate, HelperOptions } from 'handlebars';
import { formatMinorUnits } from '../common/money';
import type { InvoiceSnapshot } from './invoice-snapshot';

// Intl formatters are costly to build and a 20-line invoice formats ~80 amounts: build each one once.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const regionNames = new Map<string, Intl.DisplayNames>();

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

// ES2022's lib types `format` as number-only; Node 20 also takes a decimal string and formats it exactly, which is
// what keeps money out of floating point.
type DecimalFormat = (value: string) => string;

/** 123450 minor units of EUR in de-DE → "1.234,50 €". The amount reaches Intl as decimal text, never a float. */
export function formatMoney(minorUnits: number, currencyCode: string, locale: string): string {
  if (!Number.isSafeInteger(minorUnits))
    throw new TypeError(`money must be integer minor units, got ${minorUnits}`);
  const format = cached(numberFormats, `money|${locale}|${currencyCode}`, () =>
    Intl.NumberFormat(locale, { style: 'currency', currency: currencyCode }),
  );
  return (format.format as unknown as DecimalFormat)(formatMinorUnits(minorUnits, currencyCode));
}

/** 1900 basis points → "19 %" (de-DE) or "19%" (en-US). */
export function formatTaxRate(basisPoints: number, locale: string): string {
  const format = cached(numberFormats, `percent|${locale}`, () =>
    Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }),
  );
  const sign = basisPoints < 0 ? '-' : '';
  const digits = String(Math.abs(basisPoints)).padStart(5, '0');
  return (format.format as unknown as DecimalFormat)(`${sign}${digits.slice(0, -4)}.${digits.slice(-4)}`);
}

/** An instant as a calendar date in the given zone, e.g. "27. November 2026". */
export function formatDate(iso: string, locale: string, timeZone = 'UTC'): string {
  const format = cached(dateFormats, `${locale}|${timeZone}`, () =>
    Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }),
  );
  return format.format(new Date(iso));
}

/** "DE" → "Deutschland" in de-DE; the code itself when Intl does not know it. */
export function formatCountry(code: string, locale: string): string {
  const names = cached(regionNames, locale, () => new Intl.DisplayNames(locale, { type: 'region' }));
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Templates pass only the value; currency, locale and zone come from the snapshot being rendered. */
const root = (options: HelperOptions) => options.data.root as InvoiceSnapshot;

/** Helpers every invoice template can use. Their results are plain strings, so Handlebars still escapes them. */
export const INVOICE_TEMPLATE_HELPERS: Record<string, HelperDelegate> = {
  money: (minorUnits: number, options: HelperOptions) =>
    formatMoney(minorUnits, root(options).currencyCode, root(options).locale),
  taxRate: (basisPoints: number, options: HelperOptions) => formatTaxRate(basisPoints, root(options).locale),
  date: (iso: string, options: HelperOptions) =>
    formatDate(iso, root(options).locale, root(options).timeZone),
  country: (code: string, options: HelperOptions) => formatCountry(code, root(options).locale),
  /** A calendar day (YYYY-MM-DD: date of supply, due date), written as `date` writes an instant. */
  day: (day: string, options: HelperOptions) => formatDate(`${day}T00:00:00Z`, root(options).locale, 'UTC'),
  /** An IBAN in groups of four, as it is printed: DE02 1203 0000 0000 2020 51. */
  iban: (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 '),
  eq: (a: unknown, b: unknown) => a === b,
  /** 'title' → 'invoice.title' or 'creditNote.title', by the document's kind: one template prints both. */
  documentKey: (name: string, options: HelperOptions) =>
    `${root(options).kind === 'CREDIT_NOTE' ? 'creditNote' : 'invoice'}.${name}`,
};
