/**
 * Splittable order items (Spryker's SalesQuantity): a line of quantity N becomes N items of quantity 1, so each
 * unit can be shipped, cancelled and returned on its own; unless the product is flagged non-splittable or the
 * line reaches the configured threshold, when it stays one item of quantity N (a pallet of 1,000 cans).
 */
export function splitQuantities(
  quantity: number,
  isQuantitySplittable: boolean,
  threshold: number | null,
): number[] {
  const keepWhole = !isQuantitySplittable || (threshold !== null && quantity >= threshold);
  return keepWhole ? [quantity] : Array.from({ length: quantity }, () => 1);
}
