import { afterEach, describe, expect, it, vi } from "vitest";
import { createGuildTracker, type GuildTracker } from "./guild-tracker.ts";

// The tracker's member count is read by every `/health`, `/metrics` and SSE open: it must stay
// right as members come and go, and cost nothing per member to read (at 50,000 members, counting
// them made each `/health` take ≈10 ms of CPU).
describe("guild tracker: member count", () => {
  afterEach(() => void vi.restoreAllMocks());

  function _tracker() {
    const removed: string[] = [];
    const tracker = createGuildTracker({ sync() {}, remove: (id) => void removed.push(id) });
    return { tracker, removed };
  }

  function _guild(tracker: GuildTracker, id: string, userIds: string[]) {
    const members = userIds.map((u) => ({ user: { id: u, username: `u${u}` } }));
    tracker.handle({ t: "GUILD_CREATE", d: { id, members, presences: [], large: false } });
  }

  it("counts a member of several guilds once, until they leave the last one", () => {
    const { tracker, removed } = _tracker();
    _guild(tracker, "g1", ["1", "2", "3"]);
    _guild(tracker, "g2", ["3", "4"]);
    expect([tracker.guilds, tracker.members]).toEqual([2, 4]);
    tracker.handle({ t: "GUILD_MEMBER_REMOVE", d: { guild_id: "g1", user: { id: "3" } } });
    expect(tracker.members).toBe(4);
    tracker.handle({ t: "GUILD_MEMBER_REMOVE", d: { guild_id: "g2", user: { id: "3" } } });
    expect(tracker.members).toBe(3);
    expect(removed).toEqual(["3"]);
    // Leaving twice, or a guild one was never in, changes nothing.
    tracker.handle({ t: "GUILD_MEMBER_REMOVE", d: { guild_id: "g2", user: { id: "3" } } });
    tracker.handle({ t: "GUILD_MEMBER_REMOVE", d: { guild_id: "g2", user: { id: "1" } } });
    expect(tracker.members).toBe(3);
    tracker.handle({ t: "GUILD_MEMBER_ADD", d: { guild_id: "g2", user: { id: "5", username: "u5" } } });
    tracker.handle({ t: "PRESENCE_UPDATE", d: { guild_id: "g2", user: { id: "1" }, status: "online" } });
    expect(tracker.members).toBe(4);
  });

  it("stays right when a guild is deleted and when a member sync prunes", () => {
    const { tracker, removed } = _tracker();
    _guild(tracker, "g1", ["1", "2", "3"]);
    _guild(tracker, "g2", ["3", "4"]);
    tracker.handle({ t: "GUILD_DELETE", d: { id: "g2" } });
    expect([tracker.guilds, tracker.members]).toEqual([1, 3]);
    expect(removed).toEqual(["4"]);
    // An outage is not a departure.
    tracker.handle({ t: "GUILD_DELETE", d: { id: "g1", unavailable: true } });
    expect(tracker.members).toBe(3);

    const sync = tracker.beginSync("g1");
    tracker.handle({ t: "GUILD_MEMBERS_CHUNK", d: { guild_id: "g1", members: [{ user: { id: "1" } }, { user: { id: "6" } }] } });
    sync.finish();
    expect(tracker.members).toBe(2);
    expect(removed.sort()).toEqual(["2", "3", "4"]);
    _guild(tracker, "g2", ["2", "6"]);
    expect(tracker.members).toBe(3);
  });

  it("reads the count without going through the members", () => {
    const { tracker } = _tracker();
    _guild(tracker, "g1", Array.from({ length: 1000 }, (_, i) => String(i)));
    _guild(tracker, "g2", Array.from({ length: 1000 }, (_, i) => String(i + 500)));
    const add = vi.spyOn(Set.prototype, "add");
    const has = vi.spyOn(Set.prototype, "has");
    // Spying itself uses a Set: only the calls made while reading count.
    const before = add.mock.calls.length + has.mock.calls.length;
    const count = tracker.members;
    const calls = add.mock.calls.length + has.mock.calls.length - before;
    vi.restoreAllMocks();
    expect([count, calls]).toEqual([1500, 0]);
  });
});
