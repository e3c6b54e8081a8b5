/**
 * Discord Gateway v10 constants the simulator speaks: opcodes, intents and close codes.
 * Values match discord-api-types so an unmodified discord.js client understands every frame.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes
 */

/** Gateway opcodes (`op` of every frame). */
export const opcodes = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Gateway intent bits; only the ones the simulator gates on are documented individually. */
export const intents = {
  /** GUILD_CREATE / GUILD_DELETE after startup. */
  Guilds: 1 << 0,
  /** Privileged. GUILD_MEMBER_ADD / UPDATE / REMOVE and requesting the full member list. */
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  /** Privileged. PRESENCE_UPDATE, presences in GUILD_CREATE and member chunks. */
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  /** Privileged on Discord; the simulator always allows it (it sends no messages). */
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

/** One bit past the highest intent Discord defines; anything at or above it is invalid (4013). */
export const INTENTS_LIMIT = 1 << 26;

/** Gateway close codes the simulator sends. */
export const closeCodes = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  RateLimited: 4008,
  SessionTimedOut: 4009,
  InvalidShard: 4010,
  ShardingRequired: 4011,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

/** The close reason Discord sends with each code (also used by `drop({ mode: "close" })`). */
export const CLOSE_REASONS: Readonly<Record<number, string>> = {
  1000: "Normal closure",
  4000: "Unknown error",
  4001: "Unknown opcode",
  4002: "Error while decoding payload",
  4003: "Not authenticated",
  4004: "Authentication failed",
  4005: "Already authenticated",
  4007: "Invalid seq",
  4008: "Rate limited",
  4009: "Session timed out",
  4010: "Invalid shard",
  4011: "Sharding required",
  4012: "Invalid API version",
  4013: "Invalid intent(s)",
  4014: "Disallowed intent(s)",
};

/** The shard that owns a guild, by Discord's formula `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
