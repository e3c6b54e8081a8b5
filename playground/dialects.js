// The REST panes: one tab per dialect, each showing the request and its pretty-printed answer.
import { byId, h, pretty } from "./dom.js";

/** Wires the tab list (arrow keys, Home, End: the ARIA tabs pattern with manual focus). */
export function wireDialectTabs() {
  const tabs = [...byId("dialect-tabs").querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      byId(other.getAttribute("aria-controls")).hidden = !selected;
    }
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const next = _KEYS[event.key]?.(index, tabs.length);
      if (next === undefined) return;
      event.preventDefault();
      tabs[next].focus();
      select(tabs[next]);
    });
  });
}

/**
 * Fetches every dialect's answer for a user into its pane. Answers that arrive for a user who is
 * no longer shown are dropped.
 * @param {string} userId
 * @param {() => string} current the user now shown
 */
export async function loadDialects(userId, current) {
  const panes = [...document.querySelectorAll("[data-path]")];
  await Promise.all(
    panes.map(async (pane) => {
      const path = pane.dataset.path.replace("{id}", encodeURIComponent(userId));
      const result = await _fetchJson(path);
      if (current() !== userId) return;
      pane.replaceChildren(
        h("p", { className: "request" },
          h("span", { className: "method" }, "GET "),
          h("a", { href: path }, path),
          h("span", { className: result.ok ? "status ok" : "status error" }, ` → ${result.status}`),
        ),
        h("pre", { className: "json" }, h("code", {}, result.text)),
      );
      pane.dataset.status = String(result.status);
    }),
  );
}

// --- internal ---

const _KEYS = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

async function _fetchJson(path) {
  try {
    const res = await fetch(path, { headers: { accept: "application/json" } });
    const raw = await res.text();
    let text = raw;
    try {
      text = pretty(JSON.parse(raw));
    } catch {}
    return { ok: res.ok, status: `${res.status} ${res.statusText}`.trim(), text };
  } catch (error) {
    return { ok: false, status: "network error", text: String(error) };
  }
}
