import { describe, expect, it } from "vitest";
import { nextLastSeen } from "./last-seen.ts";

const NOW = 1_767_862_082_571;
const BEFORE = 1_767_000_000_000;

describe("nextLastSeen", () => {
  it("is now when a user comes online", () => {
    expect(nextLastSeen({ status: "offline", last_seen: BEFORE }, "online", NOW)).toBe(NOW);
    expect(nextLastSeen({ status: null, last_seen: null }, "dnd", NOW)).toBe(NOW);
  });

  it("moves on every non-offline change", () => {
    expect(nextLastSeen({ status: "online", last_seen: BEFORE }, "online", NOW)).toBe(NOW);
    expect(nextLastSeen({ status: "online", last_seen: BEFORE }, "idle", NOW)).toBe(NOW);
  });

  it("is now at the transition to offline: the moment they were last seen", () => {
    expect(nextLastSeen({ status: "dnd", last_seen: BEFORE }, "offline", NOW)).toBe(NOW);
    expect(nextLastSeen({ status: "idle", last_seen: BEFORE }, null, NOW)).toBe(NOW);
  });

  it("stays put while offline", () => {
    expect(nextLastSeen({ status: "offline", last_seen: BEFORE }, "offline", NOW)).toBe(BEFORE);
    expect(nextLastSeen({ status: null, last_seen: null }, "offline", NOW)).toBeNull();
  });

  it("treats invisible and unknown statuses as offline", () => {
    expect(nextLastSeen({ status: "invisible", last_seen: BEFORE }, "invisible", NOW)).toBe(BEFORE);
    expect(nextLastSeen({ status: "online", last_seen: BEFORE }, "invisible", NOW)).toBe(NOW);
    expect(nextLastSeen({ status: "away", last_seen: BEFORE }, "offline", NOW)).toBe(BEFORE);
  });
});
