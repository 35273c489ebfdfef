import { Field, ObjectType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';

const fractionDigitsCache = new Map<string, number>();

/** Minor-unit digits of a currency per ISO 4217 (EUR 2, JPY 0, KWD 3), as Intl knows them. */
export function fractionDigits(currencyCode: string): number {
  let digits = fractionDigitsCache.get(currencyCode);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: currencyCode }).resolvedOptions()
      .maximumFractionDigits as number;
    fractionDigitsCache.set(currencyCode, digits);
  }
  return digits;
}

/** 123450 EUR → "1234.50", without ever going through a float. */
export function formatMinorUnits(minorUnits: number, currencyCode: string): string {
  const digits = fractionDigits(currencyCode);
  const sign = minorUnits < 0 ? '-' : '';
  const text = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

@ObjectType({
  simpleResolvers: true,
  description: 'An amount of money. Stored and computed in integer minor units (cents); never a float.',
})
export class Money {
  @Field({ description: 'Decimal amount as text, e.g. "1234.50".' })
  amount!: string;

  @Field(() => SafeIntResolver, {
    description: 'The amount in minor units of the currency, e.g. 123450 cents.',
  })
  minorUnits!: number;

  @Field({ description: 'ISO 4217 currency code, e.g. EUR.' })
  currencyCode!: string;
}

export function money(minorUnits: number, currencyCode: string): Money {
  return { amount: formatMinorUnits(minorUnits, currencyCode), minorUnits, currencyCode };
}
