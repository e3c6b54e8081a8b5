import { H3 } from "h3";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../app.ts";
import { loadConfig } from "../config.ts";
import { cardRoutes } from "../routes/cards.ts";
import { cardCacheControl, errorCacheControl } from "./card-cache-control.ts";
import { GOLDEN_NOW, goldenPresence } from "./golden/cases.ts";

describe("cardCacheControl", () => {
  it("sends max-age, s-maxage and stale-while-revalidate of the asked length; 0 is no-cache", () => {
    expect(cardCacheControl(60)).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=60");
    expect(cardCacheControl(0)).toBe("no-cache, max-age=0");
  });

  it("keeps the asked length within the operator's floor and ceiling", () => {
    const bounds = { min: 120, max: 3600 };
    expect(cardCacheControl(0, bounds)).toBe("public, max-age=120, s-maxage=120, stale-while-revalidate=120");
    expect(cardCacheControl(600, bounds)).toBe("public, max-age=600, s-maxage=600, stale-while-revalidate=600");
    expect(cardCacheControl(86_400, bounds)).toBe("public, max-age=3600, s-maxage=3600, stale-while-revalidate=3600");
    expect(errorCacheControl(10)).toBe("public, max-age=10");
  });
});

describe("card answers under CARD_CACHE_MIN_SECONDS / CARD_CACHE_MAX_SECONDS", () => {
  const ID = "293673602384003625";
  const presence = goldenPresence("spotify", { cdnUrl: "https://cdn.example", spotifyImageUrl: "https://i.example" });
  const app = new H3();
  const config = loadConfig({ STORAGE: "memory", CARD_CACHE_MIN_SECONDS: "300", CARD_CACHE_MAX_SECONDS: "900" }, { dotenv: false });
  const hub = { get: (id: string) => (id === ID ? { version: 1, presence } : undefined) };
  cardRoutes(app, { config, hub } as unknown as AppDeps, { images: { get: async () => null }, now: () => GOLDEN_NOW });

  it.each([
    [`/cards/${ID}.svg`, "public, max-age=300, s-maxage=300, stale-while-revalidate=300"],
    [`/cards/${ID}.png?cache_seconds=0`, "public, max-age=300, s-maxage=300, stale-while-revalidate=300"],
    [`/api/${ID}?cache_seconds=86400`, "public, max-age=900, s-maxage=900, stale-while-revalidate=900"],
    // Errors keep their short cache whatever the floor.
    ["/cards/1234567890123456789.svg", "public, max-age=10"],
    [`/cards/${ID}.svg?theme=neon`, "public, max-age=10"],
  ])("%s → %s, with the card CSP", async (path, expected) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe(expected);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; img-src * data:; style-src 'unsafe-inline'");
  });
});
