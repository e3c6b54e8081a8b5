// lanyard-profile-readme URLs: every option of its vocabulary (and its fork's) read with its
// semantics, and `/api/<id>` answering the very card `/cards/<id>.svg` draws for the translation.
import { readFileSync } from "node:fs";
import { H3 } from "h3";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../app.ts";
import { loadConfig } from "../config.ts";
import { cardPaths } from "../openapi/cards.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { cardRoutes } from "../routes/cards.ts";
import { encodePng } from "../simulator/internal/png.ts";
import { COMPAT_OPTIONS, compatMarkdownTable, fromCompatQuery } from "./compat.ts";
import { GOLDEN_NOW, goldenPresence } from "./golden/cases.ts";
import type { ImageFetcher } from "./images.ts";

const ID = "293673602384003625";
const GAME_APP = "383226320970055681";

/**
 * Each row's sample value and what it must become in our vocabulary ("" = nothing: the default),
 * and, where it shows only together with another option, that option (in their vocabulary).
 */
const CASES: Record<string, [string, string, string?]> = {
  theme: ["light", "theme=light"],
  bg: ["0d1117", "bg=0d1117"],
  borderRadius: ["4px", "radius=4"],
  animated: ["false", "animated=false"],
  animatedDecoration: ["true", ""],
  hideDecoration: ["true", "hide_decoration=true"],
  idleMessage: ["Away", "idle_message=Away"],
  showDisplayName: ["true", "show_display_name=true"],
  hideStatus: ["true", "hide_custom_status=true"],
  hideTimestamp: ["true", "hide_timestamp=true"],
  hideTag: ["true", ""],
  hideBadges: ["true", "hide_badges=true"],
  hideProfile: ["true", "hide_profile=true"],
  hideActivity: ["whenNotUsed", "hide_activity=when_not_used"],
  hideSpotify: ["true", "hide_spotify=true"],
  ignoreAppId: [`${GAME_APP},not-an-id`, `ignore_app_id=${GAME_APP}`],
  hideDiscrim: ["true", ""],
  clanBackgroundColor: ["ff0000", ""],
  imgStyle: ["square", "avatar_shape=square"],
  imgBorderRadius: ["4px", "avatar_radius=4", "imgStyle=square"],
  useDisplayName: ["true", "show_display_name=true"],
  animationDuration: ["0s", "animated=false"],
  hideClan: ["true", ""],
  clanbg: ["ff0000", ""],
  hideNameplate: ["true", ""],
  showBanner: ["animated", ""],
  bannerFilter: ["blur(4px)", ""],
  waveColor: ["ff0000", ""],
  waveSpotifyColor: ["ff0000", ""],
  gradient: ["ff0000-00ff00", ""],
  forceGradient: ["true", ""],
};

/** Three presences between them show what every option changes. */
const PRESENCES = _presences();
const app = _app();

async function svg(path: string): Promise<string> {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
  return res.text();
}

describe("the compat table", () => {
  it("has a case for every row, and every row a case", () => {
    expect(COMPAT_OPTIONS.map((row) => row.name).sort()).toEqual(Object.keys(CASES).sort());
  });

  it("is the README's table", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const table = /<!-- compat-table:start -->\n([\s\S]*?)\n<!-- compat-table:end -->/.exec(readme)?.[1];
    expect(table).toBe(compatMarkdownTable());
  });

  it.each(Object.entries(CASES))("%s=%s translates as its semantics say", (name, [value, ours]) => {
    expect(fromCompatQuery(new URLSearchParams({ [name]: value })).toString()).toBe(ours);
  });

  it("reads booleans as true only for the literal `true` (and `animated` false only for `false`)", () => {
    for (const value of ["1", "yes", "", "TRUE", "false"]) {
      expect(fromCompatQuery(new URLSearchParams({ hideBadges: value })).toString()).toBe("");
    }
    for (const value of ["0", "no", "", "true"]) {
      expect(fromCompatQuery(new URLSearchParams({ animated: value })).toString()).toBe("");
    }
    expect(fromCompatQuery(new URLSearchParams({ hideActivity: "true" })).toString()).toBe("hide_activity=true");
    expect(fromCompatQuery(new URLSearchParams({ hideActivity: "when_not_used" })).toString()).toBe("");
  });

  it("clamps lengths, cuts the idle message, and passes our own names through", () => {
    const q = fromCompatQuery(new URLSearchParams({ borderRadius: "999px", idleMessage: "x".repeat(150), card: "spotify" }));
    expect(Object.fromEntries(q)).toEqual({ card: "spotify", radius: "40", idle_message: "x".repeat(100) });
    expect(fromCompatQuery(new URLSearchParams({ borderRadius: "1rem" })).toString()).toBe("");
  });
});

describe("GET /api/:id", () => {
  it.each(Object.entries(CASES))("?%s=… is the card /cards/<id>.svg draws for its translation", async (name, [value, ours, base = ""]) => {
    let changed = false;
    const baseOurs = fromCompatQuery(new URLSearchParams(base)).toString();
    for (const persona of Object.keys(PRESENCES)) {
      const compat = await svg(`/api/${persona}?${base}&${new URLSearchParams({ [name]: value })}`);
      expect(compat).toBe(await svg(`/cards/${persona}.svg?${baseOurs}&${ours}`));
      changed ||= compat !== (await svg(`/cards/${persona}.svg?${baseOurs}`));
    }
    // A mapped option shows on one of the presences at least; an ignored one never does.
    expect(changed).toBe(ours !== "");
  });

  it.each(COMPAT_OPTIONS.map((row) => row.name))("?%s with a value it does not know is a card, never an error card", async (name) => {
    const body = await svg(`/api/${ID}?${name}=%F0%9F%92%A5nonsense`);
    expect(body).toContain('<title id="pk-title">Discord presence of');
  });

  const ours = (cardPaths["/cards/{file}"] as { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }).get.parameters;
  it.each(ours.filter((p) => p.name !== "file" && p.name !== "scale").map((p) => [p.name, _sample(p.schema)]))(
    "passes our own ?%s=%s through as /cards/ reads it",
    async (name, value) => {
      const query = new URLSearchParams({ [name]: value });
      expect(await svg(`/api/${ID}?${query}`)).toBe(await svg(`/cards/${ID}.svg?${query}`));
    },
  );

  it("answers error cards for a bad id, an unknown user and a bad value of our own options", async () => {
    expect(await svg("/api/not-an-id")).toContain("Card error: Invalid user id");
    expect(await svg("/api/1234567890123456789")).toContain("Card error: Unknown user");
    expect(await svg(`/api/${ID}?width=5000`)).toContain("Card error: Bad option: width");
  });
});

// --- internal ---

function _presences(): Record<string, CanonicalPresence> {
  const urls = { cdnUrl: "https://cdn.example", spotifyImageUrl: "https://i.example" };
  const custom = { id: "custom", name: "Custom Status", type: 4, state: "brb", emoji: { name: "🍵" } };
  const game = {
    id: "game",
    name: "Celeste",
    type: 0,
    application_id: GAME_APP,
    details: "Chapter 7",
    timestamps: { start: GOLDEN_NOW - 600_000 },
    assets: { large_image: "123456789012345678" },
  };
  const busy = goldenPresence("spotify", urls);
  busy.activities.push(custom);
  const gaming = structuredClone(busy);
  gaming.activities = [custom, game];
  const idle = structuredClone(busy);
  idle.activities = [];
  return { [ID]: busy, "293673602384003626": gaming, "293673602384003627": idle };
}

function _app(): H3 {
  const png = `data:image/png;base64,${encodePng(2, 2, new Uint8Array(16).fill(200)).toString("base64")}`;
  const images: ImageFetcher = { get: async (url) => (url ? png : null) };
  const hub = { get: (id: string) => (PRESENCES[id] ? { version: 1, presence: PRESENCES[id] } : undefined) };
  const config = loadConfig({ STORAGE: "memory" }, { dotenv: false });
  const h3 = new H3();
  cardRoutes(h3, { config, hub } as unknown as AppDeps, { images, now: () => GOLDEN_NOW });
  return h3;
}

/** A valid value of one of our options, from its OpenAPI schema. */
function _sample(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return String(schema.enum.at(-1) === "" ? schema.enum[0] : schema.enum.at(-1));
  if (schema.type === "integer") return String(schema.minimum);
  if (typeof schema.pattern === "string") return "0d1117";
  return "Away";
}
