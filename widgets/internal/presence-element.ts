/**
 * What every presence element shares: the `user-id`, `api` and `theme` attributes, following the
 * shared stream, the light-DOM fallback until data arrives, the polite live region, the
 * `presence-change` event, and a one-second tick while a clock is shown.
 */
import { PresenceChangeEvent } from "../presence-change-event.ts";
import { follow } from "./stream.ts";
import { BASE_CSS } from "./styles.ts";
import { SNOWFLAKE, type Presence } from "./types.ts";

/** The values of the `theme` attribute; anything else means `auto`. */
export type Theme = "light" | "dark" | "auto";

/**
 * Base class of the elements. Attributes are the source of truth: every property reads its
 * attribute through a whitelist and writes it back. Changes are applied once per microtask.
 */
export abstract class PresenceElement extends HTMLElement {
  /** The tag {@link PresenceElement.define} uses by default. */
  static tag = "";
  static observedAttributes = ["user-id", "api"];

  /**
   * Registers the element, unless the tag is taken (several copies of the bundle on one page).
   * @example
   * PresenceCard.define("my-card");
   */
  static define(tag: string = this.tag, registry: CustomElementRegistry = customElements) {
    // A class may be registered once per registry: another tag gets a subclass.
    const self = this as unknown as CustomElementConstructor;
    if (!registry.get(tag)) registry.define(tag, registry.getName(self) ? class extends self {} : self);
    return this;
  }

  /** Where subclasses render. */
  protected readonly root: ShadowRoot;
  #presence: Presence | null = null;
  #json = "null";
  #following = "";
  #stop: (() => void) | undefined;
  #queued = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(css: string, html: string) {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.innerHTML =
      `<style>${BASE_CSS}${css}</style><div part="base" role="group" hidden>${html}</div>` +
      '<slot></slot><span class="sr" aria-live="polite"></span>';
  }

  /** `user-id`: the Discord user to show; `""` unless it is a snowflake. */
  get userId(): string {
    const value = this.getAttribute("user-id") ?? "";
    return SNOWFLAKE.test(value) ? value : "";
  }
  set userId(value: string) {
    this.setAttribute("user-id", value);
  }

  /** `api`: the server's base URL, absolute; `""` unless it is an http(s) URL. */
  get api(): string {
    return _httpUrl(this.getAttribute("api"));
  }
  set api(value: string) {
    this.setAttribute("api", value);
  }

  /** `theme`: `light`, `dark`, or `auto` (follows `prefers-color-scheme`). */
  get theme(): Theme {
    const value = this.getAttribute("theme");
    return value === "light" || value === "dark" ? value : "auto";
  }
  set theme(value: Theme) {
    this.setAttribute("theme", value);
  }

  /** The API base in effect: this element's `api`, an ancestor's, else the script's directory. */
  get apiBase(): string {
    return _httpUrl(this.closest("[api]")?.getAttribute("api")) || _SCRIPT_BASE;
  }

  /** The presence shown (Lanyard's shape), `null` until data arrives. */
  get presence(): Presence | null {
    return this.#presence;
  }

  connectedCallback(): void {
    this.#schedule();
  }

  disconnectedCallback(): void {
    this.#schedule();
  }

  attributeChangedCallback(): void {
    this.#schedule();
  }

  /** Draws `presence` at `now` into {@link root}. */
  protected abstract render(presence: Presence, now: number): void;

  /** Whether the view shows a clock, so it is drawn again every second. */
  protected ticks(_presence: Presence): boolean {
    return false;
  }

  /** The sentence the live region says for a change, or `""` to stay quiet. */
  protected announce(_previous: Presence, _next: Presence): string {
    return "";
  }

  #schedule(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#update();
    });
  }

  #update(): void {
    const id = this.isConnected ? this.userId : "";
    const key = id && `${this.apiBase} ${id}`;
    if (key !== this.#following) {
      this.#stop?.();
      this.#following = key;
      this.#stop = key ? follow(this.apiBase, id, (p) => this.#receive(p)) : undefined;
      // Kept while detached, so moving an element does not flash its fallback.
      if (this.isConnected && this.#presence?.user_id !== id) [this.#presence, this.#json] = [null, "null"];
    }
    this.#render();
  }

  #receive(presence: Presence | null): void {
    const json = JSON.stringify(presence);
    if (json === this.#json) return;
    const previous = this.#presence;
    [this.#presence, this.#json] = [presence, json];
    this.#render();
    const message = previous && presence ? this.announce(previous, presence) : "";
    if (message) this.root.lastChild!.textContent = message;
    this.dispatchEvent(new PresenceChangeEvent(this.userId, presence, previous));
  }

  #render(): void {
    const presence = this.#presence;
    const [, base, slot] = this.root.children as unknown as HTMLElement[];
    base.hidden = !presence;
    slot.hidden = !!presence;
    clearInterval(this.#timer);
    if (!presence) return;
    this.render(presence, Date.now());
    if (this.isConnected && this.ticks(presence)) {
      this.#timer = setInterval(() => this.render(presence, Date.now()), 1000);
    }
  }
}

// --- internal ---

/** The bundle's own directory: the default API base, as the server serves `/widgets.js`. */
const _SCRIPT_BASE = new URL(".", import.meta.url).href.replace(/\/$/, "");

function _httpUrl(value: string | null | undefined): string {
  if (!value) return "";
  try {
    const url = new URL(value, document.baseURI);
    return /^https?:$/.test(url.protocol) ? url.href.replace(/\/+$/, "") : "";
  } catch {
    return "";
  }
}
