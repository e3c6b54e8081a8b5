/**
 * The one `If-None-Match` rule of every route that sends an ETag (static files, cards,
 * quicklinks, the playground), as RFC 9110 §13.1.2 has it: `*` names any current representation,
 * and entity tags compare weakly (a `W/` prefix on either side is ignored).
 * @see README.md#endpoints
 */

/**
 * Whether an `If-None-Match` value names `etag` (so the answer is 304 Not Modified). The list is
 * split at commas, as Express's `fresh` and most servers do: no ETag served here holds one.
 * @example
 * etagMatches('W/"a1", "b2"', '"a1"'); // true
 * etagMatches("*", 'W/"x"'); // true
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === "*") return true;
  const own = _opaque(etag);
  return ifNoneMatch.split(",").some((tag) => _opaque(tag.trim()) === own);
}

// --- internal ---

function _opaque(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}
