/**
 * The user of Grux's README example (seeds/grux.md) as Discord would send it to a bot, and the
 * profile and live data Grux shows for it. Badges a bot cannot see (quests, orbs) and connected
 * accounts are left out of the expectation: presence-kit only has public flags.
 */
import type { UserState } from "../types.ts";

export const GRUX_ID = "1274150219482660897";

export function gruxState(): UserState {
  return {
    user: {
      id: GRUX_ID,
      username: "grwx",
      discriminator: "0",
      global_name: "Audibert",
      avatar: "6c9747063de19030c95daa80c1ca61c7",
      public_flags: 1 << 22, // Active Developer
      avatar_decoration_data: null,
      primary_guild: {
        identity_guild_id: "1112920281367973900",
        identity_enabled: true,
        tag: "CODE",
        badge: "b8161e357e4c3de4fb7c649b3523a1ea",
      },
      collectibles: {
        nameplate: { asset: "nameplates/nameplates/twilight/", sku_id: "1", label: "", palette: "violet" },
      },
    },
    presence: {
      status: "online",
      client_status: { desktop: "online" },
      activities: [
        { id: "custom", name: "Custom Status", type: 4, state: "building", created_at: 1750873700000 },
        {
          id: "spotify:1",
          name: "Spotify",
          type: 2,
          sync_id: "6uT2TsDrCrXue7ROEfNeGN",
          details: "90mph",
          state: "JBEE; Sillage",
          assets: { large_image: "spotify:ab67616d0000b2737aee7c56bd63016a79ddc9d1", large_text: "90mph" },
          timestamps: { start: 1750873861045, end: 1750874008612 },
          party: { id: "spotify:1274150219482660897" },
          flags: 48,
          created_at: 1750873861499,
        },
        {
          id: "ec0b28a579ecb4bd",
          name: "Visual Studio Code",
          type: 0,
          application_id: "383226320970055681",
          state: "Workspace: audibert",
          details: "Editing README.md",
          assets: {
            large_image: "1359299128655347824",
            large_text: "Editing a MARKDOWN file",
            small_image: "1359299466493956258",
            small_text: "Visual Studio Code",
          },
          timestamps: { start: 1750865485922 },
          created_at: 1750873791410,
        },
      ],
    },
    kv: {},
    last_seen: null,
    updated_at: 1750873861500,
  };
}

/** Grux's README `data`, minus what a bot cannot see. */
export function gruxReadmeData() {
  return {
    profile: {
      bot: false,
      device: "desktop",
      id: GRUX_ID,
      creation_date: "2024-08-16T23:38:04.891Z",
      username: "grwx",
      display_name: "Audibert",
      link: "https://discord.com/users/1274150219482660897",
      avatar: "6c9747063de19030c95daa80c1ca61c7",
      avatar_image:
        "https://cdn.discordapp.com/avatars/1274150219482660897/6c9747063de19030c95daa80c1ca61c7.png?size=1024",
      avatar_decoration_image: null,
      nameplate_image: "https://cdn.discordapp.com/assets/collectibles/nameplates/nameplates/twilight/static.png",
      badges: [
        {
          id: "active_developer",
          description: "Active Developer",
          asset: "6bdc42827a38498929a4920da12695d9",
          badge_image: "https://cdn.discordapp.com/badge-icons/6bdc42827a38498929a4920da12695d9.png",
        },
      ],
      clan: {
        tag: "CODE",
        identity_guild_id: "1112920281367973900",
        asset: "b8161e357e4c3de4fb7c649b3523a1ea",
        clan_image:
          "https://cdn.discordapp.com/clan-badges/1112920281367973900/b8161e357e4c3de4fb7c649b3523a1ea.png",
      },
      connected_accounts: [],
    },
    status: "online",
    spotify: {
      type: "Listening to Spotify",
      name: "Spotify",
      song: "90mph",
      artist: "JBEE, Sillage",
      album: "90mph",
      album_image: "https://i.scdn.co/image/ab67616d0000b2737aee7c56bd63016a79ddc9d1",
      link: "https://open.spotify.com/track/6uT2TsDrCrXue7ROEfNeGN",
      timestamps: { start: 1750873861045, end: 1750874008612 },
      created_at: 1750873861499,
    },
    activity: [
      {
        type: "Playing",
        name: "Visual Studio Code",
        state: "Workspace: audibert",
        details: "Editing README.md",
        largeText: "Editing a MARKDOWN file",
        largeImage: "https://cdn.discordapp.com/app-assets/383226320970055681/1359299128655347824.png",
        smallText: "Visual Studio Code",
        smallImage: "https://cdn.discordapp.com/app-assets/383226320970055681/1359299466493956258.png",
        timestamps: { start: 1750865485922 },
        created_at: 1750873791410,
      },
    ],
  };
}
