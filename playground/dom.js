// Small DOM helpers shared by the playground's modules.

/**
 * The element with this id; throws when the page lacks it, so a renamed id fails loudly.
 * @param {string} id
 * @returns {any}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`playground: #${id} is missing`);
  return node;
}

/**
 * Creates an element with properties and children.
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string)} children
 */
export function h(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * The origin snippets should name: the server's `PUBLIC_URL` when it has one (behind a proxy the
 * page's own origin may be an internal one), else the page's.
 */
export function publicOrigin() {
  const configured = document.documentElement.dataset.publicUrl ?? "";
  return /^https?:\/\//.test(configured) ? configured.replace(/\/+$/, "") : location.origin;
}

/** Wires every `[data-copy]` button to copy its textarea, announcing the result. */
export function wireCopyButtons() {
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", () => _copy(byId(button.dataset.copy), button.textContent));
  }
}

/**
 * Pretty JSON with two-space indents.
 * @param {unknown} value
 */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

// --- internal ---

async function _copy(textarea, label) {
  const status = byId("copy-status");
  try {
    await navigator.clipboard.writeText(textarea.value);
    status.textContent = `${label}: copied.`;
  } catch {
    // No clipboard permission (or an insecure origin): select it so Ctrl+C works.
    textarea.focus();
    textarea.select();
    status.textContent = `${label}: selected, press Ctrl+C to copy.`;
  }
}
