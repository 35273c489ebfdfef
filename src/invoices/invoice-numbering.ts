import type { EntityManager } from 'typeorm';
import { InvoiceRepository } from './invoice.repository';
import type { InvoiceKind } from './invoice-snapshot';

const SERIES: Record<InvoiceKind, string> = { INVOICE: 'INV', CREDIT_NOTE: 'CN' };

/** The calendar year of `at` in `timeZone`: 2026-12-31T23:30Z is 2027 in Berlin. */
export function yearIn(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

/**
 * The next reference of a series for the year of `issuedAt` in the shop's time zone, e.g. INV-2026-000001. The counter row stays locked
 * until the caller's transaction ends, so concurrent invoicings queue on it and a rollback returns its number:
 * the sequence has no gaps and no duplicates (the unique reference is the guard).
 */
export async function nextInvoiceReference(
  manager: EntityManager,
  kind: InvoiceKind,
  issuedAt: Date,
  timeZone: string,
): Promise<string> {
  const series = SERIES[kind];
  const year = yearIn(issuedAt, timeZone);
  const n = await new InvoiceRepository(manager).nextNumber(series, year);
  return `${series}-${year}-${String(n).padStart(6, '0')}`;
}
