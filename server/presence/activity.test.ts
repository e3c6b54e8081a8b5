import { describe, expect, it } from "vitest";
import { ACTIVITY_TYPE, activityAlbum, assetImageUrl, isListening } from "./activity.ts";
import type { RawActivity } from "./types.ts";

describe("isListening", () => {
  it("is true for type 2 only", () => {
    expect(isListening({ name: "Apple Music", type: ACTIVITY_TYPE.Listening })).toBe(true);
    expect(isListening({ name: "Visual Studio Code", type: ACTIVITY_TYPE.Playing })).toBe(false);
    expect(isListening({ name: "Custom Status", type: ACTIVITY_TYPE.Custom })).toBe(false);
  });
});

describe("activityAlbum", () => {
  it("reads assets.large_text", () => {
    expect(activityAlbum({ name: "x", type: 2, assets: { large_text: "Let Go" } })).toBe("Let Go");
  });

  it("takes a string assets as the album (legacy)", () => {
    const activity = { name: "Spotify", type: 2, assets: "Let Go" } as unknown as RawActivity;
    expect(activityAlbum(activity)).toBe("Let Go");
  });

  it("is null without assets or large_text", () => {
    expect(activityAlbum({ name: "x", type: 2 })).toBeNull();
    expect(activityAlbum({ name: "x", type: 2, assets: null })).toBeNull();
    expect(activityAlbum({ name: "x", type: 2, assets: { large_image: "spotify:a" } })).toBeNull();
  });
});

describe("assetImageUrl", () => {
  it("resolves spotify:<id> with exactly two parts", () => {
    expect(assetImageUrl("spotify:ab67616d0000b273")).toBe(
      "https://i.scdn.co/image/ab67616d0000b273",
    );
    expect(assetImageUrl("spotify:a:b")).toBeNull();
    expect(assetImageUrl("spotify:")).toBeNull();
  });

  it("resolves mp: assets through the media proxy", () => {
    expect(assetImageUrl("mp:external/AbC/https/is1-ssl.mzstatic.com/a.jpg")).toBe(
      "https://media.discordapp.net/external/AbC/https/is1-ssl.mzstatic.com/a.jpg",
    );
    expect(assetImageUrl("mp:")).toBeNull();
  });

  it("resolves a numeric asset only with an application id", () => {
    expect(assetImageUrl("565945077491433494", { applicationId: "383226320970055681" })).toBe(
      "https://cdn.discordapp.com/app-assets/383226320970055681/565945077491433494.png",
    );
    expect(assetImageUrl("565945077491433494")).toBeNull();
    expect(assetImageUrl("not-a-key", { applicationId: "383226320970055681" })).toBeNull();
  });

  it("keeps https URLs and drops other schemes", () => {
    expect(assetImageUrl("https://example.com/a.png")).toBe("https://example.com/a.png");
    expect(assetImageUrl("http://example.com/a.png")).toBeNull();
    expect(assetImageUrl("youtube:dQw4w9WgXcQ")).toBeNull();
    expect(assetImageUrl("twitch:someone")).toBeNull();
  });

  it("is null for missing images", () => {
    expect(assetImageUrl(null)).toBeNull();
    expect(assetImageUrl(undefined)).toBeNull();
    expect(assetImageUrl("")).toBeNull();
  });

  it("uses the configured bases", () => {
    const options = {
      cdnUrl: "http://cdn.test",
      spotifyImageUrl: "http://art.test/image",
      mediaProxyUrl: "http://media.test",
      applicationId: "1",
    };
    expect(assetImageUrl("spotify:abc", options)).toBe("http://art.test/image/abc");
    expect(assetImageUrl("mp:external/x", options)).toBe("http://media.test/external/x");
    expect(assetImageUrl("2", options)).toBe("http://cdn.test/app-assets/1/2.png");
  });
});
