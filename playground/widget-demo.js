// The three web components from /widgets.js, live, with the snippet that embeds them.
import { byId, publicOrigin } from "./dom.js";

/** Light-DOM fallback per element: what shows until the element has data (or if it never loads). */
const FALLBACK = {
  "presence-card": "Loading presence…",
  "presence-status": "Loading status…",
  "now-playing": "Loading what is playing…",
};

/**
 * Places the elements and loads the bundle; the page works on without it (a server whose bundle
 * is not built answers 404), saying so.
 */
export function createWidgetDemo() {
  const slots = [...document.querySelectorAll("#widgets [data-tag]")];
  let loading;
  return {
    /** Points every element at a user (the attribute is the element's source of truth). */
    follow(userId) {
      for (const slot of slots) {
        const tag = slot.dataset.tag;
        let element = slot.querySelector(tag);
        if (!element) {
          element = document.createElement(tag);
          element.textContent = FALLBACK[tag];
          slot.append(element);
        }
        element.setAttribute("user-id", userId);
      }
      byId("widgets-html").value = snippet(userId, slots.map((slot) => slot.dataset.tag));
      // Loaded after the first elements exist, so they upgrade with their user-id already set.
      loading ??= import("/widgets.js").then(
        () => (byId("widgets").dataset.state = "loaded"),
        () => {
          byId("widgets").dataset.state = "unavailable";
          byId("widgets-note").textContent =
            "The widget bundle (/widgets.js) is not available on this server, so the elements below stay as plain text.";
        },
      );
    },
  };
}

/**
 * The HTML a page needs: the module script and one tag per element.
 * @param {string} userId
 * @param {string[]} tags
 */
export function snippet(userId, tags) {
  const lines = [`<script type="module" src="${publicOrigin()}/widgets.js"></script>`];
  for (const tag of tags) lines.push(`<${tag} user-id="${userId}"></${tag}>`);
  return lines.join("\n");
}
