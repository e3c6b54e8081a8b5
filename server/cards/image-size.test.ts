import { describe, expect, it } from "vitest";
import { sizedImageUrl } from "./image-size.ts";

describe("sizedImageUrl", () => {
  const urls = { cdnUrl: "https://cdn.discordapp.com", spotifyImageUrl: "https://i.scdn.co/image" };

  it("asks the Discord CDN for the power of two covering twice the drawn size", () => {
    expect(sizedImageUrl("https://cdn.discordapp.com/avatars/1/a.png?size=256", 64, urls)).toBe(
      "https://cdn.discordapp.com/avatars/1/a.png?size=128",
    );
    expect(sizedImageUrl("https://cdn.discordapp.com/avatar-decoration-presets/d.png?size=240&passthrough=true", 80, urls)).toBe(
      "https://cdn.discordapp.com/avatar-decoration-presets/d.png?size=256&passthrough=true",
    );
    expect(sizedImageUrl("https://cdn.discordapp.com/badge-icons/b.png", 18, urls)).toBe(
      "https://cdn.discordapp.com/badge-icons/b.png?size=64",
    );
  });

  it("swaps Spotify's 640 px art for the 300 px one when that is enough", () => {
    const art = "https://i.scdn.co/image/ab67616d0000b273abc";
    expect(sizedImageUrl(art, 118, urls)).toBe("https://i.scdn.co/image/ab67616d00001e02abc");
    expect(sizedImageUrl(art, 200, urls)).toBe(art);
  });

  it("leaves other hosts and missing URLs alone", () => {
    expect(sizedImageUrl("https://images.example.com/a.png?size=1", 64, urls)).toBe("https://images.example.com/a.png?size=1");
    expect(sizedImageUrl("https://cdn.discordapp.com.evil.example/a.png", 64, urls)).toBe("https://cdn.discordapp.com.evil.example/a.png");
    expect(sizedImageUrl(null, 64, urls)).toBeNull();
  });
});
