// The card builder: the form's controls are the card options (README "Cards"); the URL, the
// preview and the snippets follow them.
import { byId, publicOrigin } from "./dom.js";

/** Delay before a typed change re-renders the card, so one drag is not twenty renders. */
export const CARD_DEBOUNCE_MS = 250;

/**
 * Wires the card form and returns a handle that points the builder at a user.
 * @example
 * const cards = createCardBuilder();
 * cards.follow("293673602384003625");
 */
export function createCardBuilder() {
  const form = byId("card-form");
  const img = byId("card-img");
  let userId = "";
  let timer = 0;
  // lanyard-profile-readme's names come from the server's one compat table, as the OpenAPI
  // document lists it; until it is here, /api/ URLs keep our names (which /api/ accepts too).
  let compat = [];
  fetch("/openapi.json")
    .then((res) => (res.ok ? res.json() : null))
    .then((doc) => {
      compat = compatOptions(doc);
      update();
    })
    .catch(() => {});
  const update = () => {
    clearTimeout(timer);
    if (!userId) return;
    const path = cardPath(form, userId, compat);
    const url = publicOrigin() + path;
    if (img.getAttribute("src") !== path) {
      img.dataset.state = "loading";
      img.src = path;
    }
    byId("card-link").href = path;
    byId("card-link").textContent = url;
    byId("card-md").value = `![Discord presence](${url})`;
    const width = form.elements.format.value === "png" && form.elements.scale.value === "2"
      ? ` width="${form.elements.width.value}"`
      : "";
    byId("card-html").value = `<img src="${_escape(url)}" alt="Discord presence"${width}>`;
  };
  img.addEventListener("load", () => (img.dataset.state = "loaded"));
  img.addEventListener("error", () => (img.dataset.state = "error"));

  const syncControls = () => {
    for (const output of form.querySelectorAll("output[data-for]")) {
      output.value = form.elements[output.dataset.for].value;
    }
    // lanyard-profile-readme's /api/ answers SVG only.
    const api = form.elements.url_style.value === "api";
    form.elements.format.disabled = api;
    form.elements.scale.disabled = api || form.elements.format.value !== "png";
    form.elements.avatar_radius.disabled = form.elements.avatar_shape.value !== "square";
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-example]");
    if (!button) return;
    applyOptions(form, button.dataset.example);
    syncControls();
    update();
  });
  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.type === "color") {
      form.elements[target.dataset.for].value = target.value.slice(1);
    }
    syncControls();
    clearTimeout(timer);
    // Selects and checkboxes are one deliberate change each: no need to wait.
    const immediate = target.type === "checkbox" || target.tagName === "SELECT";
    timer = immediate ? 0 : setTimeout(update, CARD_DEBOUNCE_MS);
    if (immediate) update();
  });
  syncControls();

  return {
    /** Shows the card of another user. */
    follow(id, name) {
      userId = id;
      img.alt = `Presence card of ${name || id}`;
      update();
    },
  };
}

/**
 * The card path for the form's state: `/cards/<id>.<format>?…` with every option that differs
 * from its default as written in the page (so the page is the one list of defaults), or, with
 * the URL style `api`, lanyard-profile-readme's `/api/<id>?…` with its option names.
 * @param {HTMLFormElement} form
 * @param {string} userId
 * @param {CompatOption[]} [compat] from {@link compatOptions}
 */
export function cardPath(form, userId, compat = []) {
  let query = new URLSearchParams();
  for (const control of form.elements) {
    if (!control.name || _LOCAL.has(control.name) || control.disabled) continue;
    const value = _changedValue(control);
    if (value !== undefined) query.set(control.name, value);
  }
  const id = encodeURIComponent(userId);
  if (form.elements.url_style.value === "api") {
    query = toCompatQuery(query, compat);
    return `/api/${id}${query.size ? `?${query}` : ""}`;
  }
  const search = query.toString();
  const format = form.elements.format.value;
  return `/cards/${id}.${format}${search ? `?${search}` : ""}`;
}

/**
 * @typedef {{ name: string, option: string, kind: string, map?: Record<string, string>, defaultTrue?: boolean }} CompatOption
 */

/**
 * lanyard-profile-readme's options that map onto ours, from the OpenAPI document's
 * `GET /api/{id}` parameters (their `x-card-option`), in the server's table order.
 * @param {any} doc the parsed `/openapi.json`
 * @returns {CompatOption[]}
 */
export function compatOptions(doc) {
  const params = doc?.paths?.["/api/{id}"]?.get?.parameters ?? [];
  return params.filter((p) => p["x-card-option"]).map((p) => ({ name: p.name, ...p["x-card-option"] }));
}

/**
 * Our options written with lanyard-profile-readme's names and values where it has them (the
 * first row for an option wins, so upstream's name before the fork's); the others keep ours,
 * which `/api/` reads as `/cards/` does.
 * @param {URLSearchParams} query in our vocabulary
 * @param {CompatOption[]} compat
 */
export function toCompatQuery(query, compat) {
  const out = new URLSearchParams();
  for (const [option, value] of query) {
    const theirs = compat.find((row) => row.option === option && _theirValue(row, value) !== undefined);
    if (theirs) out.set(theirs.name, _theirValue(theirs, value));
    else out.set(option, value);
  }
  return out;
}

/**
 * Resets the form to its defaults, then sets the options of a query string (`format` included).
 * @param {HTMLFormElement} form
 * @param {string} search e.g. `card=spotify&theme=light`
 */
export function applyOptions(form, search) {
  form.reset();
  for (const [name, value] of new URLSearchParams(search)) {
    const control = form.elements[name];
    if (!control) continue;
    if (control.type === "checkbox") control.checked = value === "true";
    else control.value = value;
  }
}

// --- internal ---

/** Form controls that shape the URL rather than being an option. */
const _LOCAL = new Set(["format", "url_style"]);

/** Our value as theirs, or `undefined` when their option cannot say it. */
function _theirValue(row, value) {
  switch (row.kind) {
    case "boolean":
      return value === (row.defaultTrue ? "false" : "true") ? value : undefined;
    case "enum":
      return Object.keys(row.map).find((key) => row.map[key] === value);
    case "px":
      return `${value}px`;
    default:
      return value;
  }
}

function _changedValue(control) {
  if (control.type === "checkbox") {
    return control.checked === control.defaultChecked ? undefined : String(control.checked);
  }
  if (control.tagName === "SELECT") {
    const fallback = [...control.options].find((o) => o.defaultSelected) ?? control.options[0];
    return control.value === fallback.value ? undefined : control.value;
  }
  if (control.value === control.defaultValue) return undefined;
  // An emptied field with a placeholder means "the theme's": leave it out.
  if (control.value === "" && control.placeholder) return undefined;
  return control.value;
}

function _escape(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
