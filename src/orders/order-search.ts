/**
 * Free-text search looks in `sales_order.search_text` (migration 1764202200000): the lower-cased reference, custom
 * reference, e-mail and "first last" name joined by the unit separator (U+001F), with a trigram index. Matching
 * `LIKE lower(pattern)` on it is what ILIKE on the four fields would find, without rebuilding the text per row.
 */
export const ORDER_SEARCH_CONDITION = (parameter: string) => `o.search_text LIKE lower(${parameter})`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * ILIKE pattern for a search text, or null when nothing is left to search for. The separator is removed, so a
 * match lies within one field: searching the joined text finds exactly what searching each field would.
 */
export function searchPattern(search: string | null | undefined): string | null {
  // eslint-disable-next-line no-control-regex
  const text = (search ?? '').replace(/\x1f/g, '').trim();
  return text ? `%${escapeLike(text)}%` : null;
}
