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
  return keepsWhole(quantity, isQuantitySplittable, threshold)
    ? [quantity]
    : Array.from({ length: quantity }, () => 1);
}

/** How many sales items a line becomes, without building them: checked against the order's limit first. */
export function salesItemsFor(
  quantity: number,
  isQuantitySplittable: boolean,
  threshold: number | null,
): number {
  return keepsWhole(quantity, isQuantitySplittable, threshold) ? 1 : quantity;
}

function keepsWhole(quantity: number, isQuantitySplittable: boolean, threshold: number | null): boolean {
  return !isQuantitySplittable || (threshold !== null && quantity >= threshold);
}
