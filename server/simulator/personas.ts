/**
 * The scripted demo personas: fixed, valid snowflake ids (created 2016–2021) and raw user objects
 * that cover what the presence builders must handle (animated avatar, avatar decoration, guild tag,
 * legacy discriminator without avatar, HypeSquad and developer badges, a bot).
 * Their presences are built by `persona-presence.ts`; `script.ts` moves them along in time.
 */
import type { RawUser } from "../presence/types.ts";

/** One scripted member of the demo guild. */
export interface Persona {
  /** Stable key used by the demo and tests, e.g. `PERSONAS.spotify.id`. */
  key: PersonaKey;
  id: string;
  user: RawUser;
  /** What the persona demonstrates, for `GET /_sim/state` and the README. */
  summary: string;
}

/** The persona keys, in the order they join the guild. */
export type PersonaKey =
  | "spotify"
  | "mobile"
  | "gamer"
  | "coder"
  | "moon"
  | "cycler"
  | "appleMusic"
  | "bot";

/** The first demo guild's id; the mobile persona's guild tag (`primary_guild`) points at it. */
export const DEMO_GUILD_ID = "490251688607875283";

/** Every persona by key. */
export const PERSONAS: Readonly<Record<PersonaKey, Persona>> = {
  spotify: _persona("spotify", "Spotify on desktop, cycling a 5-track playlist", {
    id: "293673602384003625",
    username: "mirakuru",
    global_name: "Mira ✦",
    avatar: "a_de2cebd54b03a088f8e3a7dbf7ee8d39",
    public_flags: 64 | 512, // HypeSquad Bravery, Early Supporter
    avatar_decoration_data: {
      asset: "a_bd3939375fd2016ad3b8db847b0d7f42",
      sku_id: "959421874176133020",
      expires_at: null,
    },
  }),
  mobile: _persona("mobile", "Spotify on mobile with a custom status; also in the 2nd guild", {
    id: "463338282680454615",
    username: "kenji.dev",
    global_name: "Kenji",
    avatar: "60ce048e7a7ee64f7b3f7df629dd6c7f",
    public_flags: 128 | 4_194_304, // HypeSquad Brilliance, Active Developer
    primary_guild: {
      identity_guild_id: DEMO_GUILD_ID,
      identity_enabled: true,
      tag: "PKIT",
      badge: "dfda79b3532c1683aa82e31b7e97ece3",
    },
  }),
  gamer: _persona("gamer", "Playing a game with a party, on desktop and mobile; in the 2nd guild", {
    id: "244581933252739979",
    username: "ravenfall",
    global_name: "Raven",
    avatar: "400cf0a321a254ae2efb5621632583de",
    public_flags: 256 | 8, // HypeSquad Balance, Bug Hunter level 1
  }),
  coder: _persona("coder", "Visual Studio Code Rich Presence; the file changes now and then", {
    id: "545507915071620158",
    username: "lin_codes",
    global_name: "Lin",
    avatar: "12fcbb03a709e294a50d32e9ece4c092",
    public_flags: 128 | 131_072, // HypeSquad Brilliance, Early Verified Bot Developer
  }),
  moon: _persona("moon", "Idle with only a custom status (🌙)", {
    id: "697252410556547946",
    username: "noctis",
    global_name: "Noctis",
    avatar: "14058ef63ff29a493753adb62f881201",
    public_flags: 256,
  }),
  cycler: _persona("cycler", "Cycles online → idle → dnd → offline; embedded and VR", {
    id: "198116691148933539",
    username: "PixelPusher",
    global_name: null,
    discriminator: "1234", // not yet migrated to a unique username
    avatar: null,
    public_flags: 0,
  }),
  appleMusic: _persona("appleMusic", "Listening on Apple Music (type 2, not Spotify)", {
    id: "885482464477317847",
    username: "aria.wav",
    global_name: "Aria",
    avatar: "d4a3e65412a77b0abf0150d7fc0a2075",
    public_flags: 128,
  }),
  bot: _persona("bot", "A verified bot listening to /help", {
    id: "761195711692934601",
    username: "Tempo",
    global_name: null,
    avatar: "a45b00580d185b0ed2c4c394f809d2c4",
    bot: true,
    public_flags: 65_536, // Verified Bot
  }),
};

/** The personas in join order. */
export const PERSONA_LIST: readonly Persona[] = Object.values(PERSONAS);

/** Personas that are also members of the second demo guild (when there is one). */
export const SECOND_GUILD_PERSONAS: readonly PersonaKey[] = ["mobile", "gamer"];

/** The simulator's own bot user (the one discord.js logs in as). */
export const SIMULATOR_BOT: RawUser = {
  id: "841379693461636405",
  username: "presence-kit",
  global_name: null,
  discriminator: "0",
  avatar: "63bff3ee995abdffbb3005149acc138c",
  bot: true,
  public_flags: 0,
  flags: 0,
};

// --- internal ---

function _persona(key: PersonaKey, summary: string, user: RawUser): Persona {
  const full: RawUser = {
    discriminator: "0",
    avatar_decoration_data: null,
    primary_guild: null,
    collectibles: null,
    ...user,
  };
  full.clan = full.primary_guild; // Discord still mirrors the guild tag under the old `clan` name
  return { key, id: user.id, user: full, summary };
}
