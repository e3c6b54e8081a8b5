import { PresenceCard } from "./presence-card.ts";

/** Registers `<presence-card>` in the global registry, unless a copy of the bundle already did. */
PresenceCard.define();

declare global {
  interface HTMLElementTagNameMap {
    "presence-card": PresenceCard;
  }
}
