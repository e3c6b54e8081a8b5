/**
 * The simulator's public types. `index.ts` re-exports them; import from there.
 * @see README.md#the-discord-simulator
 */
import type { EventEmitter } from "node:events";
import type { RawPresence, RawUser } from "../presence/types.ts";
import type { SimMessage } from "./messages.ts";

export type { SimChannel, SimMessage } from "./messages.ts";

/** Options of `createSimulator`. */
export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Host name put in the URLs it hands out (gateway, CDN), e.g. a compose service name. @default host, or 127.0.0.1 for a wildcard */
  publicHost?: string;
  /** Add the scripted demo personas as members. @default true */
  personas?: boolean;
  /** Run the script timers (tracks advance, the cycler cycles). @default false */
  script?: boolean;
  /** Demo guilds; the personas are in the first, two of them also in the second. @default 1 */
  guilds?: number;
  /** Generated filler members (ids deterministic), spread over the guilds. @default 0 */
  members?: number;
  /** Which filler members start online: all, none or the first N. @default "all" */
  online?: "all" | "none" | number;
  /** HELLO's `heartbeat_interval` in milliseconds. @default 41250 */
  heartbeatInterval?: number;
  /** When set, IDENTIFY/RESUME with another token closes 4004 and REST answers 401. */
  token?: string;
  /** Which privileged intents the bot may use; others close 4014. @default both true */
  privilegedIntents?: { presences?: boolean; members?: boolean };
  /** How long a disconnected session stays resumable, in milliseconds. @default 120000 */
  sessionTimeoutMs?: number;
  /** `shards` recommended by `GET /gateway/bot`. @default 1 */
  shards?: number;
  /** The script's clock (tests inject one to jump past a track's end). @default Date.now */
  now?: () => number;
  /** How often the script checks its clock, in milliseconds. @default 1000 */
  scriptTickMs?: number;
}

/** Counters of everything the simulator served. */
export interface SimulatorStats {
  connections: number;
  identifies: number;
  resumes: number;
  dispatches: number;
  heartbeats: number;
  /** Every REST hit (the last 10,000). */
  rest: Array<{ method: string; path: string; status: number }>;
}

/** Events of the simulator's EventEmitter. */
export interface SimulatorEventMap {
  connection: [{ remoteAddress: string | undefined }];
  identify: [{ sessionId: string; shard: [number, number]; intents: number }];
  /** After READY and every GUILD_CREATE of the session were sent. */
  ready: [{ sessionId: string; shard: [number, number] }];
  resume: [{ sessionId: string; replayed: number }];
  /** `code` is the close code the simulator sent, else the one the client sent (1006: none). */
  disconnect: [{ code: number; sessionId: string | null }];
  "request-members": [{ guildId: string; nonce: string | undefined }];
  /** Every message posted in a DM channel: a user's (`sendDirectMessage`) or the bot's reply. */
  message: [SimMessage];
}

/** How `drop` disconnects every live connection. */
export interface DropOptions {
  /**
   * close: close frame; terminate: TCP reset; reconnect: op 7; invalidate: op 9.
   * @default "close"
   */
  mode?: "close" | "terminate" | "reconnect" | "invalidate";
  /** Close code for `mode: "close"`. @default 4000 */
  code?: number;
  /** false forgets the sessions (and is op 9's `d` for invalidate). @default true */
  resumable?: boolean;
}

/** A running simulator. */
export interface Simulator extends EventEmitter<SimulatorEventMap> {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/api`; discord.js appends `/v10` itself. */
  apiUrl: string;
  /** `ws://127.0.0.1:PORT`, no query and no trailing slash. */
  gatewayUrl: string;
  /** `${url}/cdn`: Discord-CDN-shaped paths with generated images. */
  cdnUrl: string;
  /** `${url}/spotify/image`: album art for `${spotifyImageUrl}/<id>`. */
  spotifyImageUrl: string;
  bot: RawUser;
  guildIds: string[];
  /** false stops answering heartbeats with op 11 (zombie-connection tests). @default true */
  ackHeartbeats: boolean;
  stats: SimulatorStats;
  /**
   * Merges `presence` into the user's presence and dispatches PRESENCE_UPDATE in every guild
   * they share with the bot. `user` sends the full user object instead of `{ id }`.
   * @throws when the user is not a member of any guild.
   */
  setPresence(userId: string, presence: Partial<RawPresence>, opts?: { user?: RawUser }): void;
  /** GUILD_MEMBER_ADD (+ PRESENCE_UPDATE when `presence` is given). Default guild: the first. */
  addMember(user: RawUser, opts?: { guildId?: string; presence?: RawPresence }): void;
  /** GUILD_MEMBER_REMOVE from one guild, or every guild when none is given. */
  removeMember(userId: string, opts?: { guildId?: string }): void;
  /** Adds a role to a guild (default: the first) and dispatches GUILD_ROLE_CREATE; returns it. */
  createRole(name: string, opts?: { guildId?: string }): { id: string; name: string };
  /**
   * Replaces a member's roles in one guild (default: the first) and dispatches
   * GUILD_MEMBER_UPDATE. @throws for a non-member or a role the guild does not have.
   */
  setMemberRoles(userId: string, roleIds: string[], opts?: { guildId?: string }): void;
  /** Stores the changed user and dispatches GUILD_MEMBER_UPDATE in each shared guild. */
  updateUser(user: RawUser): void;
  /**
   * `userId` DMs the bot: opens the DM channel if needed and dispatches MESSAGE_CREATE (no
   * `guild_id`) to shard 0's sessions with DIRECT_MESSAGES. Returns the message.
   * @throws when the user is not a member of any guild.
   */
  sendDirectMessage(userId: string, content: string): SimMessage;
  /** Every message of a channel, oldest first, the bot's replies included (the last 1000). */
  messages(channelId: string): SimMessage[];
  /** The id of the DM channel between the bot and `userId`, opened if needed. */
  dmChannel(userId: string): string;
  /** Disconnects every live connection. */
  drop(opts?: DropOptions): void;
  /** Writes `count` pre-serialized PRESENCE_UPDATEs as fast as the sockets drain. */
  flood(opts: { count: number; userIds?: string[] }): Promise<{ sent: number; ms: number }>;
  member(userId: string): RawUser | undefined;
  presence(userId: string): RawPresence | undefined;
  /** Members of one guild or of all guilds, the bot included. */
  members(guildId?: string): RawUser[];
  /** Closes every socket and the server; idempotent. */
  close(): Promise<void>;
}
