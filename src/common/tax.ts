/** Tax rates are stored in basis points (19 % = 1900) so that no rate is ever a float in arithmetic. */
export const percentFromBasisPoints = (bp: number) => bp / 100;

/** Integer division rounding half away from zero, in BigInt so intermediate products cannot lose precision. */
function divideRounded(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (n * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -q : q);
}

/** The tax contained in a gross amount: gross × rate / (100 % + rate), rounded per amount (Spryker's way). */
export function taxContainedInGross(grossMinor: number, rateBp: number): number {
  return divideRounded(BigInt(grossMinor) * BigInt(rateBp), BigInt(10_000 + rateBp));
}
