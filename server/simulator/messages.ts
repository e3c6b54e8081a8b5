/**
 * Direct messages: DM channels between the bot and a user, MESSAGE_CREATE for what users send,
 * and a log of every message (the bot's replies included) so tests can read what the bot said.
 * DMs are not guild events: Discord sends them to shard 0, to sessions with DIRECT_MESSAGES.
 */
import type { RawUser } from "../presence/types.ts";
import { errorCodes, SimulatorError } from "./errors.ts";
import { toSnowflake } from "./internal/snowflake.ts";
import { intents } from "./protocol.ts";
import type { SessionStore } from "./sessions.ts";
import type { World } from "./world.ts";

/** A DM channel object (type 1), as `POST /users/@me/channels` answers it. */
export interface SimChannel {
  id: string;
  type: 1;
  last_message_id: string | null;
  recipients: RawUser[];
}

/** A message object as Discord sends it (the fields discord.js reads). */
export interface SimMessage {
  id: string;
  channel_id: string;
  author: RawUser;
  content: string;
  timestamp: string;
  edited_timestamp: null;
  tts: false;
  mention_everyone: false;
  mentions: RawUser[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: unknown[];
  pinned: false;
  type: 0 | 19;
  flags: number;
  components: unknown[];
  message_reference?: { message_id: string; channel_id: string };
}

/** What the messaging side of the simulator does; see `Simulator` in `types.ts`. */
export type Messages = ReturnType<typeof createMessages>;

/** Binds DM channels and the message log to a world and its sessions. */
export function createMessages(
  world: World,
  sessions: SessionStore,
  emit: (message: SimMessage) => void,
  now: () => number = Date.now,
) {
  const byUser = new Map<string, SimChannel>();
  const channels = new Map<string, SimChannel>();
  const log = new Map<string, SimMessage[]>();
  let increment = 0;

  function _post(channel: SimChannel, author: RawUser, content: string, replyTo?: string): SimMessage {
    const at = now();
    const message: SimMessage = {
      id: toSnowflake(at, increment++),
      channel_id: channel.id,
      author,
      content,
      timestamp: new Date(at).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: replyTo ? 19 : 0,
      flags: 0,
      components: [],
      ...(replyTo && { message_reference: { message_id: replyTo, channel_id: channel.id } }),
    };
    channel.last_message_id = message.id;
    let list = log.get(channel.id);
    if (!list) log.set(channel.id, (list = []));
    list.push(message);
    if (list.length > 1000) list.shift();
    // Discord echoes every message, the bot's own included; clients ignore their own. The
    // gateway adds `channel_type`, which discord.js needs to build a DM channel it never saw.
    const d = JSON.stringify({ ...message, channel_type: channel.type });
    for (const session of sessions.all()) {
      if (session.shard[0] === 0 && (session.intents & intents.DirectMessages) !== 0) {
        sessions.dispatchJson(session, "MESSAGE_CREATE", d);
      }
    }
    emit(message);
    return message;
  }

  const messages = {
    /** The DM channel with `userId`, created on first use. */
    openDm(userId: string): SimChannel {
      const existing = byUser.get(userId);
      if (existing) return existing;
      const user = world.user(userId);
      if (!user || userId === world.bot.id) {
        throw new SimulatorError(errorCodes.UnknownUser, `Unknown user ${userId}`, 404);
      }
      const channel: SimChannel = {
        id: toSnowflake(now(), increment++),
        type: 1,
        last_message_id: null,
        recipients: [user],
      };
      byUser.set(userId, channel);
      channels.set(channel.id, channel);
      return channel;
    },
    channel: (channelId: string): SimChannel | undefined => channels.get(channelId),
    /** `userId` sends `content` to the bot in their DM channel. */
    sendDirectMessage(userId: string, content: string): SimMessage {
      const channel = messages.openDm(userId);
      return _post(channel, channel.recipients[0], content);
    },
    /** The bot posts in a channel (what `POST /channels/:id/messages` does). */
    botPost(channelId: string, content: string, replyTo?: string): SimMessage | undefined {
      const channel = channels.get(channelId);
      return channel && _post(channel, world.bot, content, replyTo);
    },
    /** Every message of a channel, oldest first (the last 1000). */
    messages: (channelId: string): SimMessage[] => [...(log.get(channelId) ?? [])],
  };
  return messages;
}
