import type { FieldProblem } from '../common/errors';

/** Which requested delivery dates a shipment may carry: from today in the shop's time zone, up to a limit ahead. */
export interface DeliveryDatePolicy {
  shopTimeZone: string;
  /** MAX_DELIVERY_DATE_AHEAD in days: a date decades ahead is a typo or a probe, never a delivery. */
  maxDaysAhead: number;
}

/** `at` as a yyyy-MM-dd day in `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Why `date` cannot be requested now, or null when it can (or is absent). */
export function deliveryDateProblem(
  policy: DeliveryDatePolicy,
  now: Date,
  date: string | null | undefined,
  field: string,
  name = field,
): FieldProblem | null {
  if (!date) return null;
  const today = dayIn(now, policy.shopTimeZone);
  if (date < today) return { field, messages: [`${name} must be today (${today}) or later`] };
  const latest = addDays(today, policy.maxDaysAhead);
  if (date > latest) return { field, messages: [`${name} must be ${latest} or earlier`] };
  return null;
}
