import { describe, expect, it } from "vitest";
import { CLIENT_PLATFORMS, toClients, toDiscordStatus } from "./status.ts";

describe("toDiscordStatus", () => {
  it.each(["online", "idle", "dnd", "offline"] as const)("keeps %s", (status) => {
    expect(toDiscordStatus(status)).toBe(status);
  });

  it("serves invisible as offline", () => {
    expect(toDiscordStatus("invisible")).toBe("offline");
  });

  it.each([["away"], ["ONLINE"], [""], [null], [undefined]])("serves %j as offline", (raw) => {
    expect(toDiscordStatus(raw)).toBe("offline");
  });
});

describe("toClients", () => {
  it("lists present keys in the fixed order, whatever the input order", () => {
    expect(toClients({ vr: "online", web: "idle", mobile: "dnd", desktop: "online" })).toEqual({
      active: ["desktop", "mobile", "web", "vr"],
      primary: "desktop",
    });
  });

  it("counts a key as present whatever its value", () => {
    expect(toClients({ mobile: "offline" })).toEqual({ active: ["mobile"], primary: "mobile" });
    expect(toClients({ embedded: "" })).toEqual({ active: ["embedded"], primary: "embedded" });
  });

  it("gives no primary without clients", () => {
    expect(toClients({})).toEqual({ active: [], primary: null });
    expect(toClients(undefined)).toEqual({ active: [], primary: null });
  });

  it("ignores unknown platforms", () => {
    const status = { console: "online", desktop: "online" } as Record<string, string>;
    expect(toClients(status)).toEqual({ active: ["desktop"], primary: "desktop" });
  });

  it("has the documented priority order", () => {
    expect(CLIENT_PLATFORMS).toEqual(["desktop", "mobile", "web", "embedded", "vr"]);
  });
});
