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
