import type { Presence } from "./internal/types.ts";

/**
 * Dispatched by every presence element when the presence it shows changes, including the first
 * time data arrives. It bubbles and crosses shadow roots (`composed`), so a page can listen once
 * on `document`.
 * @example
 * document.addEventListener("presence-change", (event) => {
 *   if (event instanceof PresenceChangeEvent) console.log(event.userId, event.presence?.discord_status);
 * });
 */
export class PresenceChangeEvent extends Event {
  /** The event's type. */
  static readonly type = "presence-change";
  /** The user the element follows. */
  readonly userId: string;
  /** The new Lanyard presence, or `null` when the server no longer monitors the user. */
  readonly presence: Presence | null;
  /** The presence shown before, `null` if none. */
  readonly previous: Presence | null;

  constructor(userId: string, presence: Presence | null, previous: Presence | null) {
    super(PresenceChangeEvent.type, { bubbles: true, composed: true });
    this.userId = userId;
    this.presence = presence;
    this.previous = previous;
  }
}

declare global {
  interface HTMLElementEventMap {
    "presence-change": PresenceChangeEvent;
  }
}
