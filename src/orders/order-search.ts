/**
 * The text free-text search looks in: reference, custom reference, e-mail and "first last" name, joined by the
 * unit separator (U+001F). Written exactly as the expression of sales_order_search_trgm_idx (migration
 * 1764201900000), so that PostgreSQL recognises it and uses the trigram index.
 */
export const ORDER_SEARCH_TEXT = `(o.reference || E'\\x1f' || coalesce(o.custom_reference, '') || E'\\x1f' || o.email || E'\\x1f'
  || o.billing_first_name || ' ' || o.billing_last_name)`;

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
