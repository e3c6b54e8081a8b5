import { part, text } from "./internal/dom.ts";
import { displayName, nowPlaying } from "./internal/format.ts";
import { announcePlaying, PLAYING_CSS, PLAYING_HTML, renderPlaying } from "./internal/playing-view.ts";
import { PresenceElement } from "./internal/presence-element.ts";
import { BOX_CSS } from "./internal/styles.ts";
import type { Presence } from "./internal/types.ts";

/**
 * `<now-playing user-id="…">`: what a Discord user is listening to — Spotify, or any other player
 * that publishes a "Listening to" activity — with a progress bar that advances every second.
 * Attributes: `user-id`, `api`, `theme` (see {@link PresenceElement}), `idle-text` (shown when
 * nothing plays, default "Not listening to anything") and `hide-idle` (show nothing instead).
 *
 * @slot - Fallback content, shown until the first presence arrives.
 * @csspart base - The box.
 * @csspart playing - The track: art and text.
 * @csspart art - The album art's frame (an `img` inside).
 * @csspart source - "Listening on Spotify".
 * @csspart song - The song, a link to the track on Spotify when known.
 * @csspart artist - The artists.
 * @csspart progress - The progress bar (`role="progressbar"`).
 * @csspart elapsed - Elapsed time.
 * @csspart duration - Length of the track.
 * @csspart idle - The idle text.
 * @cssproperty --presence-accent - Colour of the progress. @default #1db954
 * @cssproperty --presence-track - Colour of the rest of the bar and the art placeholder.
 * @cssproperty --presence-bg - Background.
 * @cssproperty --presence-fg - Text colour.
 * @cssproperty --presence-muted - Secondary text colour.
 * @cssproperty --presence-border - Border colour.
 * @cssproperty --presence-radius - Corner radius. @default 12px
 * @cssproperty --presence-width - Width. @default 20rem
 * @cssproperty --presence-font - Font family.
 * @event presence-change - {@link PresenceChangeEvent}: the presence shown changed.
 * @see README.md#web-components
 */
export class NowPlaying extends PresenceElement {
  static tag = "now-playing";
  static observedAttributes = [...PresenceElement.observedAttributes, "idle-text", "hide-idle"];

  constructor() {
    super(BOX_CSS + PLAYING_CSS + _CSS, `${PLAYING_HTML}<div part="idle" class="m"></div>`);
  }

  /** `idle-text`: what to say when nothing plays. */
  get idleText(): string {
    return this.getAttribute("idle-text") ?? "Not listening to anything";
  }
  set idleText(value: string) {
    this.setAttribute("idle-text", value);
  }

  /** `hide-idle`: show nothing at all when nothing plays. */
  get hideIdle(): boolean {
    return this.hasAttribute("hide-idle");
  }
  set hideIdle(value: boolean) {
    this.toggleAttribute("hide-idle", value);
  }

  protected render(presence: Presence, now: number): void {
    const playing = nowPlaying(presence);
    const base = part(this.root, "base");
    renderPlaying(this.root, playing, now);
    text(part(this.root, "idle"), playing ? "" : this.idleText);
    base.setAttribute("aria-label", `${displayName(presence.discord_user)}: now playing`);
    if (!playing && this.hideIdle) base.hidden = true;
  }

  protected ticks(presence: Presence): boolean {
    return !!nowPlaying(presence)?.end;
  }

  protected announce(previous: Presence, next: Presence): string {
    return announcePlaying(previous, next);
  }
}

// --- internal ---

const _CSS = ":host{width:var(--presence-width,20rem)}[part~=base]{width:100%}";
