import { describe, expect, it } from "vitest";
import { lanyardActivities, lanyardReadmeData } from "./_fixtures/lanyard-readme.ts";
import { TETHER_EXPECTED, tetherActivities } from "./_fixtures/tether-example.ts";
import { SPOTIFY_ACTIVITY_ID, isSpotify, nowPlaying, toSpotify } from "./spotify.ts";
import type { RawActivity } from "./types.ts";

const spotifyOf = (activities: RawActivity[]) => activities.find(isSpotify) as RawActivity;

const appleMusic: RawActivity = {
  id: "b3c7b8e0a1d2f4c5",
  name: "Apple Music",
  type: 2,
  application_id: "773825528921849856",
  details: "Espresso",
  state: "Sabrina Carpenter",
  timestamps: { start: 1767862010530, end: 1767862185530 },
  assets: {
    large_image: "mp:external/Zx9/https/is1-ssl.mzstatic.com/image/thumb/a/600x600bb.jpg",
    large_text: "Espresso - Single",
  },
};

describe("isSpotify", () => {
  it("matches by id, not by name or type", () => {
    expect(SPOTIFY_ACTIVITY_ID).toBe("spotify:1");
    expect(isSpotify({ id: "spotify:1", name: "Spotify", type: 2 })).toBe(true);
    expect(isSpotify({ id: "abc", name: "Spotify", type: 2 })).toBe(false);
  });
});

describe("toSpotify", () => {
  it("builds the Lanyard README's spotify object (plus party_id)", () => {
    expect(toSpotify(spotifyOf(lanyardActivities()))).toEqual({
      ...lanyardReadmeData().spotify,
      party_id: "spotify:94490510688792576",
    });
  });

  it("builds Tether's spotify object", () => {
    expect(toSpotify(spotifyOf(tetherActivities()))).toEqual(TETHER_EXPECTED.spotify);
  });

  it("keeps several artists ;-joined", () => {
    expect(toSpotify(spotifyOf(lanyardActivities())).artist).toBe("Ark Patrol; Veronika Redd");
  });

  it("does not crash on a null large_image", () => {
    const activity: RawActivity = {
      ...spotifyOf(lanyardActivities()),
      assets: { large_image: null, large_text: "Let Go" },
    };
    const spotify = toSpotify(activity);
    expect(spotify.album_art_url).toBeNull();
    expect(spotify.album).toBe("Let Go");
  });

  it("takes a string assets as the album, with no art", () => {
    const activity = { ...spotifyOf(lanyardActivities()), assets: "Let Go" } as RawActivity;
    const spotify = toSpotify(activity);
    expect(spotify.album).toBe("Let Go");
    expect(spotify.album_art_url).toBeNull();
  });

  it("gives no art for a non-spotify large_image, e.g. a local file's mp:external", () => {
    const activity: RawActivity = {
      ...spotifyOf(lanyardActivities()),
      assets: { large_image: "mp:external/abc/https/example.com/a.png", large_text: "x" },
    };
    expect(toSpotify(activity).album_art_url).toBeNull();
  });

  it("is all nulls for a bare activity", () => {
    expect(toSpotify({ id: "spotify:1", name: "Spotify", type: 2 })).toEqual({
      track_id: null,
      timestamps: null,
      song: null,
      artist: null,
      album_art_url: null,
      album: null,
      party_id: null,
    });
  });

  it("ignores a non-string sync_id", () => {
    const activity = { ...spotifyOf(lanyardActivities()), sync_id: 12 } as unknown as RawActivity;
    expect(toSpotify(activity).track_id).toBeNull();
  });

  it("uses the configured Spotify image base", () => {
    const spotify = toSpotify(spotifyOf(lanyardActivities()), {
      spotifyImageUrl: "http://127.0.0.1:8790/spotify",
    });
    expect(spotify.album_art_url).toBe(
      "http://127.0.0.1:8790/spotify/ab67616d0000b27364840995fe43bb2ec73a241d",
    );
  });
});

describe("nowPlaying", () => {
  it("normalises Spotify", () => {
    expect(nowPlaying(lanyardActivities())).toEqual({
      source: "Spotify",
      song: "Let Go",
      artist: "Ark Patrol; Veronika Redd",
      album: "Let Go",
      album_art_url: "https://i.scdn.co/image/ab67616d0000b27364840995fe43bb2ec73a241d",
      timestamps: { start: 1615529820677, end: 1615530068733 },
    });
  });

  it("covers other players, with mp:external art through the media proxy", () => {
    const coding = lanyardActivities()[1];
    expect(nowPlaying([coding, appleMusic])).toEqual({
      source: "Apple Music",
      song: "Espresso",
      artist: "Sabrina Carpenter",
      album: "Espresso - Single",
      album_art_url:
        "https://media.discordapp.net/external/Zx9/https/is1-ssl.mzstatic.com/image/thumb/a/600x600bb.jpg",
      timestamps: { start: 1767862010530, end: 1767862185530 },
    });
  });

  it("returns the first listening activity", () => {
    expect(nowPlaying([appleMusic, ...lanyardActivities()])?.source).toBe("Apple Music");
  });

  it("is null without a listening activity", () => {
    expect(nowPlaying([])).toBeNull();
    expect(nowPlaying([lanyardActivities()[1]])).toBeNull();
  });

  it("resolves application assets and leaves unknown ones null", () => {
    const tidal: RawActivity = {
      name: "TIDAL",
      type: 2,
      application_id: "1288799960426020926",
      assets: { large_image: "1288800371409195050" },
    };
    expect(nowPlaying([tidal])?.album_art_url).toBe(
      "https://cdn.discordapp.com/app-assets/1288799960426020926/1288800371409195050.png",
    );
    const bare: RawActivity = { name: "YouTube Music", type: 2, assets: { large_image: "yt:x" } };
    expect(nowPlaying([bare])).toMatchObject({ source: "YouTube Music", album_art_url: null });
  });
});
