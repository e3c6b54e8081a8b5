/**
 * The example responses of each dialect's own documentation (Tether's data models page, the Grux
 * README), verbatim: the reference the conformance suite compares field names and JSON types
 * with. Tether's mis-encoded strings are replaced.
 */

import { gruxReadmeData } from "../../presence/_fixtures/grux-example.ts";

/** Tether's PresenceData example (Tether's data models page). */
export function tetherSeedData() {
  return {
    activities: [
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
          large_image_url: "https://cdn.discordapp.com/app-assets/383226320970055681/1359299015484768338.webp",
          large_text: "Editing a JSON file",
          small_image: "1359299466493956258",
          small_image_url: "https://cdn.discordapp.com/app-assets/383226320970055681/1359299466493956258.webp",
          small_text: "Visual Studio Code",
        },
        created_at: 1767862080472,
        details: "Editing hello_world.json",
        id: "4dc2afc1b4e8c182",
        name: "Visual Studio Code",
        platform: "desktop",
        session_id: "b2688c7311af71cac3f5b564df161e8c",
        state: "Workspace: hello", // the seed's is mis-encoded
        timestamps: { start: 1767859918293 },
        type: 0,
      },
    ],
    clients: { active: ["desktop", "vr"], primary: "desktop" },
    discord_user: {
      id: "672569780716175370",
      username: "eggwite",
      global_name: "🥚 eggwite's",
      avatar: "e4b9454871f5c161bcbdc9640ef8ce53",
      avatar_url: "https://cdn.discordapp.com/avatars/672569780716175370/e4b9454871f5c161bcbdc9640ef8ce53.webp?size=256",
      avatar_decoration_data: {
        asset: "a_c3cffc19e9784f7d0b005eecdf1b566e",
        avatar_decoration_url:
          "https://cdn.discordapp.com/avatar-decoration-presets/a_c3cffc19e9784f7d0b005eecdf1b566e.png?size=240&passthrough=true",
        expires_at: null,
        sku_id: "1212569433839636530",
      },
      primary_guild: {
        badge: "1ed9dbd4ad1c8ba83484f6767f8c4afd",
        badge_url: "https://cdn.discordapp.com/clan-badges/778820142138261505/1ed9dbd4ad1c8ba83484f6767f8c4afd.png?size=32",
        identity_enabled: true,
        identity_guild_id: "778820142138261505",
        tag: "˚+",
      },
      collectibles: null,
      display_name_styles: null,
      public_flags: ["House_Bravery"],
    },
    spotify: {
      track_id: "32zpHDchUY83w80C8mMtOs",
      party_id: "spotify:672569780716175370",
      timestamps: { start: 1767862010530, end: 1767862152412 },
      song: "QUEEN",
      artist: "Kanaria",
      album_art_url: "https://i.scdn.co/image/ab67616d0000b273dd18a7c8679c1c78f1f12e2d",
      album: "QUEEN",
    },
    status: "online",
  };
}

/** originoid's README response (presence-originoid.md). */
export function originoidSeedData() {
  return {
    user_id: "492731761680187403",
    spotify: {
      track: "Hanging Around",
      artist: "Basement",
      album: "Promise Everything (Deluxe)",
      album_art_url: "https://i.scdn.co/image/ab67616d0000b273042a795b1fb9bf6efc9d5b21",
      started_at_ms: 1758879636097,
      ends_at_ms: 1758879815070,
    },
    timestamp_ms: 1758879633871,
  };
}

/** Grux's README `/user/:id` body (grux.md), with the badges and accounts a bot cannot see. */
export function gruxSeedUser() {
  const data = gruxReadmeData();
  return { data, success: true };
}
