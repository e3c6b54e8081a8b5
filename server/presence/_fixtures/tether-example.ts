/**
 * The PresenceData example of Tether's data models page (seeds/tether-data-models.md): the raw
 * inputs it implies and the derived values it shows.
 */

import { tetherSeedData } from "../../openapi/_fixtures/seed-examples.ts";
import type { RawActivity, RawUser, UserState } from "../types.ts";

/** The example's user as Discord sends it (`public_flags` 64 = House_Bravery). */
export function tetherUser(): RawUser {
  return {
    id: "672569780716175370",
    username: "eggwite",
    // The seed's global_name is mis-encoded; any non-ASCII name exercises the same path.
    global_name: "🥚 eggwite's",
    avatar: "e4b9454871f5c161bcbdc9640ef8ce53",
    discriminator: "0",
    public_flags: 64,
    avatar_decoration_data: {
      asset: "a_c3cffc19e9784f7d0b005eecdf1b566e",
      expires_at: null,
      sku_id: "1212569433839636530",
    },
    primary_guild: {
      badge: "1ed9dbd4ad1c8ba83484f6767f8c4afd",
      identity_enabled: true,
      identity_guild_id: "778820142138261505",
      tag: "˚+",
    },
    collectibles: null,
    display_name_styles: null,
  };
}

/** The example's activities, plus the Spotify activity its `spotify` object was built from. */
export function tetherActivities(): RawActivity[] {
  return [
    {
      created_at: 1767862082571,
      emoji: { name: "🐰" },
      id: "custom",
      name: "Custom Status",
      session_id: "b2688c7311af71cac3f5b564df161e8c",
      state: "Startorch academy scholar",
      type: 4,
    },
    {
      application_id: "383226320970055681",
      assets: {
        large_image: "1359299015484768338",
        large_text: "Editing a JSON file",
        small_image: "1359299466493956258",
        small_text: "Visual Studio Code",
      },
      created_at: 1767862080472,
      details: "Editing hello_world.json",
      id: "4dc2afc1b4e8c182",
      name: "Visual Studio Code",
      platform: "desktop",
      session_id: "b2688c7311af71cac3f5b564df161e8c",
      state: "Workspace: hello",
      timestamps: { start: 1767859918293 },
      type: 0,
    },
    {
      assets: {
        large_image: "spotify:ab67616d0000b273dd18a7c8679c1c78f1f12e2d",
        large_text: "QUEEN",
      },
      created_at: 1767862010900,
      details: "QUEEN",
      flags: 48,
      id: "spotify:1",
      name: "Spotify",
      party: { id: "spotify:672569780716175370" },
      session_id: "b2688c7311af71cac3f5b564df161e8c",
      state: "Kanaria",
      sync_id: "32zpHDchUY83w80C8mMtOs",
      timestamps: { start: 1767862010530, end: 1767862152412 },
      type: 2,
    },
  ];
}

/** The hub state behind the example: online on desktop and VR. */
export function tetherState(): UserState {
  return {
    user: tetherUser(),
    presence: {
      status: "online",
      activities: tetherActivities(),
      client_status: { desktop: "online", vr: "online" },
    },
    kv: {},
    last_seen: 1767862082571,
    updated_at: 1767862082571,
  };
}

/** The derived values the example shows, taken from the one verbatim copy of the seed example. */
const seed = tetherSeedData();
export const TETHER_EXPECTED = {
  clients: seed.clients,
  public_flags: seed.discord_user.public_flags,
  avatar_decoration_url: seed.discord_user.avatar_decoration_data.avatar_decoration_url,
  badge_url: seed.discord_user.primary_guild.badge_url,
  spotify: seed.spotify,
} as const;
