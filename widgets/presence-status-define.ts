import { PresenceStatus } from "./presence-status.ts";

/** Registers `<presence-status>` in the global registry, unless a copy of the bundle already did. */
PresenceStatus.define();

declare global {
  interface HTMLElementTagNameMap {
    "presence-status": PresenceStatus;
  }
}
