import type { ConsentMode } from "../config-consent.ts";
import type { Hub, StateDiff } from "../presence/hub.ts";
import type { GatewayPacket } from "../source/guild-tracker.ts";
import type { PresenceSink } from "../source/source.ts";
import type { ConsentChoices } from "./choices.ts";
import { createRoleTracker } from "./roles.ts";

/** Options of {@link createConsentGate}. */
export interface ConsentGateOptions {
  hub: Hub;
  choices: ConsentChoices;
  /** @default "guild" */
  mode?: ConsentMode;
  /** Servers whose dispatches count; `undefined`: every server. */
  guildIds?: string[];
  /** With `mode: "role"`: members holding one of these are public. */
  roleIds?: string[];
}

/**
 * The one place that decides whether a user is public. It sits between the Gateway and the hub
 * (on the process that writes the hub), so every route, transport and api process follows it
 * through the hub's ordinary changes: a user who is not public is never synced (and so never
 * stored), and one who stops being public is removed as a member who leaves is.
 */
export interface ConsentGate {
  /** Wraps the sink a source writes to: writes of users who are not public are held back. */
  wrap(sink: PresenceSink): PresenceSink;
  /**
   * Runs `next` (the guild tracker) for a dispatch of a server that counts, and applies role
   * changes it carries; `false` for a dispatch that is ignored (a server not in `GUILD_IDS`).
   */
  handle(packet: GatewayPacket, next: (packet: GatewayPacket) => void): boolean;
  /** Whether the user may be served now. */
  allows(userId: string): boolean;
  /**
   * Applies a changed decision (a choice was stored): serves the user from what was held back, or
   * removes them (with their presence) from the hub. Resolves once the hub has stored it.
   */
  reconsider(userId: string): Promise<void>;
}

/**
 * Creates the gate.
 * @example
 * const gate = createConsentGate({ hub, choices, mode: "role", roleIds: ["1234…"] });
 * createDiscordSource({ token, gate });
 * @see README.md#privacy-and-consent
 */
export function createConsentGate(options: ConsentGateOptions): ConsentGate {
  const { hub, choices, mode = "guild", guildIds, roleIds = [] } = options;
  const counted = guildIds && new Set(guildIds);
  const roles = createRoleTracker(roleIds);
  // The latest raw state of members who are not public, in memory only, so a user who becomes
  // public (a role, `.optin`) is served at once instead of at their next presence update.
  const held = new Map<string, StateDiff>();
  let sink: PresenceSink = hub;

  function allows(userId: string): boolean {
    const choice = choices.get(userId);
    if (choice === "out") return false;
    if (mode === "opt-in") return choice === "in";
    if (mode === "role") return roles.holds(userId);
    return true;
  }

  function _hold(userId: string, diff: StateDiff) {
    const prev = held.get(userId) ?? {};
    const user = diff.user && diff.user.username !== undefined ? diff.user : (prev.user ?? diff.user);
    const presence = diff.presence === undefined ? prev.presence : diff.presence;
    held.set(userId, { user, ...(presence !== undefined && { presence }) });
  }

  function _serve(userId: string, diff: StateDiff) {
    const before = held.get(userId);
    held.delete(userId);
    // A user forgotten earlier continues after their last version, so processes that saw it
    // accept the new record.
    const floor = choices.floor(userId);
    if (floor > 0 && !hub.record(userId)) {
      const state = { user: { id: userId }, presence: null, kv: {}, last_seen: null, updated_at: Date.now() };
      hub.apply(userId, { state, version: floor, monitored: false });
    }
    if (!before) return sink.sync(userId, diff);
    const presence = diff.presence === undefined ? before.presence : diff.presence;
    const user = diff.user?.username !== undefined ? diff.user : before.user;
    return sink.sync(userId, { ...(user && { user }), ...(presence !== undefined && { presence }) });
  }

  /** Moves a served user's raw state into `held` and removes them from the hub. */
  function _withdraw(userId: string) {
    const record = hub.record(userId);
    if (record) _hold(userId, { user: record.state.user, presence: record.state.presence });
    return hub.remove(userId, { scrub: true });
  }

  async function reconsider(userId: string) {
    if (allows(userId)) {
      const diff = held.get(userId);
      if (diff) _serve(userId, diff);
    } else await _withdraw(userId);
    await hub.flush();
  }

  return {
    wrap(downstream) {
      sink = downstream;
      return {
        sync(userId, diff) {
          if (allows(userId)) return _serve(userId, diff);
          _hold(userId, diff);
          if (hub.has(userId)) return _withdraw(userId);
          return undefined;
        },
        // A served user's unchanged listing is skipped as without the gate; one who is not
        // served goes through sync so their held state stays current.
        holds(userId, diff) {
          return allows(userId) && sink.holds?.(userId, diff) === true;
        },
        remove(userId) {
          held.delete(userId);
          roles.forget(userId);
          return sink.remove(userId);
        },
      };
    },
    handle(packet, next) {
      const d = packet.d;
      const guildId = packet.t === "GUILD_CREATE" || packet.t === "GUILD_DELETE" ? d?.id : d?.guild_id;
      if (counted && typeof guildId === "string" && !counted.has(guildId)) return false;
      const changed = mode === "role" ? roles.handle(packet) : [];
      next(packet);
      // The tracker syncs members it knows; a role lost in one server by a member of another, or
      // gained without a sync, is applied here.
      for (const id of changed) {
        const diff = held.get(id);
        if (!allows(id)) hub.has(id) && void _withdraw(id);
        else if (diff) _serve(id, diff);
      }
      return true;
    },
    allows,
    reconsider,
  };
}
