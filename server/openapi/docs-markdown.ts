/**
 * The little Markdown the OpenAPI descriptions use, rendered to HTML for `/docs`: `code`,
 * **bold**, *emphasis*, [links](…) and blank-line paragraphs. Everything else is escaped text.
 * @see README.md#openapi-and-docs
 */

/**
 * Escapes text for HTML content and attributes.
 * @example
 * escapeHtml('<a href="x">'); // "&#60;a href=&#34;x&#34;&#62;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders inline Markdown (no block elements): the result is safe to put inside a `<p>`.
 * Links keep only `http(s):`, root-relative and `#` targets; any other scheme stays text.
 * @example
 * inlineMarkdown("`rate_limited`: see [limits](#limits)"); // "<code>rate_limited</code>: see <a href=\"#limits\">limits</a>"
 */
export function inlineMarkdown(text: string): string {
  // Code spans first, so nothing inside them is read as Markdown.
  const parts = text.split(/(`[^`]*`)/);
  return parts
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : _emphasis(part)))
    .join("");
}

/**
 * Renders a description: paragraphs split on blank lines, each rendered with {@link inlineMarkdown}.
 * @example
 * markdown("One.\n\nTwo."); // "<p>One.</p><p>Two.</p>"
 */
export function markdown(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${inlineMarkdown(p)}</p>`)
    .join("");
}

// --- internal ---

function _emphasis(text: string): string {
  return escapeHtml(text)
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/|#)[^)\s]*)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=[\s).,;:]|$)/g, "$1<em>$2</em>");
}
