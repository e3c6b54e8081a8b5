import { part, text } from "./internal/dom.ts";
import {
  currentActivity,
  customStatus,
  displayName,
  formatDuration,
  handle,
  nowPlaying,
  STATUS_LABELS,
  statusChange,
  statusOf,
} from "./internal/format.ts";
import { announcePlaying, PLAYING_CSS, PLAYING_HTML, renderPlaying } from "./internal/playing-view.ts";
import { PresenceElement } from "./internal/presence-element.ts";
import { BOX_CSS } from "./internal/styles.ts";
import type { Presence } from "./internal/types.ts";

/**
 * `<presence-card user-id="…">`: a Discord profile card — avatar with status, name, custom status,
 * the current activity with its elapsed time, and what is playing with a live progress bar.
 * Attributes: `user-id`, `api`, `theme` (see {@link PresenceElement}).
 *
 * @slot - Fallback content, shown until the first presence arrives.
 * @csspart base - The card.
 * @csspart avatar - The avatar's frame (an `img` inside, served by the API's `/:id.png`).
 * @csspart dot - The status dot on the avatar; its class is the status.
 * @csspart name - The display name.
 * @csspart username - `@username`.
 * @csspart custom-status - The custom status, emoji first.
 * @csspart activity - The current game or app; `activity-name`, `activity-details`,
 *   `activity-state` and `activity-elapsed` inside.
 * @csspart playing - What is playing; `art`, `source`, `song`, `artist`, `progress`, `elapsed`
 *   and `duration` inside, as in `<now-playing>`.
 * @cssproperty --presence-bg - Background. @default #fff (light), #1e1f22 (dark)
 * @cssproperty --presence-fg - Text colour.
 * @cssproperty --presence-muted - Secondary text colour.
 * @cssproperty --presence-border - Border colour.
 * @cssproperty --presence-accent - Colour of the progress. @default #1db954
 * @cssproperty --presence-track - Colour of the rest of the bar and of image placeholders.
 * @cssproperty --presence-radius - Corner radius. @default 12px
 * @cssproperty --presence-width - Width. @default 20rem
 * @cssproperty --presence-font - Font family.
 * @cssproperty --presence-online - Status colours, also `--presence-idle`, `--presence-dnd`,
 *   `--presence-offline`.
 * @event presence-change - {@link PresenceChangeEvent}: the presence shown changed.
 * @see README.md#web-components
 */
export class PresenceCard extends PresenceElement {
  static tag = "presence-card";

  constructor() {
    super(BOX_CSS + PLAYING_CSS + _CSS, _HTML);
  }

  protected render(presence: Presence, now: number): void {
    const user = presence.discord_user;
    const status = statusOf(presence);
    const img = part(this.root, "avatar").firstChild as HTMLImageElement;
    const src = `${this.apiBase}/${user.id}.png?v=${user.avatar ?? ""}`;
    if (img.getAttribute("src") !== src) img.src = src;
    const dot = part(this.root, "dot");
    dot.className = status;
    dot.setAttribute("aria-label", STATUS_LABELS[status]);
    text(part(this.root, "name"), displayName(user));
    text(part(this.root, "username"), handle(user));
    text(part(this.root, "custom-status"), customStatus(presence));
    part(this.root, "base").setAttribute("aria-label", `${displayName(user)} on Discord`);
    const activity = currentActivity(presence);
    part(this.root, "activity").hidden = !activity;
    text(part(this.root, "activity-name"), activity?.heading ?? "");
    text(part(this.root, "activity-details"), activity?.details ?? "");
    text(part(this.root, "activity-state"), activity?.state ?? "");
    const since = activity?.start ? `${formatDuration(now - activity.start)} elapsed` : "";
    text(part(this.root, "activity-elapsed"), since);
    renderPlaying(this.root, nowPlaying(presence), now);
  }

  protected ticks(presence: Presence): boolean {
    return !!(nowPlaying(presence)?.end || currentActivity(presence)?.start);
  }

  protected announce(previous: Presence, next: Presence): string {
    return [statusChange(previous, next), announcePlaying(previous, next)].filter(Boolean).join(". ");
  }
}

// --- internal ---

const _HTML =
  '<div class="h"><div part="avatar"><img alt="" width="48" height="48">' +
  '<span part="dot" role="img"></span></div><div class="n">' +
  '<div part="name" class="t"></div><div part="username" class="m t"></div>' +
  '<div part="custom-status" class="t"></div></div></div>' +
  '<div part="activity"><div part="activity-name" class="t"></div>' +
  '<div part="activity-details" class="m t"></div><div part="activity-state" class="m t"></div>' +
  `<div part="activity-elapsed" class="m"></div></div>${PLAYING_HTML}`;

const _CSS =
  ":host{width:var(--presence-width,20rem)}[part~=base]{width:100%;display:grid;gap:10px;" +
  // The one column may shrink below its nowrap text (a grid item's min-width is auto), so long
  // fields end in an ellipsis instead of widening the card past its box.
  "grid-template-columns:minmax(0,1fr)}" +
  ".h{display:flex;gap:12px;align-items:center}.n{min-width:0}" +
  "[part~=avatar]{position:relative;flex:none;width:48px;height:48px}" +
  "[part~=avatar] img{display:block;width:48px;height:48px;border-radius:50%;" +
  "background:var(--presence-track)}[part~=avatar] [part~=dot]{position:absolute;right:-2px;" +
  "bottom:-2px;width:12px;height:12px;border:3px solid var(--presence-bg)}" +
  "[part~=name]{font-weight:600;font-size:1.1em}[part~=activity-name]{font-weight:600}";
