import { part, text } from "./internal/dom.ts";
import { displayName, STATUS_LABELS, statusChange, statusOf } from "./internal/format.ts";
import { PresenceElement } from "./internal/presence-element.ts";
import type { Presence } from "./internal/types.ts";

/**
 * `<presence-status user-id="…">`: a Discord user's status as a coloured dot and its word.
 * Attributes: `user-id`, `api`, `theme` (see {@link PresenceElement}) and `compact` (dot only; the
 * word stays for screen readers).
 *
 * @slot - Fallback content, shown until the first presence arrives.
 * @csspart base - The dot and the label.
 * @csspart dot - The status dot; its class is the status (`online`, `idle`, `dnd`, `offline`).
 * @csspart label - The status word.
 * @cssproperty --presence-online - Colour of the online dot. @default #23a55a
 * @cssproperty --presence-idle - Colour of the idle dot. @default #f0b232
 * @cssproperty --presence-dnd - Colour of the Do Not Disturb dot. @default #f23f43
 * @cssproperty --presence-offline - Colour of the offline dot. @default #80848e
 * @cssproperty --presence-fg - Text colour with a `theme` (without one, the page's colour).
 * @cssproperty --presence-bg - Background of the word with a `theme` (without one, none).
 * @cssproperty --presence-font - Font family.
 * @event presence-change - {@link PresenceChangeEvent}: the presence shown changed.
 * @see README.md#web-components
 */
export class PresenceStatus extends PresenceElement {
  static tag = "presence-status";
  static observedAttributes = [...PresenceElement.observedAttributes, "compact"];

  constructor() {
    super(_CSS, '<span part="dot" aria-hidden="true"></span><span part="label"></span>');
  }

  /** `compact`: show only the dot. */
  get compact(): boolean {
    return this.hasAttribute("compact");
  }
  set compact(value: boolean) {
    this.toggleAttribute("compact", value);
  }

  protected render(presence: Presence): void {
    const status = statusOf(presence);
    const label = part(this.root, "label");
    part(this.root, "dot").className = status;
    text(label, STATUS_LABELS[status]);
    label.classList.toggle("sr", this.compact);
    const base = part(this.root, "base");
    base.title = STATUS_LABELS[status];
    base.setAttribute("aria-label", `${displayName(presence.discord_user)}: ${STATUS_LABELS[status]}`);
  }

  protected announce(previous: Presence, next: Presence): string {
    return statusChange(previous, next);
  }
}

// --- internal ---

// Without `theme` the word is drawn in the page's own colour (it has no surface of its own, so
// any fixed colour would vanish on some page); with `theme` it gets that theme's surface.
const _CSS =
  ":host(:not([theme])){color:inherit}[part~=base]{display:inline-flex;align-items:center;gap:.4em;" +
  "max-width:100%}:host([theme]) [part~=base]{background:var(--presence-bg);padding:.1em .6em;" +
  "border-radius:999px}";
