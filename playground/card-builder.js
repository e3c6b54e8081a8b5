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
  const update = () => {
    clearTimeout(timer);
    if (!userId) return;
    const path = cardPath(form, userId);
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
    form.elements.scale.disabled = form.elements.format.value !== "png";
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
  form.elements.scale.disabled = true;

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
 * from its default as written in the page (so the page is the one list of defaults).
 * @param {HTMLFormElement} form
 * @param {string} userId
 */
export function cardPath(form, userId) {
  const query = new URLSearchParams();
  for (const control of form.elements) {
    if (!control.name || control.name === "format" || control.disabled) continue;
    const value = _changedValue(control);
    if (value !== undefined) query.set(control.name, value);
  }
  const search = query.toString();
  const format = form.elements.format.value;
  return `/cards/${encodeURIComponent(userId)}.${format}${search ? `?${search}` : ""}`;
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
