/**
 * The "now playing" block shared by `<now-playing>` and `<presence-card>`: art, song, artist,
 * a progress bar with elapsed and total time. Rendered again every second while a track plays.
 */
import { part, text } from "./dom.ts";
import { formatDuration, nowPlaying, progress, type Playing } from "./format.ts";
import type { Presence } from "./types.ts";

/** The block's markup; its nodes carry the parts listed on the elements' JSDoc. */
export const PLAYING_HTML =
  '<div part="playing"><div part="art"><img alt="" width="64" height="64"></div>' +
  '<div class="i"><div part="source" class="m t"></div>' +
  '<a part="song" class="t" target="_blank" rel="noopener noreferrer"></a>' +
  '<div part="artist" class="m t"></div>' +
  '<div part="progress" role="progressbar" aria-label="Track progress" aria-valuemin="0"><i></i></div>' +
  '<div class="m tm"><span part="elapsed"></span><span part="duration"></span></div></div></div>';

/** Its layout; colours come from the shared custom properties. */
export const PLAYING_CSS =
  "[part~=playing]{display:flex;gap:12px;align-items:center}" +
  "[part~=art]{flex:none;display:grid;place-items:center;width:64px;height:64px;" +
  "border-radius:8px;overflow:hidden;background:var(--presence-track);font-size:28px;" +
  "color:var(--presence-muted)}[part~=art] img{display:block;width:100%;height:100%}" +
  // Other players' art lives on Discord's CDN, which the page may not reach: a note instead.
  '[part~=art]:has(img[hidden])::before{content:"♪"}' +
  ".i{min-width:0;flex:1}[part~=song]{display:block;font-weight:600;color:inherit;" +
  "text-decoration:none}a[href]:hover{text-decoration:underline}" +
  "[part~=progress]{height:4px;margin-top:6px;border-radius:2px;overflow:hidden;" +
  "background:var(--presence-track)}[part~=progress] i{display:block;height:100%;" +
  "background:var(--presence-accent)}.tm{display:flex;justify-content:space-between}";

/** Fills the block from `playing` at `now`, or hides it when nothing plays. */
export function renderPlaying(root: ParentNode, playing: Playing | null, now: number): void {
  part(root, "playing").hidden = !playing;
  if (!playing) return;
  const img = part(root, "art").firstChild as HTMLImageElement;
  if (playing.art && img.getAttribute("src") !== playing.art) img.src = playing.art;
  img.hidden = !playing.art;
  const song = part<HTMLAnchorElement>(root, "song");
  text(song, playing.song);
  if (playing.url) song.href = playing.url;
  else song.removeAttribute("href");
  text(part(root, "source"), `Listening on ${playing.source}`);
  text(part(root, "artist"), playing.artist);
  const { elapsed, total, ratio } = progress(playing, now);
  const bar = part(root, "progress");
  bar.hidden = !total;
  bar.setAttribute("aria-valuemax", `${Math.round(total / 1000)}`);
  bar.setAttribute("aria-valuenow", `${Math.round(elapsed / 1000)}`);
  bar.setAttribute("aria-valuetext", `${formatDuration(elapsed)} of ${formatDuration(total)}`);
  (bar.firstChild as HTMLElement).style.width = `${(ratio * 100).toFixed(2)}%`;
  text(part(root, "elapsed"), total ? formatDuration(elapsed) : "");
  text(part(root, "duration"), total ? formatDuration(total) : "");
}

/** The live region's sentence when the song changes, `""` otherwise. */
export function announcePlaying(previous: Presence, next: Presence): string {
  const [before, after] = [nowPlaying(previous), nowPlaying(next)];
  if (before?.song === after?.song && before?.artist === after?.artist) return "";
  return after ? `Now playing ${after.song} by ${after.artist}` : "Stopped playing";
}
