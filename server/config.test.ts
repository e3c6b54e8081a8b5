import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./_test/harness-fs.ts";
import { ConfigError, loadConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

describe("loadConfig", () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it("has the documented defaults: demo mode, port 3000, fs storage in ./.data", () => {
    const c = load({});
    expect(c).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      demo: true,
      discordToken: undefined,
      discordApiUrl: undefined,
      discordCdnUrl: "https://cdn.discordapp.com",
      spotifyImageUrl: "https://i.scdn.co/image",
      storage: { driver: "fs", base: "./.data" },
      maxSubscriptionIds: 500,
      allowSubscribeAll: true,
      cardImageHosts: [],
      cardCacheSeconds: { min: 0, max: 86_400 },
      role: "all",
      shardIds: "auto",
      shardCount: "auto",
      rateLimit: { rest: 600, cards: 600, sockets: 60, windowMs: 60_000 },
      trustProxyHeader: undefined,
      metrics: true,
      kv: { maxValueBytes: 65_536, maxUserBytes: 1_048_576 },
    });
  });

  it("parses the KV byte bounds", () => {
    expect(load({ KV_MAX_VALUE_BYTES: "4096", KV_MAX_USER_BYTES: "65536" }).kv).toEqual({
      maxValueBytes: 4096,
      maxUserBytes: 65_536,
    });
    expect(() => load({ KV_MAX_USER_BYTES: "12" })).toThrow(/^KV_MAX_USER_BYTES must be a whole number from 1024/);
  });

  it("parses the scale-out, card-host and protection settings", () => {
    const c = load({
      STORAGE: "redis://127.0.0.1:6379",
      ROLE: "API",
      SHARD_COUNT: "4",
      SHARD_IDS: "3, 1,1",
      RATE_LIMIT_REST: "0",
      RATE_LIMIT_WINDOW: "10",
      TRUST_PROXY_HEADER: "X-Forwarded-For",
      METRICS: "off",
      CARD_IMAGE_HOSTS: "Images.example.com, art.example.org:8443",
    });
    expect(c).toMatchObject({
      role: "api",
      shardCount: 4,
      shardIds: [1, 3],
      rateLimit: { rest: 0, cards: 600, sockets: 60, windowMs: 10_000 },
      trustProxyHeader: "x-forwarded-for",
      metrics: false,
      cardImageHosts: ["images.example.com", "art.example.org:8443"],
    });
    expect(() => load({ SHARD_COUNT: "2", SHARD_IDS: "2" })).toThrow(/^SHARD_IDS must be .* below SHARD_COUNT \(2\)/);
  });

  it("reads the operator's bounds of a card's cache_seconds and refuses a floor above the ceiling", () => {
    expect(load({ CARD_CACHE_MIN_SECONDS: "300", CARD_CACHE_MAX_SECONDS: "3600" }).cardCacheSeconds).toEqual({ min: 300, max: 3600 });
    expect(() => load({ CARD_CACHE_MIN_SECONDS: "600", CARD_CACHE_MAX_SECONDS: "60" })).toThrow(/^CARD_CACHE_MIN_SECONDS \(600\) must not exceed/);
    expect(() => load({ CARD_CACHE_MAX_SECONDS: "100000" })).toThrow(/^CARD_CACHE_MAX_SECONDS must be a whole number from 0 to 86400/);
  });

  it("uses Discord's API with a token, and a given API URL (trailing slash removed) over it", () => {
    expect(load({ DISCORD_TOKEN: "t" })).toMatchObject({ demo: false, discordApiUrl: "https://discord.com/api" });
    const custom = load({ DISCORD_API_URL: "http://127.0.0.1:8787/api/" });
    expect(custom).toMatchObject({ demo: false, discordApiUrl: "http://127.0.0.1:8787/api", discordToken: undefined });
  });

  it("parses STORAGE", () => {
    expect(load({ STORAGE: "memory" }).storage).toEqual({ driver: "memory" });
    expect(load({ STORAGE: "fs:/var/lib/pk" }).storage).toEqual({ driver: "fs", base: "/var/lib/pk" });
    expect(load({ STORAGE: "redis://127.0.0.1:6379" }).storage).toEqual({ driver: "redis", url: "redis://127.0.0.1:6379" });
  });

  it.each([
    ["PORT", "abc", /^PORT must be/],
    ["PORT", "70000", /^PORT must be/],
    ["PORT", "-1", /^PORT must be/],
    ["STORAGE", "postgres://x", /^STORAGE must be/],
    ["STORAGE", "fs:", /^STORAGE must be/],
    ["DISCORD_API_URL", "not a url", /^DISCORD_API_URL must be/],
    ["DISCORD_API_URL", "ftp://x/api", /^DISCORD_API_URL must be/],
    ["DISCORD_API_URL", "https://discord.com/api/v10", /^DISCORD_API_URL must be the REST base without the version/],
    ["PUBLIC_URL", "example.com", /^PUBLIC_URL must be/],
    ["DISCORD_CDN_URL", "cdn", /^DISCORD_CDN_URL must be/],
    ["MAX_SUBSCRIPTION_IDS", "0", /^MAX_SUBSCRIPTION_IDS must be/],
    ["MAX_SUBSCRIPTION_IDS", "many", /^MAX_SUBSCRIPTION_IDS must be/],
    ["ALLOW_SUBSCRIBE_ALL", "maybe", /^ALLOW_SUBSCRIBE_ALL must be/],
    ["ROLE", "worker", /^ROLE must be/],
    ["ROLE", "api", /^ROLE=api needs STORAGE=redis/],
    ["SHARD_COUNT", "0", /^SHARD_COUNT must be/],
    ["SHARD_IDS", "0", /^SHARD_IDS needs SHARD_COUNT/],
    ["RATE_LIMIT_CARDS", "-5", /^RATE_LIMIT_CARDS must be/],
    ["TRUST_PROXY_HEADER", "x forwarded", /^TRUST_PROXY_HEADER must be/],
    ["METRICS", "sometimes", /^METRICS must be/],
    ["CARD_IMAGE_HOSTS", "https://x.example/", /^CARD_IMAGE_HOSTS must be/],
  ])("rejects %s=%s with one line naming it", (name, value, message) => {
    let error: unknown;
    try {
      load({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("reads .env, and the environment wins over it", () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, ".env");
    writeFileSync(file, '# comment\nPORT=4001\nexport HOST="127.0.0.1"\nSTORAGE=memory\n');
    const c = loadConfig({ STORAGE: "fs:/tmp/x" }, { dotenv: file });
    expect(c.port).toBe(4001);
    expect(c.host).toBe("127.0.0.1");
    expect(c.storage).toEqual({ driver: "fs", base: "/tmp/x" });
  });
});

describe("Lanyard's environment names and .env parsing", () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it("BOT_TOKEN stands for DISCORD_TOKEN, REDIS_HOST/REDIS_PORT for STORAGE; ours win when both are set", () => {
    expect(load({ BOT_TOKEN: "abc" }).discordToken).toBe("abc");
    expect(load({ BOT_TOKEN: "abc", DISCORD_TOKEN: "mine" }).discordToken).toBe("mine");
    expect(load({ REDIS_HOST: "redis" }).storage).toEqual({ driver: "redis", url: "redis://redis:6379" });
    expect(load({ REDIS_HOST: "10.0.0.5", REDIS_PORT: "6380" }).storage).toEqual({ driver: "redis", url: "redis://10.0.0.5:6380" });
    expect(load({ REDIS_HOST: "redis", STORAGE: "memory" }).storage).toEqual({ driver: "memory" });
    expect(() => load({ REDIS_HOST: "a b" })).toThrow(/^REDIS_HOST must be a host name/);
    expect(() => load({ REDIS_HOST: "redis", REDIS_PORT: "x" })).toThrow(/^REDIS_PORT must be a whole number/);
  });

  it("LOG_LEVEL, LOG_FORMAT and LOG_REQUESTS, with defaults and one-line errors", () => {
    expect(load({}).log).toEqual({ level: "info", format: "pretty", requests: false });
    expect(load({ LOG_LEVEL: "DEBUG", LOG_FORMAT: "json", LOG_REQUESTS: "1" }).log).toEqual({ level: "debug", format: "json", requests: true });
    expect(() => load({ LOG_LEVEL: "verbose" })).toThrow(/^LOG_LEVEL must be one of fatal, error, warn/);
    expect(() => load({ LOG_FORMAT: "xml" })).toThrow(/^LOG_FORMAT must be "json" or "pretty"/);
  });

  it("reads what a self-hoster writes in .env: trailing comments, quotes with #, multi-line values", () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, ".env");
    writeFileSync(
      file,
      'PUBLIC_URL=https://p.example.com # my instance\nBOT_TOKEN="a#b.c" # quoted\nCARD_IMAGE_HOSTS="a.example,\nb.example"\n',
    );
    const c = loadConfig({}, { dotenv: file });
    expect(c.publicUrl).toBe("https://p.example.com");
    expect(c.discordToken).toBe("a#b.c");
    expect(c.cardImageHosts).toEqual(["a.example", "b.example"]);
  });
});
