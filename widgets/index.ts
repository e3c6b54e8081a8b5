/**
 * The widget bundle's entry (`public/widgets.js`): registers `<presence-card>`,
 * `<presence-status>` and `<now-playing>` and exports their classes and event.
 * @see README.md#web-components
 */
import "./presence-card-define.ts";
import "./presence-status-define.ts";
import "./now-playing-define.ts";

export { NowPlaying } from "./now-playing.ts";
export { PresenceCard } from "./presence-card.ts";
export { PresenceChangeEvent } from "./presence-change-event.ts";
export { PresenceStatus } from "./presence-status.ts";
export type { Presence } from "./internal/types.ts";
