import { describe, expect, it } from "vitest";
import { CACHE_SECONDS, CardOptionError, parseCardOptions, WIDTH } from "./options.ts";
import { THEMES } from "./themes.ts";

const parse = (query: string) => parseCardOptions(new URLSearchParams(query));

function rejects(query: string, option: string) {
  let caught: unknown;
  try {
    parse(query);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CardOptionError);
  expect((caught as CardOptionError).option).toBe(option);
}

describe("parseCardOptions", () => {
  it("has documented defaults", () => {
    const o = parse("");
    expect(o).toMatchObject({
      card: "profile",
      theme: "dark",
      radius: 10,
      width: WIDTH.default,
      scale: 1,
      cacheSeconds: CACHE_SECONDS.default,
      progress: "full",
      hideActivity: false,
      showDisplayName: false,
      idleMessage: "I'm not currently doing anything!",
    });
    expect(o.colors).toEqual(THEMES.dark);
  });

  it("reads the options added for lanyard-profile-readme's vocabulary", () => {
    expect(parse("")).toMatchObject({ hideCustomStatus: false, ignoreAppIds: [], animated: true, avatarShape: "circle", avatarRadius: 10 });
    const o = parse("hide_custom_status=true&ignore_app_id=383226320970055681,782685898163617802&animated=false&avatar_shape=square&avatar_radius=4&progress=static");
    expect(o).toMatchObject({
      hideCustomStatus: true,
      ignoreAppIds: ["383226320970055681", "782685898163617802"],
      animated: false,
      avatarShape: "square",
      avatarRadius: 4,
      progress: "static",
    });
    rejects("ignore_app_id=abc", "ignore_app_id");
    rejects(`ignore_app_id=${Array(21).fill("383226320970055681").join(",")}`, "ignore_app_id");
    rejects("avatar_shape=hexagon", "avatar_shape");
    rejects("avatar_radius=33", "avatar_radius");
    rejects("animated=maybe", "animated");
  });

  it("accepts light, dark and at least four other named themes", () => {
    expect(Object.keys(THEMES).length).toBeGreaterThanOrEqual(6);
    for (const name of Object.keys(THEMES)) expect(parse(`theme=${name}`).theme).toBe(name);
    rejects("theme=neon", "theme");
  });

  it("applies bg and accent as hex without # or transparent", () => {
    const o = parse("theme=light&bg=ABC&accent=ff000080");
    expect(o.colors.bg).toBe("#abc");
    expect(o.colors.accent).toBe("#ff000080");
    expect(parse("bg=transparent").colors.bg).toBe("transparent");
    rejects("bg=%23fff", "bg");
    rejects("bg=red", "bg");
    rejects("accent=12345", "accent");
  });

  it.each([
    "hide_status",
    "hide_spotify",
    "hide_badges",
    "hide_profile",
    "hide_timestamp",
    "hide_decoration",
    "show_display_name",
  ])("reads %s as a boolean", (name) => {
    const key = name.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) as keyof ReturnType<typeof parse>;
    expect(parse(`${name}=true`)[key]).toBe(true);
    expect(parse(`${name}=1`)[key]).toBe(true);
    expect(parse(name)[key]).toBe(true);
    expect(parse(`${name}=false`)[key]).toBe(false);
    expect(parse(`${name}=0`)[key]).toBe(false);
    rejects(`${name}=yes`, name);
  });

  it("reads hide_activity as a boolean or when_not_used", () => {
    expect(parse("hide_activity=true").hideActivity).toBe(true);
    expect(parse("hide_activity=when_not_used").hideActivity).toBe("when_not_used");
    rejects("hide_activity=sometimes", "hide_activity");
  });

  it("bounds width, radius, scale and cache_seconds", () => {
    expect(parse(`width=${WIDTH.min}`).width).toBe(WIDTH.min);
    expect(parse(`width=${WIDTH.max}`).width).toBe(WIDTH.max);
    rejects(`width=${WIDTH.min - 1}`, "width");
    rejects(`width=${WIDTH.max + 1}`, "width");
    rejects("width=500px", "width");
    rejects("width=-400", "width");
    expect(parse("radius=0").radius).toBe(0);
    rejects("radius=41", "radius");
    expect(parse("scale=2").scale).toBe(2);
    rejects("scale=3", "scale");
    expect(parse("cache_seconds=0").cacheSeconds).toBe(0);
    expect(parse(`cache_seconds=${CACHE_SECONDS.max}`).cacheSeconds).toBe(CACHE_SECONDS.max);
    rejects(`cache_seconds=${CACHE_SECONDS.max + 1}`, "cache_seconds");
    rejects("cache_seconds=1.5", "cache_seconds");
  });

  it("validates card, progress and idle_message", () => {
    expect(parse("card=spotify").card).toBe("spotify");
    rejects("card=banner", "card");
    for (const p of ["full", "bar", "none"]) expect(parse(`progress=${p}`).progress).toBe(p);
    rejects("progress=half", "progress");
    expect(parse("idle_message=Touching%20grass%20🌱").idleMessage).toBe("Touching grass 🌱");
    rejects(`idle_message=${"x".repeat(101)}`, "idle_message");
  });

  it("refuses a repeated option and ignores unknown option names", () => {
    rejects("theme=dark&theme=light", "theme");
    expect(parse("utm_source=readme").theme).toBe("dark");
  });
});
